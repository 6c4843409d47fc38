package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * batch/v1 as a v1.33 API server treats it. A Job gets completions/parallelism 1 (completions only when neither is
 * given), backoffLimit 6 (the int32 maximum with backoffLimitPerIndex), completionMode NonIndexed, suspend and
 * manualSelector false, podReplacementPolicy TerminatingOrFailed (Failed with a podFailurePolicy), its labels from
 * the template when it has none, and at creation a selector on its own uid with matching template labels
 * ({@link #generateSelector}). A CronJob gets concurrencyPolicy, suspend and history limits; its job template gets
 * only the nested defaults (pod spec, pod failure policy patterns), not the Job-level ones. The pod template's
 * restartPolicy is defaulted to Always as for any pod spec, which a Job then fails validation with, as on a
 * cluster. Stateless.
 */
final class JobDefaults {

    /** The labels a generated selector writes into the pod template: current and legacy spellings. */
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    private static final String LEGACY_CONTROLLER_UID = "controller-uid";
    private static final String LEGACY_JOB_NAME = "job-name";

    private JobDefaults() {
    }

    /** Defaults a Job (create and update). */
    static void job(Map<String, Object> object, Map<String, Object> spec) {
        if (spec.get("completions") == null && spec.get("parallelism") == null) {
            spec.put("completions", 1L);
            spec.put("parallelism", 1L);
        }
        spec.putIfAbsent("parallelism", 1L);
        if (spec.get("backoffLimit") == null) {
            spec.put("backoffLimit", spec.get("backoffLimitPerIndex") != null ? (long) Integer.MAX_VALUE : 6L);
        }
        spec.putIfAbsent("completionMode", "NonIndexed");
        spec.putIfAbsent("suspend", false);
        spec.putIfAbsent("podReplacementPolicy", spec.get("podFailurePolicy") != null ? "Failed"
                : "TerminatingOrFailed");
        spec.putIfAbsent("manualSelector", false);
        jobSpec(spec);
        Map<String, Object> templateLabels = templateLabels(spec, false);
        Map<String, Object> labels = Trees.map(Trees.meta(object), "labels");
        if (templateLabels != null && (labels == null || labels.isEmpty())) {
            Trees.meta(object).put("labels", new LinkedHashMap<>(templateLabels));
        }
    }

    /** Defaults a CronJob (create and update). */
    static void cronJob(Map<String, Object> spec) {
        if (Trees.string(spec, "concurrencyPolicy").isEmpty()) {
            spec.put("concurrencyPolicy", "Allow");
        }
        spec.putIfAbsent("suspend", false);
        spec.putIfAbsent("successfulJobsHistoryLimit", 3L);
        spec.putIfAbsent("failedJobsHistoryLimit", 1L);
        Map<String, Object> jobTemplate = Trees.map(spec, "jobTemplate");
        if (jobTemplate != null) {
            Trees.mapOrCreate(jobTemplate, "metadata").putIfAbsent("creationTimestamp", null);
            Map<String, Object> jobSpec = Trees.map(jobTemplate, "spec");
            if (jobSpec != null) {
                jobSpec(jobSpec);
            }
        }
    }

    /** The defaults of the structures nested in any job spec. */
    private static void jobSpec(Map<String, Object> spec) {
        for (Map<String, Object> rule : maps(Trees.list(Trees.map(spec, "podFailurePolicy"), "rules"))) {
            for (Map<String, Object> pattern : maps(Trees.list(rule, "onPodConditions"))) {
                if (Trees.string(pattern, "status").isEmpty()) {
                    pattern.put("status", "True");
                }
            }
        }
        PodDefaults.template(spec);
    }

    /**
     * What a Job gets once it has a uid, unless {@code spec.manualSelector} is true: the template labels
     * {@code batch.kubernetes.io/job-name}/{@code job-name} (its name) and
     * {@code batch.kubernetes.io/controller-uid}/{@code controller-uid} (its uid), each unless already set, and
     * {@code spec.selector.matchLabels} with the controller uid. A Job without labels of its own then shows the
     * template's labels, generated ones included (on a server the defaulted labels share the template's map, or
     * are defaulted again when read back). A Job whose own labels equal its template's user labels is taken as
     * one whose labels were defaulted; that is the one case this can tell apart less precisely than a server.
     * Labels the user set to other values are kept (the server's validation would reject the mismatch).
     */
    static void generateSelector(Map<String, Object> job) {
        Map<String, Object> spec = Trees.map(job, "spec");
        if (spec == null || Boolean.TRUE.equals(spec.get("manualSelector"))) {
            return;
        }
        String name = Trees.metaString(job, "name");
        String uid = Trees.metaString(job, "uid");
        Map<String, Object> labels = templateLabels(spec, true);
        if (labels == null) {
            return;
        }
        for (String key : List.of(LEGACY_JOB_NAME, JOB_NAME)) {
            labels.putIfAbsent(key, name);
        }
        for (String key : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
            labels.putIfAbsent(key, uid);
        }
        Trees.mapOrCreate(Trees.mapOrCreate(spec, "selector"), "matchLabels").putIfAbsent(CONTROLLER_UID, uid);
        Map<String, Object> own = Trees.map(Trees.meta(job), "labels");
        if (own == null || own.isEmpty() || own.equals(withoutGenerated(labels))) {
            Trees.meta(job).put("labels", new LinkedHashMap<>(labels));
        }
    }

    private static Map<String, Object> withoutGenerated(Map<String, Object> labels) {
        Map<String, Object> out = new LinkedHashMap<>(labels);
        List.of(LEGACY_JOB_NAME, JOB_NAME, LEGACY_CONTROLLER_UID, CONTROLLER_UID).forEach(out::remove);
        return out;
    }

    private static Map<String, Object> templateLabels(Map<String, Object> spec, boolean create) {
        Map<String, Object> template = Trees.map(spec, "template");
        if (template == null) {
            return null;
        }
        Map<String, Object> meta = create ? Trees.mapOrCreate(template, "metadata") : Trees.map(template, "metadata");
        return create ? Trees.mapOrCreate(meta, "labels") : Trees.map(meta, "labels");
    }
}

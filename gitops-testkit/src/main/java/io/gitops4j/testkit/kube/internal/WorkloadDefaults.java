package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The v1.33 defaults of the replicated workloads: Deployment, StatefulSet, DaemonSet, ReplicaSet (apps/v1) and
 * ReplicationController (v1), pod templates included. Only absent fields are set. Stateless.
 */
final class WorkloadDefaults {

    private WorkloadDefaults() {
    }

    /** Defaults one apps/v1 object by its resource name; other resources are left alone. */
    static void apps(String plural, Map<String, Object> spec) {
        switch (plural) {
            case "deployments" -> deployment(spec);
            case "statefulsets" -> statefulSet(spec);
            case "daemonsets" -> daemonSet(spec);
            case "replicasets" -> {
                spec.putIfAbsent("replicas", 1L);
                PodDefaults.template(spec);
            }
            default -> {
            }
        }
    }

    /**
     * A ReplicationController: replicas 1, and a selector and labels taken from the template's labels when they
     * are missing (the only workload that still defaults its selector).
     */
    static void replicationController(Map<String, Object> object, Map<String, Object> spec) {
        spec.putIfAbsent("replicas", 1L);
        Map<String, Object> templateLabels = Trees.map(Trees.map(Trees.map(spec, "template"), "metadata"),
                "labels");
        if (templateLabels != null && !templateLabels.isEmpty()) {
            Map<String, Object> selector = Trees.map(spec, "selector");
            if (selector == null || selector.isEmpty()) {
                spec.put("selector", new LinkedHashMap<>(templateLabels));
            }
            Map<String, Object> labels = Trees.map(Trees.meta(object), "labels");
            if (labels == null || labels.isEmpty()) {
                Trees.meta(object).put("labels", new LinkedHashMap<>(templateLabels));
            }
        }
        PodDefaults.template(spec);
    }

    private static void deployment(Map<String, Object> spec) {
        spec.putIfAbsent("replicas", 1L);
        Map<String, Object> strategy = Trees.mapOrCreate(spec, "strategy");
        if (Trees.string(strategy, "type").isEmpty()) {
            strategy.put("type", "RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.get("type"))) {
            Map<String, Object> rolling = Trees.mapOrCreate(strategy, "rollingUpdate");
            rolling.putIfAbsent("maxUnavailable", "25%");
            rolling.putIfAbsent("maxSurge", "25%");
        }
        spec.putIfAbsent("revisionHistoryLimit", 10L);
        spec.putIfAbsent("progressDeadlineSeconds", 600L);
        PodDefaults.template(spec);
    }

    /**
     * A StatefulSet. Unlike a Deployment, an explicit {@code updateStrategy.type: RollingUpdate} without
     * {@code rollingUpdate} gets no partition: the server only fills in the rolling update it creates itself.
     */
    private static void statefulSet(Map<String, Object> spec) {
        spec.putIfAbsent("replicas", 1L);
        if (Trees.string(spec, "podManagementPolicy").isEmpty()) {
            spec.put("podManagementPolicy", "OrderedReady");
        }
        Map<String, Object> strategy = Trees.mapOrCreate(spec, "updateStrategy");
        if (Trees.string(strategy, "type").isEmpty()) {
            strategy.put("type", "RollingUpdate");
            strategy.putIfAbsent("rollingUpdate", new LinkedHashMap<>());
        }
        Map<String, Object> rolling = Trees.map(strategy, "rollingUpdate");
        if ("RollingUpdate".equals(strategy.get("type")) && rolling != null) {
            rolling.putIfAbsent("partition", 0L);
        }
        spec.putIfAbsent("revisionHistoryLimit", 10L);
        Map<String, Object> retention = Trees.mapOrCreate(spec, "persistentVolumeClaimRetentionPolicy");
        retention.putIfAbsent("whenDeleted", "Retain");
        retention.putIfAbsent("whenScaled", "Retain");
        for (Map<String, Object> claim : maps(Trees.list(spec, "volumeClaimTemplates"))) {
            claim.putIfAbsent("apiVersion", "v1");
            claim.putIfAbsent("kind", "PersistentVolumeClaim");
            Trees.mapOrCreate(claim, "metadata").putIfAbsent("creationTimestamp", null);
            Map<String, Object> claimSpec = Trees.map(claim, "spec");
            if (claimSpec != null) {
                StorageDefaults.claimSpec(claimSpec);
            }
            Trees.mapOrCreate(claim, "status").putIfAbsent("phase", "Pending");
        }
        PodDefaults.template(spec);
    }

    private static void daemonSet(Map<String, Object> spec) {
        Map<String, Object> strategy = Trees.mapOrCreate(spec, "updateStrategy");
        if (Trees.string(strategy, "type").isEmpty()) {
            strategy.put("type", "RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.get("type"))) {
            Map<String, Object> rolling = Trees.mapOrCreate(strategy, "rollingUpdate");
            rolling.putIfAbsent("maxUnavailable", 1L);
            rolling.putIfAbsent("maxSurge", 0L);
        }
        spec.putIfAbsent("revisionHistoryLimit", 10L);
        PodDefaults.template(spec);
    }
}

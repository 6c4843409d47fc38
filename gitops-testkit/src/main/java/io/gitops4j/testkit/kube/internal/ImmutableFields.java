package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a v1.33 API server refuses to change on an update of a built-in object, with its fields and messages:
 * <ul>
 *   <li>Deployment, ReplicaSet, DaemonSet: {@code spec.selector: Invalid value: v1.LabelSelector{…}: field is
 *       immutable};</li>
 *   <li>StatefulSet: any spec field but replicas, ordinals, template, updateStrategy,
 *       persistentVolumeClaimRetentionPolicy and minReadySeconds ({@code spec: Forbidden: …});</li>
 *   <li>Job: selector, completionMode, completions (unless an Indexed Job keeps completions equal to parallelism)
 *       and the pod template (unless the Job is suspended and has not started, when its scheduling directives,
 *       labels and annotations may change);</li>
 *   <li>Service: allocated cluster IPs ({@code spec.clusterIPs[0]: … may not change once set}), except to or from
 *       ExternalName and between headless ones;</li>
 *   <li>PersistentVolumeClaim: the spec, except a first volumeName and, for a bound claim, resources.requests;</li>
 *   <li>Pod: the spec, except container and init container images, activeDeadlineSeconds and additions to
 *       tolerations;</li>
 *   <li>RoleBinding, ClusterRoleBinding: {@code roleRef} ({@code cannot change roleRef});</li>
 *   <li>StorageClass: parameters, provisioner, reclaimPolicy, volumeBindingMode.</li>
 * </ul>
 * Values are compared as the server's semantic equality does: an absent, null or empty collection is the same.
 * Where the server prints a whole Go struct dump (a Job's pod template) or a spec diff after its message (Pods,
 * claims), the fake prints an abbreviated value or only the message's first line. Stateless.
 */
final class ImmutableFields {

    private static final String IMMUTABLE = "field is immutable";
    private static final List<String> STATEFULSET_MUTABLE = List.of("replicas", "ordinals", "template",
            "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");
    private static final String STATEFULSET_FORBIDDEN = "Forbidden: updates to statefulset spec for fields other "
            + "than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' "
            + "and 'minReadySeconds' are forbidden";
    private static final String POD_FORBIDDEN = "Forbidden: pod updates may not change fields other than "
            + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
            + "(allow it to be set to 1 if it was previously negative)";
    private static final String CLAIM_FORBIDDEN = "Forbidden: spec is immutable after creation except "
            + "resources.requests for bound claims";
    private static final List<String> JOB_SCHEDULING = List.of("nodeSelector", "affinity", "tolerations",
            "schedulingGates");

    private ImmutableFields() {
    }

    /** The causes of an update of {@code old} into {@code now} (both defaulted); empty when it is allowed. */
    static List<Map<String, Object>> check(ResourceType type, Map<String, Object> old, Map<String, Object> now) {
        List<Map<String, Object>> causes = new ArrayList<>();
        Map<String, Object> was = Trees.map(old, "spec");
        Map<String, Object> is = Trees.map(now, "spec");
        switch (type.group() + "/" + type.plural()) {
            case "apps/deployments", "apps/replicasets", "apps/daemonsets" -> {
                if (!same(Trees.path(old, "spec.selector"), Trees.path(now, "spec.selector"))) {
                    causes.add(WorkloadValidation.invalid("spec.selector",
                            GoSyntax.labelSelector(Trees.map(is, "selector")), IMMUTABLE));
                }
            }
            case "apps/statefulsets" -> {
                if (!same(without(was, STATEFULSET_MUTABLE), without(is, STATEFULSET_MUTABLE))) {
                    causes.add(FakeKubeException.cause("FieldValueForbidden", STATEFULSET_FORBIDDEN, "spec"));
                }
            }
            case "batch/jobs" -> job(old, was, is, causes);
            case "/services" -> clusterIps(was, is, causes);
            case "/persistentvolumeclaims" -> claim(old, was, is, causes);
            case "/pods" -> pod(was, is, causes);
            case "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings" -> {
                if (!same(old.get("roleRef"), now.get("roleRef"))) {
                    causes.add(WorkloadValidation.invalid("roleRef", roleRef(Trees.map(now, "roleRef")),
                            "cannot change roleRef"));
                }
            }
            case "storage.k8s.io/storageclasses" -> storageClass(old, now, causes);
            default -> {
            }
        }
        return causes;
    }

    private static void job(Map<String, Object> old, Map<String, Object> was, Map<String, Object> is,
                            List<Map<String, Object>> causes) {
        if (was == null || is == null) {
            return;
        }
        if (!same(was.get("selector"), is.get("selector"))) {
            causes.add(WorkloadValidation.invalid("spec.selector",
                    GoSyntax.labelSelector(Trees.map(is, "selector")), IMMUTABLE));
        }
        Object template = is.get("template");
        boolean schedulingMutable = Boolean.TRUE.equals(was.get("suspend"))
                && Trees.path(old, "status.startTime") == null;
        if (schedulingMutable) {
            template = Trees.copy(template);
            if (template instanceof Map<?, ?>) {
                keepJobScheduling(Trees.map(was, "template"), cast(template));
            }
        }
        if (!same(was.get("template"), template)) {
            causes.add(WorkloadValidation.invalid("spec.template", "core.PodTemplateSpec{…}", IMMUTABLE));
        }
        boolean elastic = "Indexed".equals(is.get("completionMode")) && "Indexed".equals(was.get("completionMode"))
                && same(was.get("completions"), was.get("parallelism"))
                && same(is.get("completions"), is.get("parallelism"));
        if (!elastic && !same(was.get("completions"), is.get("completions"))) {
            causes.add(WorkloadValidation.invalid("spec.completions", String.valueOf(is.get("completions")),
                    IMMUTABLE));
        }
        if (!same(was.get("completionMode"), is.get("completionMode"))) {
            causes.add(WorkloadValidation.invalid("spec.completionMode", GoSyntax.quote(is.get("completionMode")),
                    IMMUTABLE));
        }
    }

    /** Copies the parts of a suspended Job's template that may change from {@code now} into place of the old. */
    private static void keepJobScheduling(Map<String, Object> oldTemplate, Map<String, Object> template) {
        Map<String, Object> oldSpec = Trees.map(oldTemplate, "spec");
        Map<String, Object> spec = Trees.map(template, "spec");
        if (spec != null) {
            for (String k : JOB_SCHEDULING) {
                putOrRemove(spec, k, oldSpec == null ? null : oldSpec.get(k));
            }
        }
        Map<String, Object> meta = Trees.map(template, "metadata");
        Map<String, Object> oldMeta = Trees.map(oldTemplate, "metadata");
        if (meta != null) {
            putOrRemove(meta, "labels", oldMeta == null ? null : oldMeta.get("labels"));
            putOrRemove(meta, "annotations", oldMeta == null ? null : oldMeta.get("annotations"));
        }
    }

    private static void clusterIps(Map<String, Object> was, Map<String, Object> is,
                                   List<Map<String, Object>> causes) {
        if (was == null || is == null || "ExternalName".equals(was.get("type"))
                || "ExternalName".equals(is.get("type"))
                || "None".equals(was.get("clusterIP")) && "None".equals(is.get("clusterIP"))) {
            return;
        }
        List<Object> before = Trees.list(was, "clusterIPs");
        List<Object> now = Trees.list(is, "clusterIPs");
        if (before == null || now == null) {
            return;
        }
        for (int i = 0; i < Math.min(before.size(), now.size()); i++) {
            if (!same(before.get(i), now.get(i))) {
                causes.add(WorkloadValidation.invalid("spec.clusterIPs[" + i + "]", GoSyntax.stringSlice(now),
                        "may not change once set"));
            }
        }
    }

    private static void claim(Map<String, Object> old, Map<String, Object> was, Map<String, Object> is,
                              List<Map<String, Object>> causes) {
        if (was == null || is == null) {
            return;
        }
        Map<String, Object> candidate = Trees.copy(is);
        if (Trees.string(was, "volumeName").isEmpty()) {
            putOrRemove(candidate, "volumeName", was.get("volumeName"));
        }
        if ("Bound".equals(Trees.path(old, "status.phase"))) {
            Map<String, Object> resources = Trees.map(candidate, "resources");
            if (resources != null) {
                putOrRemove(resources, "requests", Trees.path(was, "resources.requests"));
            }
        }
        if (!same(was, candidate)) {
            causes.add(FakeKubeException.cause("FieldValueForbidden", CLAIM_FORBIDDEN, "spec"));
        }
    }

    private static void pod(Map<String, Object> was, Map<String, Object> is, List<Map<String, Object>> causes) {
        if (was == null || is == null) {
            return;
        }
        Map<String, Object> candidate = Trees.copy(is);
        for (String containers : List.of("containers", "initContainers")) {
            List<Object> now = Trees.list(candidate, containers);
            List<Object> before = Trees.list(was, containers);
            if (now != null && before != null && now.size() == before.size()) {
                for (int i = 0; i < now.size(); i++) {
                    if (now.get(i) instanceof Map<?, ?> c && before.get(i) instanceof Map<?, ?> b) {
                        putOrRemove(cast(c), "image", b.get("image"));
                    }
                }
            }
        }
        putOrRemove(candidate, "activeDeadlineSeconds", was.get("activeDeadlineSeconds"));
        List<Object> tolerations = Trees.list(is, "tolerations");
        List<Object> oldTolerations = Trees.list(was, "tolerations");
        if (oldTolerations == null || tolerations != null && tolerations.containsAll(oldTolerations)) {
            putOrRemove(candidate, "tolerations", was.get("tolerations"));
        }
        if (!same(was, candidate)) {
            causes.add(FakeKubeException.cause("FieldValueForbidden", POD_FORBIDDEN, "spec"));
        }
    }

    private static void storageClass(Map<String, Object> old, Map<String, Object> now,
                                     List<Map<String, Object>> causes) {
        for (String field : List.of("parameters", "provisioner", "reclaimPolicy")) {
            if (!same(old.get(field), now.get(field))) {
                causes.add(FakeKubeException.cause("FieldValueForbidden",
                        "Forbidden: updates to " + field + " are forbidden.", field));
            }
        }
        if (!same(old.get("volumeBindingMode"), now.get("volumeBindingMode"))) {
            causes.add(WorkloadValidation.invalid("volumeBindingMode", GoSyntax.quote(now.get("volumeBindingMode")),
                    IMMUTABLE));
        }
    }

    private static String roleRef(Map<String, Object> ref) {
        return "rbac.RoleRef{APIGroup:" + GoSyntax.quote(Trees.string(ref, "apiGroup")) + ", Kind:"
                + GoSyntax.quote(Trees.string(ref, "kind")) + ", Name:" + GoSyntax.quote(Trees.string(ref, "name"))
                + "}";
    }

    private static Map<String, Object> without(Map<String, Object> spec, List<String> keys) {
        if (spec == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>(spec);
        keys.forEach(out::remove);
        return out;
    }

    private static void putOrRemove(Map<String, Object> map, String key, Object value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    /**
     * The server's semantic equality on JSON trees: absent, null and empty collections are the same; numbers by
     * value; maps by their entries in any order; lists in order.
     */
    static boolean same(Object a, Object b) {
        if (isNothing(a) || isNothing(b)) {
            return isNothing(a) && isNothing(b);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            for (Map.Entry<?, ?> e : y.entrySet()) {
                if (!x.containsKey(e.getKey()) && !isNothing(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return a.equals(b);
    }

    private static boolean isNothing(Object v) {
        return v == null || v instanceof Map<?, ?> m && m.isEmpty() || v instanceof List<?> l && l.isEmpty();
    }
}

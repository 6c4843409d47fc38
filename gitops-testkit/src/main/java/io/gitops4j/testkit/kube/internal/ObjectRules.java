package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.BuiltinTypes;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The per-kind rules the real API server's registry strategies apply on create and update: status handling for
 * kinds with a status subresource, which kinds track {@code generation}, Secret {@code stringData}, immutable
 * ConfigMaps/Secrets, namespace defaults. Stateless, thread-safe.
 */
final class ObjectRules {

    private static final Set<String> BUILTIN = new HashSet<>();
    private static final Set<String> TRACKS_GENERATION = Set.of("apps/deployments", "apps/statefulsets",
            "apps/daemonsets", "apps/replicasets", "batch/jobs", "batch/cronjobs", "networking.k8s.io/ingresses",
            "networking.k8s.io/networkpolicies", "policy/poddisruptionbudgets",
            "autoscaling/horizontalpodautoscalers", "apiextensions.k8s.io/customresourcedefinitions",
            "admissionregistration.k8s.io/mutatingwebhookconfigurations",
            "admissionregistration.k8s.io/validatingwebhookconfigurations", "/replicationcontrollers");

    static {
        for (ResourceType t : BuiltinTypes.all()) {
            BUILTIN.add(storage(t));
        }
    }

    private ObjectRules() {
    }

    /** The storage key of a type: every version of a group/resource shares one. */
    static String storage(ResourceType type) {
        return type.group() + "/" + type.plural();
    }

    static boolean isBuiltin(ResourceType type) {
        return BUILTIN.contains(storage(type));
    }

    static boolean isNamespaces(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("namespaces");
    }

    static boolean isCrd(ResourceType type) {
        return type.group().equals("apiextensions.k8s.io") && type.plural().equals("customresourcedefinitions");
    }

    static boolean isSecret(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("secrets");
    }

    /** Whether {@code metadata.generation} is maintained (custom resources always; some built-ins). */
    static boolean tracksGeneration(ResourceType type) {
        return !isBuiltin(type) || TRACKS_GENERATION.contains(storage(type));
    }

    /** Whether something outside metadata (and status, when it is a subresource) differs. */
    static boolean specChanged(ResourceType type, Map<String, Object> old, Map<String, Object> now) {
        Map<String, Object> a = new LinkedHashMap<>(old);
        Map<String, Object> b = new LinkedHashMap<>(now);
        for (String k : List.of("metadata", "apiVersion", "kind")) {
            a.remove(k);
            b.remove(k);
        }
        if (type.hasStatus()) {
            a.remove("status");
            b.remove("status");
        }
        return !a.equals(b);
    }

    /** Create-time rules: initial status, defaults, Secret folding. Mutates {@code object}. */
    static void prepareCreate(ResourceType type, Map<String, Object> object) {
        resetStatus(type, object);
        Defaults.apply(type, object, null);
        checkJobRestartPolicy(type, object);
        if (isNamespaces(type)) {
            Map<String, Object> spec = Trees.mapOrCreate(object, "spec");
            spec.put("finalizers", new ArrayList<>(List.of("kubernetes")));
            Trees.mapOrCreate(Trees.meta(object), "labels")
                    .put("kubernetes.io/metadata.name", Trees.metaString(object, "name"));
        }
        if (isSecret(type)) {
            foldStringData(object);
            if (Trees.string(object, "type").isEmpty()) {
                object.put("type", "Opaque");
            }
        }
    }

    /** The status a new object starts with when status is a subresource (writes to the main resource ignore it). */
    static void resetStatus(ResourceType type, Map<String, Object> object) {
        if (type.hasStatus()) {
            if (isBuiltin(type)) {
                object.put("status", initialStatus(type));
            } else {
                object.remove("status");
            }
        }
    }

    /** Update-time rules for a main-resource write. Mutates {@code now}. */
    static void prepareUpdate(ResourceType type, Map<String, Object> old, Map<String, Object> now) {
        Defaults.apply(type, now, old);
        checkJobRestartPolicy(type, now);
        if (storage(type).equals("/pods")) {
            PodAdmission.admitUpdate(now);
        }
        if (type.hasStatus()) {
            if (old.containsKey("status")) {
                now.put("status", Trees.copy(old.get("status")));
            } else {
                now.remove("status");
            }
        }
        if (isNamespaces(type)) {
            Map<String, Object> spec = Trees.mapOrCreate(now, "spec");
            Object finalizers = Trees.path(old, "spec.finalizers");
            if (finalizers != null) {
                spec.put("finalizers", Trees.copy(finalizers));
            } else {
                spec.remove("finalizers");
            }
            Trees.mapOrCreate(Trees.meta(now), "labels")
                    .put("kubernetes.io/metadata.name", Trees.metaString(now, "name"));
        }
        if (isSecret(type)) {
            foldStringData(now);
            if (Trees.string(now, "type").isEmpty()) {
                now.put("type", "Opaque");
            }
            String oldType = Trees.string(old, "type").isEmpty() ? "Opaque" : Trees.string(old, "type");
            if (!oldType.equals(now.get("type"))) {
                throw FakeKubeException.invalid(type, Trees.metaString(old, "name"), List.of(
                        ObjectValidator.invalid("type", Trees.string(now, "type"), "field is immutable")));
            }
        }
        checkImmutableData(type, old, now);
    }

    /**
     * The server's validation of a built-in object's spec on create ({@code old} null) and update: an apps/v1
     * workload's selector and template ({@link WorkloadValidation}), a Lease's duration and transitions ({@link
     * LeaseValidation}), and on update the fields that may not change
     * ({@link ImmutableFields}), all causes in one 422.
     */
    static void validateSpec(ResourceType type, Map<String, Object> old, Map<String, Object> now) {
        if (!isBuiltin(type)) {
            return;
        }
        List<Map<String, Object>> causes = new ArrayList<>(WorkloadValidation.check(type.group(), type.plural(),
                now));
        causes.addAll(LeaseValidation.check(type.group(), type.plural(), now));
        if (old != null) {
            causes.addAll(ImmutableFields.check(type, old, now));
        }
        if (!causes.isEmpty()) {
            throw FakeKubeException.invalid(type, Trees.metaString(now, "name"), causes);
        }
    }

    /** A {@code /status} write: everything from {@code old} except {@code status} from {@code now}. */
    static Map<String, Object> statusUpdate(Map<String, Object> old, Map<String, Object> now) {
        Map<String, Object> out = Trees.copy(old);
        if (now.containsKey("status")) {
            out.put("status", Trees.copy(now.get("status")));
        } else {
            out.remove("status");
        }
        Object managed = Trees.path(now, "metadata.managedFields");
        if (managed != null) {
            Trees.meta(out).put("managedFields", Trees.copy(managed));
        }
        return out;
    }

    /**
     * The status a new built-in object starts with: the zero values a server's status struct serializes (counters
     * without {@code omitempty}, embedded load balancer structs) and the phases set at creation.
     */
    private static Map<String, Object> initialStatus(ResourceType type) {
        Map<String, Object> status = new LinkedHashMap<>();
        switch (storage(type)) {
            case "/namespaces" -> status.put("phase", "Active");
            case "/pods", "/persistentvolumeclaims", "/persistentvolumes" -> status.put("phase", "Pending");
            case "/services", "networking.k8s.io/ingresses" -> status.put("loadBalancer", new LinkedHashMap<>());
            case "/replicationcontrollers", "apps/replicasets" -> status.put("replicas", 0L);
            case "apps/statefulsets" -> {
                status.put("replicas", 0L);
                status.put("availableReplicas", 0L);
            }
            case "apps/daemonsets" -> {
                for (String k : List.of("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled",
                        "numberReady")) {
                    status.put(k, 0L);
                }
            }
            case "policy/poddisruptionbudgets" -> {
                for (String k : List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods")) {
                    status.put(k, 0L);
                }
            }
            case "autoscaling/horizontalpodautoscalers" -> {
                if (type.version().equals("v1")) {
                    status.put("currentReplicas", 0L);
                }
                status.put("desiredReplicas", 0L);
            }
            default -> {
            }
        }
        return status;
    }

    private static void foldStringData(Map<String, Object> secret) {
        Map<String, Object> stringData = Trees.map(secret, "stringData");
        Map<String, Object> data = Trees.map(secret, "data");
        if (data != null) {
            for (Map.Entry<String, Object> e : data.entrySet()) {
                if (e.getValue() != null && !(e.getValue() instanceof String)) {
                    throw FakeKubeException.badRequest("Secret in version \"v1\" cannot be handled as a Secret: "
                            + "json: cannot unmarshal " + e.getValue().getClass().getSimpleName().toLowerCase()
                            + " into Go struct field Secret.data of type []uint8");
                }
                if (e.getValue() instanceof String s) {
                    try {
                        Base64.getDecoder().decode(s);
                    } catch (IllegalArgumentException bad) {
                        throw FakeKubeException.badRequest("Secret in version \"v1\" cannot be handled as a Secret: "
                                + "illegal base64 data in data key \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        if (stringData == null) {
            secret.remove("stringData");
            return;
        }
        Map<String, Object> target = Trees.mapOrCreate(secret, "data");
        for (Map.Entry<String, Object> e : stringData.entrySet()) {
            String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
            target.put(e.getKey(), Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        secret.remove("stringData");
    }

    /**
     * A Job's pods must not restart in place: its template (a CronJob's job template too) needs restartPolicy
     * OnFailure or Never, and one left out has been defaulted to Always by then, which the server rejects.
     */
    private static void checkJobRestartPolicy(ResourceType type, Map<String, Object> object) {
        String storage = storage(type);
        String path;
        Object policy;
        if (storage.equals("batch/jobs")) {
            path = "spec.template.spec.restartPolicy";
            policy = Trees.path(object, path);
        } else if (storage.equals("batch/cronjobs")) {
            path = "spec.jobTemplate.spec.template.spec.restartPolicy";
            policy = Trees.path(object, path);
        } else {
            return;
        }
        if (policy != null && !"OnFailure".equals(policy) && !"Never".equals(policy)) {
            throw FakeKubeException.invalid(type, Trees.metaString(object, "name"), List.of(FakeKubeException.cause(
                    "FieldValueNotSupported", "Unsupported value: \"" + policy + "\": supported values: "
                            + "\"OnFailure\", \"Never\"", path)));
        }
    }

    private static void checkImmutableData(ResourceType type, Map<String, Object> old, Map<String, Object> now) {
        boolean configMap = type.group().isEmpty() && type.plural().equals("configmaps");
        if (!configMap && !isSecret(type)) {
            return;
        }
        if (!Boolean.TRUE.equals(old.get("immutable"))) {
            return;
        }
        List<Map<String, Object>> causes = new ArrayList<>();
        if (!Objects.equals(old.get("data"), now.get("data"))) {
            causes.add(FakeKubeException.cause("FieldValueForbidden",
                    "Forbidden: field is immutable when `immutable` is set", "data"));
        }
        if (configMap && !Objects.equals(old.get("binaryData"), now.get("binaryData"))) {
            causes.add(FakeKubeException.cause("FieldValueForbidden",
                    "Forbidden: field is immutable when `immutable` is set", "binaryData"));
        }
        if (!Boolean.TRUE.equals(now.get("immutable"))) {
            causes.add(FakeKubeException.cause("FieldValueForbidden",
                    "Forbidden: field is immutable when `immutable` is set", "immutable"));
        }
        if (!causes.isEmpty()) {
            throw FakeKubeException.invalid(type, Trees.metaString(old, "name"), causes);
        }
    }
}

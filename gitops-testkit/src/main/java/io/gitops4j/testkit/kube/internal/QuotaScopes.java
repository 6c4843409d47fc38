package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which objects a ResourceQuota's {@code scopes} and {@code scopeSelector} let it count. An unscoped quota counts
 * everything in its namespace; the pod scopes ({@code Terminating}: {@code activeDeadlineSeconds} set,
 * {@code NotTerminating}, {@code BestEffort}, {@code NotBestEffort}, {@code PriorityClass} with In/NotIn/Exists/
 * DoesNotExist on {@code priorityClassName}) make it count only the Pods that match all of them. Scopes the fake
 * does not model ({@code CrossNamespacePodAffinity}, {@code VolumeAttributesClass}) match nothing. Stateless.
 */
final class QuotaScopes {

    private QuotaScopes() {
    }

    /** Whether {@code quota} counts {@code object} of {@code type}. */
    static boolean counts(Map<String, Object> quota, ResourceType type, Map<String, Object> object) {
        List<Map<String, Object>> requirements = requirements(quota);
        if (requirements.isEmpty()) {
            return true;
        }
        if (!type.group().isEmpty() || !type.plural().equals("pods")) {
            return false;
        }
        Map<String, Object> spec = Trees.map(object, "spec");
        for (Map<String, Object> r : requirements) {
            if (!holds(r, spec)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the quota has scopes (then it counts only Pods). */
    static boolean scoped(Map<String, Object> quota) {
        return !requirements(quota).isEmpty();
    }

    private static List<Map<String, Object>> requirements(Map<String, Object> quota) {
        Map<String, Object> spec = Trees.map(quota, "spec");
        List<Map<String, Object>> out = new ArrayList<>();
        List<Object> scopes = Trees.list(spec, "scopes");
        if (scopes != null) {
            for (Object s : scopes) {
                out.add(Map.of("scopeName", String.valueOf(s), "operator", "Exists"));
            }
        }
        out.addAll(maps(Trees.list(Trees.map(spec, "scopeSelector"), "matchExpressions")));
        return out;
    }

    private static boolean holds(Map<String, Object> requirement, Map<String, Object> spec) {
        String scope = String.valueOf(requirement.get("scopeName"));
        String operator = String.valueOf(requirement.get("operator"));
        boolean bestEffort = "BestEffort".equals(PodQos.classOf(spec == null ? Map.of() : spec));
        boolean terminating = spec != null && spec.get("activeDeadlineSeconds") != null;
        return switch (scope) {
            case "Terminating" -> terminating;
            case "NotTerminating" -> !terminating;
            case "BestEffort" -> bestEffort;
            case "NotBestEffort" -> !bestEffort;
            case "PriorityClass" -> priorityClass(operator, requirement.get("values"),
                    Trees.string(spec, "priorityClassName"));
            default -> false;
        };
    }

    private static boolean priorityClass(String operator, Object values, String name) {
        List<?> list = values instanceof List<?> l ? l : List.of();
        return switch (operator) {
            case "In" -> list.contains(name);
            case "NotIn" -> !list.contains(name);
            case "Exists" -> !name.isEmpty();
            case "DoesNotExist" -> name.isEmpty();
            default -> false;
        };
    }
}

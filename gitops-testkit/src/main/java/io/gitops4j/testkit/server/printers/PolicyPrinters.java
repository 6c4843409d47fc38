package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Printers of PodDisruptionBudget and HorizontalPodAutoscaler ({@code autoscaling/v2} and {@code v1}). Version
 * difference: from 1.30 on, HPA targets of Resource and ContainerResource metrics are prefixed with the resource
 * name ({@code cpu: 40%/80%}). Quantities are shown as stored. Stateless and thread-safe.
 */
final class PolicyPrinters {
    private static final int MAX_TARGETS = 2;

    private PolicyPrinters() {
    }

    /** {@code NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE}; unset bounds show {@code N/A}. */
    static KindPrinter podDisruptionBudget() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Min Available", "The minimum number of pods that must be available."),
                Column.text("Max Unavailable", "The maximum number of pods that may be unavailable."),
                Column.integer("Allowed Disruptions", "Pods that may be disrupted now."),
                Column.age()), (pdb, now) -> Arrays.asList(Fields.name(pdb),
                Fields.orElse(pdb.path("spec").path("minAvailable"), "N/A"),
                Fields.orElse(pdb.path("spec").path("maxUnavailable"), "N/A"),
                Fields.integer(pdb.path("status").path("disruptionsAllowed")), Ages.age(pdb, now)));
    }

    /** {@code NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE}; {@code v1} objects use their CPU fields. */
    static KindPrinter horizontalPodAutoscaler(int minor, boolean v1) {
        boolean named = minor >= 30;
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Reference", "The scaled object, as Kind/name."),
                Column.text("Targets", "Current and target values of the metrics."),
                Column.text("MinPods", "The lower replica limit."),
                Column.text("MaxPods", "The upper replica limit."),
                Column.text("Replicas", "The current number of replicas."),
                Column.age()), (hpa, now) -> {
            JsonNode spec = hpa.path("spec");
            JsonNode ref = spec.path("scaleTargetRef");
            JsonNode min = spec.path("minReplicas");
            return Arrays.asList(Fields.name(hpa), Fields.text(ref.path("kind")) + "/" + Fields.text(ref.path("name")),
                    v1 ? v1Targets(hpa, named) : targets(spec.path("metrics"), hpa.path("status").path("currentMetrics"),
                            named),
                    Fields.present(min) ? String.valueOf(min.asLong()) : "<unset>",
                    Fields.integer(spec.path("maxReplicas")), Fields.integer(hpa.path("status").path("currentReplicas")),
                    Ages.age(hpa, now));
        });
    }

    private static String v1Targets(JsonNode hpa, boolean named) {
        JsonNode target = hpa.path("spec").path("targetCPUUtilizationPercentage");
        if (!Fields.present(target)) {
            return "<none>";
        }
        JsonNode current = hpa.path("status").path("currentCPUUtilizationPercentage");
        String cell = (Fields.present(current) ? current.asLong() + "%" : "<unknown>") + "/" + target.asLong() + "%";
        return named ? "cpu: " + cell : cell;
    }

    /**
     * The first two metrics as {@code current/target} (then {@code + N more...}); {@code <none>} without metrics.
     * Current values come from the status entry at the same index when it is of the same type.
     */
    static String targets(JsonNode specs, JsonNode statuses, boolean named) {
        if (specs.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode status = statuses.path(i);
            String type = Fields.text(spec.path("type"));
            list.add(switch (type) {
                case "External", "Object", "Pods" -> valueTarget(spec, status, fieldOf(type), type.equals("Pods"));
                case "Resource", "ContainerResource" -> resourceTarget(spec, status, fieldOf(type), named);
                default -> "<unknown type>";
            });
        }
        String joined = String.join(", ", list.subList(0, Math.min(MAX_TARGETS, list.size())));
        return list.size() > MAX_TARGETS ? joined + " + " + (list.size() - MAX_TARGETS) + " more..." : joined;
    }

    private static String fieldOf(String type) {
        return Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }

    private static String valueTarget(JsonNode spec, JsonNode status, String field, boolean averageOnly) {
        JsonNode target = spec.path(field).path("target");
        JsonNode current = status.path(field).path("current");
        boolean hasStatus = Fields.present(status.path(field));
        if (averageOnly) {
            return (hasStatus ? quantity(current.path("averageValue")) : "<unknown>") + "/"
                    + quantity(target.path("averageValue"));
        }
        if (Fields.present(target.path("averageValue"))) {
            String cur = hasStatus && Fields.present(current.path("averageValue"))
                    ? quantity(current.path("averageValue")) : "<unknown>";
            return cur + "/" + quantity(target.path("averageValue")) + " (avg)";
        }
        return (hasStatus ? quantity(current.path("value")) : "<unknown>") + "/" + quantity(target.path("value"));
    }

    private static String resourceTarget(JsonNode spec, JsonNode status, String field, boolean named) {
        JsonNode source = spec.path(field);
        JsonNode target = source.path("target");
        JsonNode current = status.path(field).path("current");
        boolean hasStatus = Fields.present(status.path(field));
        String cell;
        if (Fields.present(target.path("averageValue"))) {
            cell = (hasStatus ? quantity(current.path("averageValue")) : "<unknown>") + "/"
                    + quantity(target.path("averageValue"));
        } else {
            String cur = hasStatus && Fields.present(current.path("averageUtilization"))
                    ? current.path("averageUtilization").asLong() + "%" : "<unknown>";
            String tgt = Fields.present(target.path("averageUtilization"))
                    ? target.path("averageUtilization").asLong() + "%" : "<auto>";
            cell = cur + "/" + tgt;
        }
        return named ? Fields.text(source.path("name")) + ": " + cell : cell;
    }

    /** A quantity as stored; {@code 0} when absent (the zero quantity). */
    private static String quantity(JsonNode q) {
        return Fields.orElse(q, "0");
    }
}

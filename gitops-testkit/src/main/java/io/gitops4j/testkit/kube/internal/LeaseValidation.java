package io.gitops4j.testkit.kube.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks a v1.33 API server makes of a {@code coordination.k8s.io} Lease's spec on every create and update: a
 * {@code leaseDurationSeconds} that is set must be greater than 0, a {@code leaseTransitions} that is set must not
 * be negative. Messages and fields are the server's, e.g. {@code spec.leaseDurationSeconds: Invalid value: 0: must
 * be greater than 0}. Stateless.
 */
final class LeaseValidation {
    private LeaseValidation() {
    }

    /** The causes of the spec of a Lease, none for anything else (or when there is no spec). */
    static List<Map<String, Object>> check(String group, String plural, Map<String, Object> object) {
        Map<String, Object> spec = Trees.map(object, "spec");
        if (!group.equals("coordination.k8s.io") || !plural.equals("leases") || spec == null) {
            return List.of();
        }
        List<Map<String, Object>> causes = new ArrayList<>();
        if (spec.get("leaseDurationSeconds") instanceof Number n && n.longValue() <= 0) {
            causes.add(WorkloadValidation.invalid("spec.leaseDurationSeconds", String.valueOf(n.longValue()),
                    "must be greater than 0"));
        }
        if (spec.get("leaseTransitions") instanceof Number n && n.longValue() < 0) {
            causes.add(WorkloadValidation.invalid("spec.leaseTransitions", String.valueOf(n.longValue()),
                    "must be greater than or equal to 0"));
        }
        return causes;
    }
}

package io.gitops4j.core.health;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthCheck;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.LiveObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Health rules that read one or two status fields: Jobs, CronJobs, PersistentVolumeClaims, LoadBalancer Services,
 * Namespaces, CustomResourceDefinitions and Pods. Each is a small function; {@link #all()} lists them.
 */
public final class SimpleHealth implements HealthCheck {
    private final GroupKind kind;
    private final Function<LiveObject, Health> rule;

    private SimpleHealth(GroupKind kind, Function<LiveObject, Health> rule) {
        this.kind = kind;
        this.rule = rule;
    }

    @Override
    public GroupKind kind() {
        return kind;
    }

    @Override
    public Health assess(LiveObject object) {
        return rule.apply(object);
    }

    /** @return every rule of this class */
    public static List<HealthCheck> all() {
        return List.of(
                new SimpleHealth(new GroupKind("batch", "Job"), SimpleHealth::job),
                new SimpleHealth(new GroupKind("batch", "CronJob"), o -> Status.bool(o, "spec", "suspend")
                        ? Health.suspended("CronJob is suspended") : Health.healthy()),
                new SimpleHealth(new GroupKind("", "PersistentVolumeClaim"), o -> phase(o, "Bound", "Lost")),
                new SimpleHealth(new GroupKind("", "Namespace"), o -> phase(o, "Active", "Terminating")),
                new SimpleHealth(new GroupKind("", "Service"), SimpleHealth::service),
                new SimpleHealth(new GroupKind("", "Pod"), SimpleHealth::pod),
                new SimpleHealth(new GroupKind("apiextensions.k8s.io", "CustomResourceDefinition"),
                        o -> Status.conditionIs(o, "Established", "True") ? Health.healthy()
                                : Health.progressing("waiting for the CRD to become Established")));
    }

    private static Health job(LiveObject o) {
        var failed = Status.condition(o, "Failed");
        if (failed.isPresent() && "True".equals(failed.get().get("status"))) {
            return Health.degraded("Job failed: " + Status.message(failed.get()));
        }
        if (Status.conditionIs(o, "Complete", "True")) {
            return Health.healthy();
        }
        if (Status.bool(o, "spec", "suspend")) {
            return Health.suspended("Job is suspended");
        }
        return Health.progressing("Job is running");
    }

    private static Health phase(LiveObject o, String good, String bad) {
        String phase = Status.string(o, "status", "phase");
        if (phase.equals(good)) {
            return Health.healthy();
        }
        if (phase.equals(bad)) {
            return Health.degraded("phase is " + bad);
        }
        return Health.progressing(phase.isEmpty() ? "no phase reported yet" : "phase is " + phase);
    }

    private static Health service(LiveObject o) {
        if (!"LoadBalancer".equals(Status.string(o, "spec", "type"))) {
            return Health.healthy();
        }
        Object ingress = o.manifest().get("status", "loadBalancer").map(lb -> ((Map<?, ?>) lb).get("ingress"))
                .orElse(null);
        return ingress instanceof List && !((List<?>) ingress).isEmpty() ? Health.healthy()
                : Health.progressing("waiting for a load balancer address");
    }

    private static Health pod(LiveObject o) {
        String phase = Status.string(o, "status", "phase");
        switch (phase) {
            case "Succeeded": return Health.healthy();
            case "Failed": return Health.degraded("Pod failed");
            case "Running": return Status.conditionIs(o, "Ready", "True") ? Health.healthy()
                    : Health.progressing("Pod is running but not ready");
            default: return Health.progressing(phase.isEmpty() ? "Pod is pending" : "Pod is " + phase);
        }
    }
}

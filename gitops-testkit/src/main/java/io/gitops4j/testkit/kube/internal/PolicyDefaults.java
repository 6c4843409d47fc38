package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * v1.33 defaults of the scheduling and traffic policy kinds: NetworkPolicy (an empty podSelector, policyTypes from
 * the rules given, port protocol TCP), IngressClass (parameters scope Cluster), HorizontalPodAutoscaler (minReplicas
 * 1; in autoscaling/v2 a CPU utilization target of 80% when no metric is given and, when a {@code behavior} is
 * given, every scaling rule filled in), PriorityClass (preemptionPolicy PreemptLowerPriority), LimitRange (container
 * defaults from max/default/min). Only absent fields are set. Stateless.
 */
final class PolicyDefaults {

    private PolicyDefaults() {
    }

    static void networkPolicy(Map<String, Object> spec) {
        spec.putIfAbsent("podSelector", new LinkedHashMap<>());
        for (String direction : List.of("ingress", "egress")) {
            for (Map<String, Object> rule : maps(Trees.list(spec, direction))) {
                for (Map<String, Object> port : maps(Trees.list(rule, "ports"))) {
                    port.putIfAbsent("protocol", "TCP");
                }
            }
        }
        List<Object> types = Trees.list(spec, "policyTypes");
        if (types == null || types.isEmpty()) {
            List<Object> out = new ArrayList<>(List.of("Ingress"));
            List<Object> egress = Trees.list(spec, "egress");
            if (egress != null && !egress.isEmpty()) {
                out.add("Egress");
            }
            spec.put("policyTypes", out);
        }
    }

    /** An IngressClass: parameters without a scope are cluster-scoped. */
    static void ingressClass(Map<String, Object> spec) {
        Map<String, Object> parameters = Trees.map(spec, "parameters");
        if (parameters != null && Trees.string(parameters, "scope").isEmpty()) {
            parameters.put("scope", "Cluster");
        }
    }

    /** An autoscaler's spec; {@code v2} selects the autoscaling/v2 defaults (metrics and behavior). */
    static void autoscaler(Map<String, Object> spec, boolean v2) {
        spec.putIfAbsent("minReplicas", 1L);
        if (!v2) {
            return;
        }
        List<Object> metrics = Trees.list(spec, "metrics");
        if (metrics == null || metrics.isEmpty()) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("type", "Utilization");
            target.put("averageUtilization", 80L);
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("name", "cpu");
            resource.put("target", target);
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("type", "Resource");
            metric.put("resource", resource);
            spec.put("metrics", new ArrayList<>(List.of(metric)));
        }
        Map<String, Object> behavior = Trees.map(spec, "behavior");
        if (behavior != null) {
            Map<String, Object> up = Trees.mapOrCreate(behavior, "scaleUp");
            up.putIfAbsent("stabilizationWindowSeconds", 0L);
            up.putIfAbsent("selectPolicy", "Max");
            up.putIfAbsent("policies", new ArrayList<>(List.of(policy("Pods", 4), policy("Percent", 100))));
            Map<String, Object> down = Trees.mapOrCreate(behavior, "scaleDown");
            down.putIfAbsent("selectPolicy", "Max");
            down.putIfAbsent("policies", new ArrayList<>(List.of(policy("Percent", 100))));
        }
    }

    private static Map<String, Object> policy(String type, long value) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("value", value);
        p.put("periodSeconds", 15L);
        return p;
    }

    /**
     * A LimitRange: in each {@code Container} item, {@code default} limits taken from {@code max} and
     * {@code defaultRequest} from {@code default}, then from {@code min}, for each resource left out.
     */
    static void limitRange(Map<String, Object> spec) {
        for (Map<String, Object> item : maps(Trees.list(spec, "limits"))) {
            if (!"Container".equals(item.get("type"))) {
                continue;
            }
            Map<String, Object> defaults = new LinkedHashMap<>(orEmpty(Trees.map(item, "default")));
            orEmpty(Trees.map(item, "max")).forEach(defaults::putIfAbsent);
            Map<String, Object> requests = new LinkedHashMap<>(orEmpty(Trees.map(item, "defaultRequest")));
            defaults.forEach(requests::putIfAbsent);
            orEmpty(Trees.map(item, "min")).forEach(requests::putIfAbsent);
            if (!defaults.isEmpty()) {
                item.put("default", defaults);
            }
            if (!requests.isEmpty()) {
                item.put("defaultRequest", requests);
            }
        }
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }

    /** A PriorityClass keeps its fields at the top level. */
    static void priorityClass(Map<String, Object> object) {
        if (Trees.string(object, "preemptionPolicy").isEmpty()) {
            object.put("preemptionPolicy", "PreemptLowerPriority");
        }
    }
}

package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A v1 Service as a v1.33 API server fills it in: the defaults (type ClusterIP, sessionAffinity None and its
 * ClientIP timeout, port protocol and targetPort, internal/external traffic policies, allocateLoadBalancerNodePorts)
 * and what the allocators give it (clusterIP/clusterIPs from 10.96.0.0/16, IPv4 as on a single-stack cluster with
 * policy SingleStack, RequireDualStack for a headless Service without selector, nodePorts and a healthCheckNodePort
 * from 30000-32767). On an update, values allocated earlier are kept from the stored object
 * when the new one leaves them out, as the server's update strategy does. Stateless; randomness only for new
 * allocations.
 */
final class ServiceDefaults {

    private ServiceDefaults() {
    }

    /** Defaults {@code spec}; {@code oldSpec} is the stored spec on an update, null on create. */
    static void service(Map<String, Object> spec, Map<String, Object> oldSpec) {
        if (Trees.string(spec, "type").isEmpty()) {
            spec.put("type", "ClusterIP");
        }
        String type = Trees.string(spec, "type");
        if (Trees.string(spec, "sessionAffinity").isEmpty()) {
            spec.put("sessionAffinity", "None");
        }
        if ("ClientIP".equals(spec.get("sessionAffinity"))) {
            Map<String, Object> config = Trees.mapOrCreate(spec, "sessionAffinityConfig");
            Trees.mapOrCreate(config, "clientIP").putIfAbsent("timeoutSeconds", 10800L);
        }
        for (Map<String, Object> p : maps(Trees.list(spec, "ports"))) {
            p.putIfAbsent("protocol", "TCP");
            Object target = p.get("targetPort");
            if (p.get("port") != null && (target == null || "".equals(target)
                    || target instanceof Number n && n.longValue() == 0)) {
                p.put("targetPort", p.get("port"));
            }
        }
        if (type.equals("ExternalName")) {
            return;
        }
        spec.putIfAbsent("internalTrafficPolicy", "Cluster");
        boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        if (nodePorts) {
            spec.putIfAbsent("externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            spec.putIfAbsent("allocateLoadBalancerNodePorts", true);
        }
        allocate(spec, oldSpec, type, nodePorts);
    }

    private static void allocate(Map<String, Object> spec, Map<String, Object> oldSpec, String type,
                                 boolean nodePorts) {
        // an empty or null cluster IP asks for one to be allocated (on create) or kept (on update), as charts
        // that render clusterIP: "" expect
        Object ip = spec.get("clusterIP");
        if (ip == null || "".equals(ip)) {
            spec.remove("clusterIP");
            Object ips = spec.get("clusterIPs");
            if (ips == null || ips instanceof List<?> l && (l.isEmpty() || l.size() == 1 && "".equals(l.get(0)))) {
                spec.remove("clusterIPs");
            }
        }
        if (oldSpec != null) {
            for (String k : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
                if (!spec.containsKey(k) && oldSpec.containsKey(k)) {
                    spec.put(k, Trees.copy(oldSpec.get(k)));
                }
            }
            followChangedClusterIp(spec, oldSpec);
        }
        if (!spec.containsKey("clusterIP")) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            spec.put("clusterIP", "10.96." + rnd.nextInt(0, 256) + "." + rnd.nextInt(1, 255));
        }
        spec.putIfAbsent("clusterIPs", new ArrayList<>(List.of(spec.get("clusterIP"))));
        Map<String, Object> selector = Trees.map(spec, "selector");
        if ("None".equals(spec.get("clusterIP")) && (selector == null || selector.isEmpty())) {
            spec.putIfAbsent("ipFamilyPolicy", "RequireDualStack");
        }
        spec.putIfAbsent("ipFamilies", new ArrayList<>(List.of("IPv4")));
        spec.putIfAbsent("ipFamilyPolicy", "SingleStack");
        List<Map<String, Object>> oldPorts = maps(Trees.list(oldSpec, "ports"));
        boolean allocatePorts = nodePorts && !(type.equals("LoadBalancer")
                && Boolean.FALSE.equals(spec.get("allocateLoadBalancerNodePorts")));
        for (Map<String, Object> p : maps(Trees.list(spec, "ports"))) {
            if (allocatePorts && !p.containsKey("nodePort")) {
                Object kept = oldPorts.stream().filter(o -> Objects.equals(o.get("port"), p.get("port"))
                                && Objects.equals(o.get("protocol"), p.get("protocol")))
                        .map(o -> o.get("nodePort")).filter(Objects::nonNull).findFirst().orElse(null);
                p.put("nodePort", kept != null ? kept : nodePort());
            }
        }
        if (type.equals("LoadBalancer") && "Local".equals(spec.get("externalTrafficPolicy"))
                && !spec.containsKey("healthCheckNodePort")) {
            Object kept = oldSpec == null ? null : oldSpec.get("healthCheckNodePort");
            spec.put("healthCheckNodePort", kept != null ? kept : nodePort());
        }
    }

    /**
     * A client that changed only the singular {@code clusterIP} (keeping the old {@code clusterIPs}) means the
     * primary of the plural too, as the server reads it; validation then refuses the change.
     */
    private static void followChangedClusterIp(Map<String, Object> spec, Map<String, Object> oldSpec) {
        if (spec.get("clusterIP") instanceof String ip && !ip.isEmpty() && !ip.equals(oldSpec.get("clusterIP"))
                && spec.get("clusterIPs") instanceof List<?> ips && !ips.isEmpty()
                && ips.equals(oldSpec.get("clusterIPs"))) {
            List<Object> changed = new ArrayList<>(ips);
            changed.set(0, ip);
            spec.put("clusterIPs", changed);
        }
    }

    private static long nodePort() {
        return ThreadLocalRandom.current().nextInt(30000, 32768);
    }
}

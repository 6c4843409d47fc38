package io.gitops4j.testkit.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cloud load-balancer controller: a Service of type LoadBalancer gets {@code status.loadBalancer.ingress} with
 * the next address of 198.51.100.0/24 (TEST-NET-2, never routable) and {@code ipMode: VIP}. A failure leaves it
 * without an address, as a real one stuck on a quota. Other Services are not touched.
 */
final class LoadBalancerStatus implements StatusRule {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Simulation simulation() {
        return Simulation.LOAD_BALANCERS;
    }

    @Override
    public String group() {
        return "";
    }

    @Override
    public String kind() {
        return "Service";
    }

    @Override
    public boolean pending(Map<String, Object> svc) {
        return "LoadBalancer".equals(Fields.string(svc, "spec", "type"))
                && !(Fields.value(svc, "status", "loadBalancer", "ingress") instanceof List<?> l && !l.isEmpty());
    }

    @Override
    public Optional<Map<String, Object>> started(Map<String, Object> svc, String now) {
        return Optional.empty();
    }

    @Override
    public Optional<Map<String, Object>> finished(Map<String, Object> svc, boolean failed, String now) {
        if (failed || !pending(svc)) {
            return Optional.empty();
        }
        Map<String, Object> s = new LinkedHashMap<>();
        Object old = Fields.value(svc, "status");
        if (old instanceof Map<?, ?> m) {
            m.forEach((k, v) -> s.put(String.valueOf(k), v));
        }
        int n = next.getAndIncrement() % 254 + 1;
        Map<String, Object> ingress = new LinkedHashMap<>();
        ingress.put("ip", "198.51.100." + n);
        ingress.put("ipMode", "VIP");
        s.put("loadBalancer", Map.of("ingress", List.of(ingress)));
        return Optional.of(s);
    }
}

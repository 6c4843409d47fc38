package io.gitops4j.testkit.fault;

import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WatchEvent;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CRDs made to look not yet Established for a while after they are created (see {@link Faults#slowCrd}). Watches
 * the fake for CRD creations; answers GETs of such a CRD with {@code Established=False} and requests for its custom
 * resources with 404 until the delay has passed.
 *
 * <p>Holds the fake weakly (the fault registry is keyed by it). Thread-safe.
 */
final class SlowCrds {
    private static final String CRD_GROUP = "apiextensions.k8s.io";
    private static final String CRD_PLURAL = "customresourcedefinitions";

    private record Pending(long readyAtNanos, String group, String plural) {
    }

    private final WeakReference<FakeKube> kube;
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    SlowCrds(FakeKube kube) {
        this.kube = new WeakReference<>(kube);
        kube.addObserver(this::written);
    }

    FakeKube kube() {
        return kube.get();
    }

    void add(String crdName, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0");
        }
        delays.put(crdName, delay);
    }

    void clear() {
        delays.clear();
        pending.clear();
    }

    private void written(ResourceType type, WatchEvent event) {
        if (!type.group().equals(CRD_GROUP) || !type.plural().equals(CRD_PLURAL)) {
            return;
        }
        Map<?, ?> metadata = (Map<?, ?>) event.object().getOrDefault("metadata", Map.of());
        String name = String.valueOf(metadata.get("name"));
        if (event.type() == WatchEvent.Type.DELETED) {
            pending.remove(name);
            return;
        }
        Duration delay = delays.get(name);
        if (event.type() == WatchEvent.Type.ADDED && delay != null) {
            Object specValue = event.object().get("spec");
            Map<?, ?> spec = specValue instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> names = spec.get("names") instanceof Map<?, ?> m ? m : Map.of();
            pending.put(name, new Pending(System.nanoTime() + delay.toNanos(), String.valueOf(spec.get("group")),
                    String.valueOf(names.get("plural"))));
        }
    }

    /** @return true while the CRD serving {@code plural.group} is not Established yet */
    boolean hides(String group, String plural) {
        long now = System.nanoTime();
        return pending.values().stream().anyMatch(p -> now - p.readyAtNanos() < 0 && p.group().equals(group)
                && p.plural().equals(plural));
    }

    /** The answer for a request hitting a CRD that is not Established yet; empty otherwise. */
    Optional<FaultResponse> answer(RequestInfo request) {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (now - p.readyAtNanos() >= 0) {
                pending.remove(e.getKey(), p);
                continue;
            }
            if (request.group().equals(p.group()) && request.resource().equals(p.plural())) {
                FakeKubeException missing = FakeKubeException.noSuchResource();
                return Optional.of(new FaultResponse(missing.code(), Map.of(), missing.status(), false));
            }
            if (request.group().equals(CRD_GROUP) && request.resource().equals(CRD_PLURAL)
                    && request.name().equals(e.getKey()) && request.verb().equals("get")) {
                return installing(e.getKey());
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private Optional<FaultResponse> installing(String name) {
        FakeKube fake = kube.get();
        if (fake == null) {
            return Optional.empty();
        }
        Map<String, Object> crd;
        try {
            crd = fake.get(fake.type(CRD_GROUP, "v1", CRD_PLURAL), "", name);
        } catch (FakeKubeException e) {
            return Optional.empty();
        }
        Map<String, Object> status = (Map<String, Object>) crd.computeIfAbsent("status", k -> new LinkedHashMap<>());
        List<Object> conditions = new ArrayList<>();
        Object old = status.get("conditions");
        if (old instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && "Established".equals(m.get("type"))) {
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                    copy.put("status", "False");
                    copy.put("reason", "Installing");
                    copy.put("message", "the initial names have been accepted");
                    conditions.add(copy);
                } else {
                    conditions.add(c);
                }
            }
        }
        status.put("conditions", conditions);
        return Optional.of(new FaultResponse(200, Map.of(), crd, false));
    }
}

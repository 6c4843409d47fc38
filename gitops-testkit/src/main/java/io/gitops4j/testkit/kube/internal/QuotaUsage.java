package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import io.gitops4j.core.merge.Quantities;
import io.gitops4j.testkit.kube.ResourceType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What objects use of the resources a ResourceQuota can limit, as the quota evaluators of a v1.33 API server count
 * them: every object one {@code count/<resource>[.<group>]}; the core kinds also under their legacy names
 * ({@code pods}, {@code services}, {@code secrets}, {@code configmaps}, {@code persistentvolumeclaims},
 * {@code replicationcontrollers}, {@code resourcequotas}); Services their {@code services.nodeports} and
 * {@code services.loadbalancers}; claims {@code requests.storage} (also per StorageClass,
 * {@code <class>.storageclass.storage.k8s.io/requests.storage} and {@code …/persistentvolumeclaims}); Pods that have
 * not finished their {@code requests.*} (also bare {@code cpu}, {@code memory}, {@code ephemeral-storage}) and
 * {@code limits.*}: the containers' sum, or the largest init container's when larger, plus the pod overhead.
 * Sidecar init containers ({@code restartPolicy: Always}) are added to the sum. Stateless.
 */
final class QuotaUsage {

    private static final Set<String> LEGACY_COUNTED = Set.of("pods", "services", "secrets", "configmaps",
            "persistentvolumeclaims", "replicationcontrollers", "resourcequotas");
    private static final List<String> STANDARD = List.of("cpu", "memory", "ephemeral-storage");
    private static final String STORAGE_CLASS = ".storageclass.storage.k8s.io/";

    private QuotaUsage() {
    }

    /** What {@code object} of {@code type} adds to each resource name (names it does not use are absent). */
    static Map<String, BigDecimal> of(ResourceType type, Map<String, Object> object) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        boolean core = type.group().isEmpty();
        if (core && type.plural().equals("pods") && finished(object)) {
            return out;
        }
        out.put("count/" + type.plural() + (core ? "" : "." + type.group()), BigDecimal.ONE);
        if (core && LEGACY_COUNTED.contains(type.plural())) {
            out.put(type.plural(), BigDecimal.ONE);
        }
        Map<String, Object> spec = Trees.map(object, "spec");
        if (core && spec != null) {
            switch (type.plural()) {
                case "pods" -> pod(spec, out);
                case "services" -> service(spec, out);
                case "persistentvolumeclaims" -> claim(spec, out);
                default -> {
                }
            }
        }
        return out;
    }

    /** The quota keys a Pod must set on every container for a quota limiting {@code hard}, that it does not. */
    static Set<String> missing(Map<String, Object> pod, Set<String> hard) {
        Set<String> missing = new TreeSet<>();
        Map<String, Object> spec = Trees.map(pod, "spec");
        List<Map<String, Object>> containers = new ArrayList<>(maps(Trees.list(spec, "initContainers")));
        containers.addAll(maps(Trees.list(spec, "containers")));
        for (Map<String, Object> c : containers) {
            Map<String, Object> requests = Trees.map(Trees.map(c, "resources"), "requests");
            Map<String, Object> limits = Trees.map(Trees.map(c, "resources"), "limits");
            for (String r : List.of("cpu", "memory")) {
                boolean requested = requests != null && requests.containsKey(r);
                if (!requested && hard.contains(r)) {
                    missing.add(r);
                }
                if (!requested && hard.contains("requests." + r)) {
                    missing.add("requests." + r);
                }
                if ((limits == null || !limits.containsKey(r)) && hard.contains("limits." + r)) {
                    missing.add("limits." + r);
                }
            }
        }
        return missing;
    }

    /** Whether a quota's amounts of this resource name are written in binary notation (bytes). */
    static boolean bytes(String resource) {
        return resource.endsWith("memory") || resource.endsWith("storage") || resource.contains("hugepages-");
    }

    /** The canonical text of an amount of {@code resource}, as quota status and messages show it. */
    static String format(String resource, BigDecimal amount) {
        return Quantities.format(amount, bytes(resource));
    }

    /** The storage key ({@code group/plural}) of a {@code count/…} resource name, or null for other names. */
    static String countedStorage(String resource) {
        if (!resource.startsWith("count/")) {
            return null;
        }
        String name = resource.substring("count/".length());
        int dot = name.indexOf('.');
        return dot < 0 ? "/" + name : name.substring(dot + 1) + "/" + name.substring(0, dot);
    }

    /** The storage keys whose objects can use {@code resource}. */
    static Set<String> storagesUsing(String resource) {
        String counted = countedStorage(resource);
        if (counted != null) {
            return Set.of(counted);
        }
        if (LEGACY_COUNTED.contains(resource)) {
            return Set.of("/" + resource);
        }
        if (resource.startsWith("services.")) {
            return Set.of("/services");
        }
        if (resource.equals("requests.storage") || resource.contains(STORAGE_CLASS)) {
            return Set.of("/persistentvolumeclaims");
        }
        return Set.of("/pods");
    }

    private static boolean finished(Map<String, Object> pod) {
        Object phase = Trees.path(pod, "status.phase");
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static void pod(Map<String, Object> spec, Map<String, BigDecimal> out) {
        for (String kind : List.of("requests", "limits")) {
            Map<String, BigDecimal> sum = new LinkedHashMap<>();
            Map<String, BigDecimal> initMax = new LinkedHashMap<>();
            for (Map<String, Object> c : maps(Trees.list(spec, "containers"))) {
                add(Trees.map(Trees.map(c, "resources"), kind), sum);
            }
            for (Map<String, Object> c : maps(Trees.list(spec, "initContainers"))) {
                if ("Always".equals(c.get("restartPolicy"))) {
                    add(Trees.map(Trees.map(c, "resources"), kind), sum);
                } else {
                    Map<String, BigDecimal> one = new LinkedHashMap<>();
                    add(Trees.map(Trees.map(c, "resources"), kind), one);
                    one.forEach((r, v) -> initMax.merge(r, v, BigDecimal::max));
                }
            }
            initMax.forEach((r, v) -> sum.merge(r, v, BigDecimal::max));
            add(Trees.map(spec, "overhead"), sum);
            sum.forEach((r, v) -> {
                if (kind.equals("requests")) {
                    out.put("requests." + r, v);
                    if (STANDARD.contains(r)) {
                        out.put(r, v);
                    }
                } else if (STANDARD.contains(r)) {
                    out.put("limits." + r, v);
                }
            });
        }
    }

    private static void add(Map<String, Object> resources, Map<String, BigDecimal> into) {
        if (resources != null) {
            resources.forEach((r, q) -> Quantities.amount(q).ifPresent(a -> into.merge(r, a, BigDecimal::add)));
        }
    }

    private static void service(Map<String, Object> spec, Map<String, BigDecimal> out) {
        String type = Trees.string(spec, "type");
        if (type.equals("LoadBalancer")) {
            out.put("services.loadbalancers", BigDecimal.ONE);
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            Set<Object> ports = new LinkedHashSet<>();
            for (Map<String, Object> p : maps(Trees.list(spec, "ports"))) {
                ports.add(p.get("nodePort") != null ? p.get("nodePort") : p);
            }
            out.put("services.nodeports", BigDecimal.valueOf(ports.size()));
        }
    }

    private static void claim(Map<String, Object> spec, Map<String, BigDecimal> out) {
        BigDecimal storage = Quantities.amount(Trees.path(spec, "resources.requests.storage")).orElse(BigDecimal.ZERO);
        out.put("requests.storage", storage);
        String storageClass = Trees.string(spec, "storageClassName");
        if (!storageClass.isEmpty()) {
            out.put(storageClass + STORAGE_CLASS + "requests.storage", storage);
            out.put(storageClass + STORAGE_CLASS + "persistentvolumeclaims", BigDecimal.ONE);
        }
    }
}

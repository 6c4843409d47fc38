package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import io.gitops4j.core.merge.Quantities;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validating half of the LimitRanger admission plugin, after its defaults ({@link LimitRanger}): a new Pod's
 * containers (type {@code Container}) and the Pod as a whole (type {@code Pod}) must stay within each LimitRange's
 * {@code min}, {@code max} and {@code maxLimitRequestRatio} of their namespace, a new claim's storage request
 * (type {@code PersistentVolumeClaim}) within {@code min} and {@code max}. A violation is a 403 with the plugin's
 * messages, e.g. {@code pods "p" is forbidden: maximum cpu usage per Container is 2, but limit is 4} (several in
 * brackets). Create only, as the plugin checks Pods. Runs under the store lock. Stateless.
 */
final class LimitRangeCheck {

    /** A quantity's amount and its text as the server prints it (canonical form of what was written). */
    private record Amount(BigDecimal value, String text) {
        int compareTo(Amount other) {
            return value.compareTo(other.value);
        }
    }

    private LimitRangeCheck() {
    }

    /** Refuses a new Pod that breaks a LimitRange of its namespace (403). */
    static void pod(KubeStore store, ResourceType type, String ns, Map<String, Object> pod) {
        Map<String, Object> spec = Trees.map(pod, "spec");
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> item : items(store, ns)) {
            String kind = String.valueOf(item.get("type"));
            if (kind.equals("Container")) {
                for (String list : List.of("initContainers", "containers")) {
                    for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                        Map<String, Object> resources = Trees.map(c, "resources");
                        check("Container", item, amounts(Trees.map(resources, "requests")),
                                amounts(Trees.map(resources, "limits")), errors);
                    }
                }
            } else if (kind.equals("Pod")) {
                check("Pod", item, podTotal(spec, "requests"), podTotal(spec, "limits"), errors);
            }
        }
        refuse(type, pod, errors);
    }

    /** Refuses a new claim whose storage request breaks a LimitRange of its namespace (403). */
    static void claim(KubeStore store, ResourceType type, String ns, Map<String, Object> claim) {
        Map<String, Amount> requests = amounts(Trees.map(Trees.map(Trees.map(claim, "spec"), "resources"),
                "requests"));
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> item : items(store, ns)) {
            if (!"PersistentVolumeClaim".equals(item.get("type"))) {
                continue;
            }
            amounts(Trees.map(item, "min")).forEach((r, min) -> {
                Amount have = requests.get(r);
                if (have == null) {
                    errors.add(usage("minimum", r, "PersistentVolumeClaim", min) + ".  No request is specified");
                } else if (have.compareTo(min) < 0) {
                    errors.add(usage("minimum", r, "PersistentVolumeClaim", min) + ", but request is " + have.text());
                }
            });
            amounts(Trees.map(item, "max")).forEach((r, max) -> {
                Amount have = requests.get(r);
                if (have == null) {
                    errors.add(usage("maximum", r, "PersistentVolumeClaim", max) + ".  No request is specified");
                } else if (have.compareTo(max) > 0) {
                    errors.add(usage("maximum", r, "PersistentVolumeClaim", max) + ", but request is " + have.text());
                }
            });
        }
        refuse(type, claim, errors);
    }

    private static void check(String kind, Map<String, Object> item, Map<String, Amount> requests,
                              Map<String, Amount> limits, List<String> errors) {
        amounts(Trees.map(item, "min")).forEach((r, min) -> {
            Amount request = requests.get(r);
            Amount limit = limits.get(r);
            if (request == null) {
                errors.add(usage("minimum", r, kind, min) + ".  No request is specified");
            } else if (request.compareTo(min) < 0) {
                errors.add(usage("minimum", r, kind, min) + ", but request is " + request.text());
            } else if (limit != null && limit.compareTo(min) < 0) {
                errors.add(usage("minimum", r, kind, min) + ", but limit is " + limit.text());
            }
        });
        amounts(Trees.map(item, "max")).forEach((r, max) -> {
            Amount request = requests.get(r);
            Amount limit = limits.get(r);
            if (limit == null) {
                errors.add(usage("maximum", r, kind, max) + ".  No limit is specified");
            } else if (limit.compareTo(max) > 0) {
                errors.add(usage("maximum", r, kind, max) + ", but limit is " + limit.text());
            } else if (request != null && request.compareTo(max) > 0) {
                errors.add(usage("maximum", r, kind, max) + ", but request is " + request.text());
            }
        });
        amounts(Trees.map(item, "maxLimitRequestRatio")).forEach((r, ratio) -> {
            Amount request = requests.get(r);
            Amount limit = limits.get(r);
            String head = r + " max limit to request ratio per " + kind + " is " + ratio.text();
            if (request == null || request.value().signum() == 0) {
                errors.add(head + ", but no request is specified or request is 0");
            } else if (limit == null || limit.value().signum() == 0) {
                errors.add(head + ", but no limit is specified or limit is 0");
            } else {
                BigDecimal observed = limit.value().divide(request.value(), 6, RoundingMode.HALF_EVEN);
                if (observed.compareTo(ratio.value()) > 0) {
                    errors.add(head + ", but provided ratio is " + observed.setScale(6, RoundingMode.HALF_EVEN)
                            .toPlainString());
                }
            }
        });
    }

    /** A Pod's total: the containers' sum, or the largest init container's when that is larger. */
    private static Map<String, Amount> podTotal(Map<String, Object> spec, String kind) {
        Map<String, Amount> sum = new TreeMap<>();
        for (Map<String, Object> c : maps(Trees.list(spec, "containers"))) {
            amounts(Trees.map(Trees.map(c, "resources"), kind)).forEach((r, v) -> sum.merge(r, v,
                    (a, b) -> sumOf(r, a.value().add(b.value()))));
        }
        for (Map<String, Object> c : maps(Trees.list(spec, "initContainers"))) {
            amounts(Trees.map(Trees.map(c, "resources"), kind)).forEach((r, v) -> sum.merge(r, v,
                    (a, b) -> a.compareTo(b) >= 0 ? a : b));
        }
        return sum;
    }

    private static List<Map<String, Object>> items(KubeStore store, String ns) {
        KubeStore.Bucket ranges = store.bucket("/limitranges");
        List<Map<String, Object>> out = new ArrayList<>();
        if (ranges != null) {
            for (Map<String, Object> range : ranges.objects.subMap(KubeStore.key(ns, ""), KubeStore.key(ns, "\uffff"))
                    .values()) {
                out.addAll(maps(Trees.list(Trees.map(range, "spec"), "limits")));
            }
        }
        return out;
    }

    private static Map<String, Amount> amounts(Map<String, Object> values) {
        Map<String, Amount> out = new TreeMap<>();
        if (values != null) {
            values.forEach((k, v) -> Quantities.amount(v).ifPresent(a -> out.put(k,
                    new Amount(a, String.valueOf(Quantities.canonical(v))))));
        }
        return out;
    }

    private static Amount sumOf(String resource, BigDecimal value) {
        return new Amount(value, QuotaUsage.format(resource, value));
    }

    private static String usage(String which, String resource, String kind, Amount bound) {
        return which + " " + resource + " usage per " + kind + " is " + bound.text();
    }

    private static void refuse(ResourceType type, Map<String, Object> object, List<String> errors) {
        if (errors.isEmpty()) {
            return;
        }
        String name = Trees.metaString(object, "name");
        String why = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        throw FakeKubeException.forbidden(type, name, type.plural() + " \"" + name + "\" is forbidden: " + why,
                List.of());
    }
}

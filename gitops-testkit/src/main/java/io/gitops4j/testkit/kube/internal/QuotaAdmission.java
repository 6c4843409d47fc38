package io.gitops4j.testkit.kube.internal;

import io.gitops4j.core.merge.Quantities;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ResourceQuota as a v1.33 API server enforces it, without the delay of its controller: a new object that would
 * take a namespace's usage past a quota's {@code hard} is refused with 403 {@code exceeded quota: q, requested:
 * configmaps=1, used: configmaps=4, limited: configmaps=4}; a Pod that leaves out a request or limit a quota
 * limits with {@code failed quota: q: must specify limits.cpu,requests.cpu}. Each quota's {@code status.hard} and
 * {@code status.used} are kept current as objects come and go (a status write of the quota as
 * {@code kube-controller-manager} would make, with its own resourceVersion). Usage is counted by
 * {@link QuotaUsage}, scopes by {@link QuotaScopes}. Checked on create and on updates that add usage (dry runs
 * included). Runs under the store lock.
 */
final class QuotaAdmission {

    static final String QUOTAS = "/resourcequotas";

    private QuotaAdmission() {
    }

    /** Refuses the creation of {@code object} (403) when a quota of its namespace does not allow it. */
    static void admit(KubeStore store, ResourceType type, Map<String, Object> object) {
        check(store, type, object, QuotaUsage.of(type, object), type.group().isEmpty()
                && type.plural().equals("pods"));
    }

    /**
     * Refuses an update of {@code old} into {@code now} (403) that would take usage past a quota: what it adds
     * (a claim asking for more storage, a Service becoming a LoadBalancer) is checked as a create's would be.
     */
    static void admitUpdate(KubeStore store, ResourceType type, Map<String, Object> old, Map<String, Object> now) {
        if (quotasIn(store, Trees.metaString(now, "namespace")).isEmpty()) {
            return; // the common case, on every write's path
        }
        Map<String, BigDecimal> before = QuotaUsage.of(type, old);
        Map<String, BigDecimal> adds = new TreeMap<>();
        QuotaUsage.of(type, now).forEach((k, v) -> {
            BigDecimal more = v.subtract(before.getOrDefault(k, BigDecimal.ZERO));
            if (more.signum() > 0) {
                adds.put(k, more);
            }
        });
        if (!adds.isEmpty()) {
            check(store, type, now, adds, false);
        }
    }

    private static void check(KubeStore store, ResourceType type, Map<String, Object> object,
                              Map<String, BigDecimal> adds, boolean pod) {
        String ns = Trees.metaString(object, "namespace");
        List<Map<String, Object>> quotas = quotasIn(store, ns);
        if (quotas.isEmpty()) {
            return;
        }
        for (Map<String, Object> quota : quotas) {
            if (!QuotaScopes.counts(quota, type, object)) {
                continue;
            }
            Map<String, BigDecimal> hard = hard(quota);
            String name = Trees.metaString(quota, "name");
            if (pod && !adds.isEmpty()) {
                Set<String> missing = QuotaUsage.missing(object, hard.keySet());
                if (!missing.isEmpty()) {
                    throw refused(type, object, "failed quota: " + name + ": must specify "
                            + String.join(",", missing));
                }
            }
            Map<String, BigDecimal> requested = new TreeMap<>();
            Map<String, BigDecimal> used = new TreeMap<>();
            Map<String, BigDecimal> limited = new TreeMap<>();
            for (Map.Entry<String, BigDecimal> e : hard.entrySet()) {
                BigDecimal add = adds.get(e.getKey());
                if (add == null) {
                    continue;
                }
                BigDecimal now = used(store, ns, quota, e.getKey());
                if (now.add(add).compareTo(e.getValue()) > 0) {
                    requested.put(e.getKey(), add);
                    used.put(e.getKey(), now);
                    limited.put(e.getKey(), e.getValue());
                }
            }
            if (!requested.isEmpty()) {
                throw refused(type, object, "exceeded quota: " + name + ", requested: " + print(requested)
                        + ", used: " + print(used) + ", limited: " + print(limited));
            }
        }
    }

    /** The status a quota shows now: its hard limits and the namespace's usage of each. */
    static Map<String, Object> status(KubeStore store, Map<String, Object> quota) {
        Map<String, Object> hardShown = new TreeMap<>();
        Map<String, Object> usedShown = new TreeMap<>();
        String ns = Trees.metaString(quota, "namespace");
        Map<String, Object> spec = Trees.map(Trees.map(quota, "spec"), "hard");
        if (spec != null) {
            spec.forEach((k, v) -> hardShown.put(k, Quantities.canonical(v)));
        }
        for (String resource : hardShown.keySet()) {
            usedShown.put(resource, QuotaUsage.format(resource, used(store, ns, quota, resource)));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        if (!hardShown.isEmpty()) {
            status.put("hard", new LinkedHashMap<>(hardShown));
            status.put("used", new LinkedHashMap<>(usedShown));
        }
        return status;
    }

    /** Brings the status of every quota of {@code ns} up to date, committing the ones that changed. */
    static void refresh(KubeStore store, String ns) {
        KubeStore.Bucket bucket = store.bucket(QUOTAS);
        for (Map<String, Object> quota : quotasIn(store, ns)) {
            Map<String, Object> status = status(store, quota);
            if (status.equals(quota.get("status"))) {
                continue;
            }
            Map<String, Object> next = Trees.copy(quota);
            next.put("status", status);
            Trees.meta(next).put("resourceVersion", String.valueOf(store.nextVersion()));
            store.commitPut(bucket.type, KubeStore.key(ns, Trees.metaString(quota, "name")), quota, next);
        }
    }

    /** The quotas of a namespace, by name (the stored objects; under the lock). */
    static List<Map<String, Object>> quotasIn(KubeStore store, String ns) {
        KubeStore.Bucket bucket = store.bucket(QUOTAS);
        if (ns.isEmpty() || bucket == null || bucket.objects.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(bucket.objects.subMap(KubeStore.key(ns, ""), KubeStore.key(ns, "\uffff")).values());
    }

    private static BigDecimal used(KubeStore store, String ns, Map<String, Object> quota, String resource) {
        BigDecimal sum = BigDecimal.ZERO;
        Set<String> storages = QuotaScopes.scoped(quota) ? Set.of("/pods") : QuotaUsage.storagesUsing(resource);
        for (String storage : new TreeSet<>(storages)) {
            KubeStore.Bucket bucket = store.bucket(storage);
            if (bucket == null) {
                continue;
            }
            for (Map<String, Object> o : bucket.objects.subMap(KubeStore.key(ns, ""), KubeStore.key(ns, "\uffff"))
                    .values()) {
                if (QuotaScopes.counts(quota, bucket.type, o)) {
                    sum = sum.add(QuotaUsage.of(bucket.type, o).getOrDefault(resource, BigDecimal.ZERO));
                }
            }
        }
        return sum;
    }

    private static Map<String, BigDecimal> hard(Map<String, Object> quota) {
        Map<String, BigDecimal> out = new TreeMap<>();
        Map<String, Object> hard = Trees.map(Trees.map(quota, "spec"), "hard");
        if (hard != null) {
            hard.forEach((k, v) -> Quantities.amount(v).ifPresent(a -> out.put(k, a)));
        }
        return out;
    }

    private static String print(Map<String, BigDecimal> amounts) {
        List<String> parts = new ArrayList<>();
        amounts.forEach((k, v) -> parts.add(k + "=" + QuotaUsage.format(k, v)));
        return String.join(",", parts);
    }

    private static FakeKubeException refused(ResourceType type, Map<String, Object> object, String why) {
        String name = Trees.metaString(object, "name");
        String resource = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
        return FakeKubeException.forbidden(type, name, resource + " \"" + name + "\" is forbidden: " + why, List.of());
    }
}

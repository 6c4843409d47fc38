package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a v1.33 API server does to a new Pod after decoding and defaulting it, in the order the request goes
 * through: the enabled-by-default admission plugins ({@link LimitRanger}; ServiceAccount: {@code serviceAccountName}
 * "default" and the {@code kube-api-access-*} projected token volume mounted read-only into every init and regular
 * container unless automounting is switched off on the pod or its ServiceAccount; DefaultTolerationSeconds: 300 s
 * NoExecute tolerations for the not-ready and unreachable taints; Priority: {@code priority} and
 * {@code preemptionPolicy} from the named PriorityClass, the global default one, or 0 / PreemptLowerPriority), then
 * the registry's create strategy (status phase Pending, qosClass, the SchedulingGated condition). These fields are
 * not owned by the creating field manager, as on a cluster, because they are added after ownership is computed. When
 * namespaces get their default objects ({@link NamespaceContents}), a Pod whose ServiceAccount does not exist is
 * refused with 403, as on a cluster; otherwise it is not required to exist. Runs under the store lock.
 */
final class PodAdmission {

    private static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final Map<String, Long> SYSTEM_CLASSES = Map.of("system-node-critical", 2_000_001_000L,
            "system-cluster-critical", 2_000_000_000L);

    private PodAdmission() {
    }

    /** Admits a new Pod (mutating it); 403 when it names a PriorityClass that does not exist. */
    static void admit(KubeStore store, ResourceType type, Map<String, Object> pod) {
        Map<String, Object> spec = Trees.map(pod, "spec");
        if (spec == null) {
            return;
        }
        String ns = Trees.metaString(pod, "namespace");
        LimitRanger.admit(store, ns, pod, spec);
        LimitRangeCheck.pod(store, type, ns, pod);
        serviceAccount(store, type, Trees.metaString(pod, "name"), ns, spec);
        tolerations(spec);
        priority(store, type, Trees.metaString(pod, "name"), spec);
        Map<String, Object> status = Trees.mapOrCreate(pod, "status");
        status.put("phase", "Pending");
        List<Object> gates = Trees.list(spec, "schedulingGates");
        if (gates != null && !gates.isEmpty()) {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", "PodScheduled");
            condition.put("status", "False");
            condition.put("lastProbeTime", null);
            condition.put("lastTransitionTime", null);
            condition.put("reason", "SchedulingGated");
            condition.put("message", "Scheduling is blocked due to non-empty scheduling gates");
            status.put("conditions", new ArrayList<>(List.of(condition)));
        }
        status.put("qosClass", PodQos.classOf(spec));
    }

    private static void serviceAccount(KubeStore store, ResourceType type, String podName, String ns,
                                       Map<String, Object> spec) {
        if (Trees.string(spec, "serviceAccountName").isEmpty()) {
            spec.put("serviceAccountName", "default");
            spec.put("serviceAccount", "default");
        }
        String accountName = Trees.string(spec, "serviceAccountName");
        KubeStore.Bucket accounts = store.bucket("/serviceaccounts");
        Map<String, Object> account = accounts == null ? null : accounts.objects.get(KubeStore.key(ns, accountName));
        if (account == null && store.namespaceDefaults()) {
            throw FakeKubeException.forbidden(type, podName, "pods \"" + podName + "\" is forbidden: error looking up "
                    + "service account " + ns + "/" + accountName + ": serviceaccount \"" + accountName
                    + "\" not found", List.of());
        }
        if (Boolean.FALSE.equals(spec.get("automountServiceAccountToken"))) {
            return;
        }
        if (spec.get("automountServiceAccountToken") == null && account != null
                && Boolean.FALSE.equals(account.get("automountServiceAccountToken"))) {
            return;
        }
        List<Map<String, Object>> needing = new ArrayList<>();
        for (String list : List.of("initContainers", "containers")) {
            for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                boolean mounted = maps(Trees.list(c, "volumeMounts")).stream()
                        .anyMatch(m -> TOKEN_PATH.equals(m.get("mountPath")));
                if (!mounted) {
                    needing.add(c);
                }
            }
        }
        if (needing.isEmpty()) {
            return;
        }
        String volumeName = "kube-api-access-" + suffix();
        for (Map<String, Object> c : needing) {
            Map<String, Object> mount = new LinkedHashMap<>();
            mount.put("name", volumeName);
            mount.put("readOnly", true);
            mount.put("mountPath", TOKEN_PATH);
            listAt(c, "volumeMounts").add(mount);
        }
        listAt(spec, "volumes").add(tokenVolume(volumeName));
    }

    private static Map<String, Object> tokenVolume(String name) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("expirationSeconds", 3607L);
        token.put("path", "token");
        Map<String, Object> caItem = new LinkedHashMap<>();
        caItem.put("key", "ca.crt");
        caItem.put("path", "ca.crt");
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("name", "kube-root-ca.crt");
        configMap.put("items", new ArrayList<>(List.of(caItem)));
        Map<String, Object> fieldRef = new LinkedHashMap<>();
        fieldRef.put("apiVersion", "v1");
        fieldRef.put("fieldPath", "metadata.namespace");
        Map<String, Object> nsItem = new LinkedHashMap<>();
        nsItem.put("path", "namespace");
        nsItem.put("fieldRef", fieldRef);
        Map<String, Object> downward = new LinkedHashMap<>();
        downward.put("items", new ArrayList<>(List.of(nsItem)));
        List<Object> sources = new ArrayList<>();
        sources.add(new LinkedHashMap<>(Map.of("serviceAccountToken", token)));
        sources.add(new LinkedHashMap<>(Map.of("configMap", configMap)));
        sources.add(new LinkedHashMap<>(Map.of("downwardAPI", downward)));
        Map<String, Object> projected = new LinkedHashMap<>();
        projected.put("sources", sources);
        projected.put("defaultMode", 420L);
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("name", name);
        volume.put("projected", projected);
        return volume;
    }

    private static List<Object> listAt(Map<String, Object> parent, String key) {
        List<Object> list = Trees.list(parent, key);
        if (list == null) {
            list = new ArrayList<>();
            parent.put(key, list);
        }
        return list;
    }

    private static String suffix() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(NAME_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(NAME_ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * Admits an update of a Pod (mutating it): DefaultTolerationSeconds handles updates as well as creates, so a
     * write that drops the default tolerations gets them back (and is then no removal of existing tolerations).
     */
    static void admitUpdate(Map<String, Object> pod) {
        Map<String, Object> spec = Trees.map(pod, "spec");
        if (spec != null) {
            tolerations(spec);
        }
    }

    /** Adds each default toleration the pod does not already have one for. */
    private static void tolerations(Map<String, Object> spec) {
        List<Map<String, Object>> existing = maps(Trees.list(spec, "tolerations"));
        for (String taint : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            if (existing.stream().anyMatch(t -> toleratesNoExecute(t, taint))) {
                continue;
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("key", taint);
            t.put("operator", "Exists");
            t.put("effect", "NoExecute");
            t.put("tolerationSeconds", 300L);
            listAt(spec, "tolerations").add(t);
        }
    }

    private static boolean toleratesNoExecute(Map<String, Object> t, String taint) {
        String effect = Trees.string(t, "effect");
        if (!effect.isEmpty() && !effect.equals("NoExecute")) {
            return false;
        }
        String key = Trees.string(t, "key");
        String operator = Trees.string(t, "operator");
        if (key.isEmpty()) {
            return operator.equals("Exists");
        }
        return key.equals(taint) && (operator.equals("Exists") || Trees.string(t, "value").isEmpty());
    }

    private static void priority(KubeStore store, ResourceType type, String podName, Map<String, Object> spec) {
        String className = Trees.string(spec, "priorityClassName");
        long priority = 0;
        String policy = "PreemptLowerPriority";
        KubeStore.Bucket classes = store.bucket("scheduling.k8s.io/priorityclasses");
        Map<String, Object> pc = null;
        if (className.isEmpty()) {
            if (classes != null) {
                pc = classes.objects.values().stream().filter(c -> Boolean.TRUE.equals(c.get("globalDefault")))
                        .findFirst().orElse(null);
            }
            if (pc != null) {
                spec.put("priorityClassName", Trees.metaString(pc, "name"));
            }
        } else {
            pc = classes == null ? null : classes.objects.get(KubeStore.key("", className));
            if (pc == null && !SYSTEM_CLASSES.containsKey(className)) {
                throw FakeKubeException.forbidden(type, podName, "pods \"" + podName + "\" is forbidden: "
                        + "no PriorityClass with name " + className + " was found", List.of());
            }
            if (pc == null) {
                priority = SYSTEM_CLASSES.get(className);
            }
        }
        if (pc != null) {
            priority = pc.get("value") instanceof Number n ? n.longValue() : 0;
            if (!Trees.string(pc, "preemptionPolicy").isEmpty()) {
                policy = Trees.string(pc, "preemptionPolicy");
            }
        }
        Object given = spec.get("priority");
        if (given instanceof Number n && n.longValue() != priority) {
            throw FakeKubeException.forbidden(type, podName, "pods \"" + podName + "\" is forbidden: the integer "
                    + "value of priority (" + n.longValue() + ") must not be provided in pod spec; priority "
                    + "admission controller computed " + priority + " from the given PriorityClass name",
                    List.of());
        }
        spec.put("priority", priority);
        String givenPolicy = Trees.string(spec, "preemptionPolicy");
        if (!givenPolicy.isEmpty() && !givenPolicy.equals(policy)) {
            throw FakeKubeException.forbidden(type, podName, "pods \"" + podName + "\" is forbidden: the string "
                    + "value of PreemptionPolicy (" + givenPolicy + ") must not be provided in pod spec; priority "
                    + "admission controller computed " + policy + " from the given PriorityClass name", List.of());
        }
        spec.put("preemptionPolicy", policy);
    }
}

package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The defaults a v1.33 API server fills in when it decodes a built-in object, on create and on every update alike
 * (the incoming object is defaulted before it is compared with the stored one), so that what a client reads back
 * looks like what a cluster shows. This class only routes by group and resource to the families:
 * {@link PodDefaults} (pod specs wherever they sit), {@link WorkloadDefaults}, {@link JobDefaults},
 * {@link ServiceDefaults}, {@link StorageDefaults}, {@link PolicyDefaults}, {@link AccessDefaults},
 * {@link ExtensionDefaults}; then every resource quantity is written in canonical form ({@link QuantityFields}).
 * Every family only sets fields that are absent (or empty where the server treats empty as unset), and canonical
 * quantities stay canonical, so defaulting an already defaulted object changes nothing, which keeps unchanged
 * applies no-ops. What the server adds after decoding
 * (admission plugins, strategies needing the uid) lives in {@link CreateAdmission}. Stateless, thread-safe.
 */
final class Defaults {

    private Defaults() {
    }

    /**
     * Fills in defaults. {@code old} is the stored object on an update (allocated Service values are kept from
     * it), null on create.
     */
    static void apply(ResourceType type, Map<String, Object> object, Map<String, Object> old) {
        String r = type.plural();
        Map<String, Object> spec = Trees.map(object, "spec");
        switch (type.group()) {
            case "" -> core(r, object, spec, old);
            case "apps" -> {
                if (spec != null) {
                    WorkloadDefaults.apps(r, spec);
                }
            }
            case "batch" -> {
                if (spec != null && r.equals("jobs")) {
                    JobDefaults.job(object, spec);
                } else if (spec != null && r.equals("cronjobs")) {
                    JobDefaults.cronJob(spec);
                }
            }
            case "networking.k8s.io" -> {
                if (spec != null && r.equals("networkpolicies")) {
                    PolicyDefaults.networkPolicy(spec);
                } else if (spec != null && r.equals("ingressclasses")) {
                    PolicyDefaults.ingressClass(spec);
                }
            }
            case "autoscaling" -> {
                if (spec != null && r.equals("horizontalpodautoscalers")) {
                    PolicyDefaults.autoscaler(spec, !type.version().equals("v1"));
                }
            }
            case "scheduling.k8s.io" -> {
                if (r.equals("priorityclasses")) {
                    PolicyDefaults.priorityClass(object);
                }
            }
            case "storage.k8s.io" -> {
                if (r.equals("storageclasses")) {
                    StorageDefaults.storageClass(object);
                }
            }
            case "rbac.authorization.k8s.io" -> {
                if (r.equals("rolebindings") || r.equals("clusterrolebindings")) {
                    AccessDefaults.binding(object);
                }
            }
            case "apiextensions.k8s.io" -> {
                if (spec != null && r.equals("customresourcedefinitions")) {
                    ExtensionDefaults.customResourceDefinition(spec);
                }
            }
            case "admissionregistration.k8s.io" -> {
                if (r.equals("mutatingwebhookconfigurations") || r.equals("validatingwebhookconfigurations")) {
                    AccessDefaults.webhooks(object, r.startsWith("mutating"));
                }
            }
            default -> {
            }
        }
        QuantityFields.canonicalize(type.apiVersion(), type.kind(), object);
    }

    private static void core(String r, Map<String, Object> object, Map<String, Object> spec,
                             Map<String, Object> old) {
        if (r.equals("endpoints")) {
            for (Map<String, Object> subset : maps(Trees.list(object, "subsets"))) {
                for (Map<String, Object> port : maps(Trees.list(subset, "ports"))) {
                    port.putIfAbsent("protocol", "TCP");
                }
            }
            return;
        }
        if (spec == null) {
            return;
        }
        switch (r) {
            case "pods" -> PodDefaults.pod(spec);
            case "services" -> ServiceDefaults.service(spec, Trees.map(old, "spec"));
            case "persistentvolumeclaims" -> StorageDefaults.claim(spec);
            case "persistentvolumes" -> StorageDefaults.persistentVolume(spec);
            case "limitranges" -> PolicyDefaults.limitRange(spec);
            case "replicationcontrollers" -> WorkloadDefaults.replicationController(object, spec);
            default -> {
            }
        }
    }

    /** The maps in {@code list} (other elements skipped); empty for null. The returned maps are live. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(List<Object> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (list != null) {
            for (Object o : list) {
                if (o instanceof Map<?, ?>) {
                    out.add((Map<String, Object>) o);
                }
            }
        }
        return out;
    }
}

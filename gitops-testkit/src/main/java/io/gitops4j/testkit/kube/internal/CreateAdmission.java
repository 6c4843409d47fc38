package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.ResourceType;
import java.util.Comparator;
import java.util.Map;

/**
 * What a v1.33 API server adds to a new built-in object after the field manager has recorded the request's
 * fields: the enabled-by-default mutating admission plugins and the create strategies that need the object's uid or
 * the clock. Pods go through {@link PodAdmission}; a Job gets its generated selector
 * ({@link JobDefaults#generateSelector}); a PersistentVolume the time of its Pending phase;
 * a PersistentVolumeClaim without {@code storageClassName} gets the default StorageClass's name
 * (DefaultStorageClass), an Ingress without {@code ingressClassName} the default IngressClass's
 * (DefaultIngressClass); with several defaults the newest wins; claims and volumes get their
 * in-use protection finalizer ({@link StorageProtection}). Last, ResourceQuota may refuse it
 * ({@link QuotaAdmission}). Create only; runs under the store lock on the
 * object about to be stored, after its uid and namespace are set.
 */
final class CreateAdmission {

    static final String DEFAULT_STORAGE_CLASS = "storageclass.kubernetes.io/is-default-class";
    static final String DEFAULT_STORAGE_CLASS_BETA = "storageclass.beta.kubernetes.io/is-default-class";
    static final String DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class";

    private CreateAdmission() {
    }

    /** Mutates {@code object}; may throw {@link io.gitops4j.testkit.kube.FakeKubeException} (403). */
    static void admit(KubeStore store, ResourceType type, Map<String, Object> object) {
        switch (ObjectRules.storage(type)) {
            case "/pods" -> PodAdmission.admit(store, type, object);
            case "batch/jobs" -> JobDefaults.generateSelector(object);
            case "/persistentvolumes" -> Trees.mapOrCreate(object, "status").put("lastPhaseTransitionTime",
                    store.timestamp());
            case "/persistentvolumeclaims" -> {
                LimitRangeCheck.claim(store, type, Trees.metaString(object, "namespace"), object);
                Map<String, Object> spec = Trees.map(object, "spec");
                if (spec != null && spec.get("storageClassName") == null
                        && !annotations(object).containsKey("volume.beta.kubernetes.io/storage-class")) {
                    String name = newestDefault(store, "storage.k8s.io/storageclasses", DEFAULT_STORAGE_CLASS,
                            DEFAULT_STORAGE_CLASS_BETA);
                    if (name != null) {
                        spec.put("storageClassName", name);
                    }
                }
            }
            case "networking.k8s.io/ingresses" -> {
                Map<String, Object> spec = Trees.map(object, "spec");
                if (spec != null && spec.get("ingressClassName") == null
                        && !annotations(object).containsKey("kubernetes.io/ingress.class")) {
                    String name = newestDefault(store, "networking.k8s.io/ingressclasses", DEFAULT_INGRESS_CLASS,
                            DEFAULT_INGRESS_CLASS);
                    if (name != null) {
                        spec.put("ingressClassName", name);
                    }
                }
            }
            default -> {
            }
        }
        StorageProtection.admit(type, object);
        QuotaAdmission.admit(store, type, object);
    }

    private static Map<String, Object> annotations(Map<String, Object> object) {
        Map<String, Object> a = Trees.map(Trees.map(object, "metadata"), "annotations");
        return a == null ? Map.of() : a;
    }

    /** The name of the newest class annotated as default ("true" under either key), or null. */
    private static String newestDefault(KubeStore store, String storage, String key, String betaKey) {
        KubeStore.Bucket bucket = store.bucket(storage);
        if (bucket == null) {
            return null;
        }
        return bucket.objects.values().stream()
                .filter(c -> "true".equals(annotations(c).get(key)) || "true".equals(annotations(c).get(betaKey)))
                .max(Comparator.comparing((Map<String, Object> c) -> Trees.metaString(c, "creationTimestamp"))
                        .thenComparing(c -> Trees.metaString(c, "name"), Comparator.reverseOrder()))
                .map(c -> Trees.metaString(c, "name")).orElse(null);
    }
}

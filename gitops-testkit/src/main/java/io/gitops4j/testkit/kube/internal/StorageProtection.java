package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Storage object in-use protection as a cluster has it: the admission plugin gives every new
 * PersistentVolumeClaim the finalizer {@code kubernetes.io/pvc-protection} and every PersistentVolume
 * {@code kubernetes.io/pv-protection}; their controllers remove it from one being deleted once nothing uses it any
 * more: a claim when no Pod of its namespace that has not finished mounts it, a volume when no claim is bound to it
 * ({@code spec.volumeName}). Until then the object stays, with its {@code deletionTimestamp}. The fake's controllers
 * act at once, inside the call that frees the object. Stateless.
 */
final class StorageProtection {

    static final String CLAIM_FINALIZER = "kubernetes.io/pvc-protection";
    static final String VOLUME_FINALIZER = "kubernetes.io/pv-protection";

    private StorageProtection() {
    }

    /** The protection finalizer of a type, or null when it has none. */
    static String finalizerOf(ResourceType type) {
        if (!type.group().isEmpty()) {
            return null;
        }
        return switch (type.plural()) {
            case "persistentvolumeclaims" -> CLAIM_FINALIZER;
            case "persistentvolumes" -> VOLUME_FINALIZER;
            default -> null;
        };
    }

    /** Adds the protection finalizer to a new claim or volume (admission). */
    static void admit(ResourceType type, Map<String, Object> object) {
        String finalizer = finalizerOf(type);
        if (finalizer == null) {
            return;
        }
        List<Object> finalizers = Trees.list(Trees.meta(object), "finalizers");
        if (finalizers == null) {
            finalizers = new ArrayList<>();
            Trees.meta(object).put("finalizers", finalizers);
        }
        if (!finalizers.contains(finalizer)) {
            finalizers.add(finalizer);
        }
    }

    /** Whether something still uses a claim or volume being deleted (under the store lock). */
    static boolean inUse(KubeStore store, ResourceType type, Map<String, Object> object) {
        String name = Trees.metaString(object, "name");
        if (CLAIM_FINALIZER.equals(finalizerOf(type))) {
            KubeStore.Bucket pods = store.bucket("/pods");
            String ns = Trees.metaString(object, "namespace");
            for (Map<String, Object> pod : pods.objects.subMap(KubeStore.key(ns, ""), KubeStore.key(ns, "\uffff"))
                    .values()) {
                Object phase = Trees.path(pod, "status.phase");
                if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                    continue;
                }
                for (Map<String, Object> volume : maps(Trees.list(Trees.map(pod, "spec"), "volumes"))) {
                    if (name.equals(Trees.path(volume, "persistentVolumeClaim.claimName"))) {
                        return true;
                    }
                }
            }
            return false;
        }
        for (Map<String, Object> claim : store.bucket("/persistentvolumeclaims").objects.values()) {
            if (name.equals(Trees.path(claim, "spec.volumeName"))) {
                return true;
            }
        }
        return false;
    }
}

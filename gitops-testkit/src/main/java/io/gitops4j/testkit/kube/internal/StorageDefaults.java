package io.gitops4j.testkit.kube.internal;

import java.util.Map;

/**
 * v1.33 storage defaults: PersistentVolumeClaim (volumeMode Filesystem, dataSource and dataSourceRef mirrored
 * into each other when only one is given), PersistentVolume (volumeMode Filesystem, reclaim policy Retain),
 * StorageClass (reclaimPolicy Delete, volumeBindingMode Immediate). Only absent fields are set. Stateless.
 */
final class StorageDefaults {

    private StorageDefaults() {
    }

    /** Any claim spec: a PersistentVolumeClaim's, a StatefulSet's claim template's, an ephemeral volume's. */
    static void claimSpec(Map<String, Object> spec) {
        spec.putIfAbsent("volumeMode", "Filesystem");
    }

    /**
     * A PersistentVolumeClaim object's spec: the claim spec defaults, and {@code dataSource}/{@code dataSourceRef}
     * mirrored into each other when only one is given (a namespaced dataSourceRef is not mirrored).
     */
    static void claim(Map<String, Object> spec) {
        claimSpec(spec);
        Map<String, Object> source = Trees.map(spec, "dataSource");
        Map<String, Object> ref = Trees.map(spec, "dataSourceRef");
        if (source != null && ref == null) {
            spec.put("dataSourceRef", Trees.copy(source));
        } else if (ref != null && source == null && !ref.containsKey("namespace")) {
            spec.put("dataSource", Trees.copy(ref));
        }
    }

    static void persistentVolume(Map<String, Object> spec) {
        spec.putIfAbsent("persistentVolumeReclaimPolicy", "Retain");
        spec.putIfAbsent("volumeMode", "Filesystem");
    }

    /** A StorageClass keeps its fields at the top level, not under {@code spec}. */
    static void storageClass(Map<String, Object> object) {
        object.putIfAbsent("reclaimPolicy", "Delete");
        object.putIfAbsent("volumeBindingMode", "Immediate");
    }
}

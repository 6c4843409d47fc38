package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Printers of PersistentVolume, PersistentVolumeClaim and StorageClass. Version difference: the
 * VOLUMEATTRIBUTESCLASS column of volumes and claims exists from 1.29 on. Quantities are shown as stored. Stateless
 * and thread-safe.
 */
final class StoragePrinters {
    private static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
    private static final List<String[]> ACCESS_MODES = List.of(new String[] {"ReadWriteOnce", "RWO"},
            new String[] {"ReadOnlyMany", "ROX"}, new String[] {"ReadWriteMany", "RWX"},
            new String[] {"ReadWriteOncePod", "RWOP"});

    private StoragePrinters() {
    }

    /**
     * {@code NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS [VOLUMEATTRIBUTESCLASS] REASON AGE},
     * wide {@code VOLUMEMODE}.
     */
    static KindPrinter persistentVolume(int minor) {
        boolean vac = minor >= 29;
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.text("Capacity", "The volume's storage capacity."),
                Column.text("Access Modes", "How the volume can be mounted."),
                Column.text("Reclaim Policy", "What happens to the volume when its claim goes."),
                Column.text("Status", "The phase of the volume."),
                Column.text("Claim", "The claim bound to the volume."),
                Column.text("StorageClass", "StorageClass of the pv")));
        if (vac) {
            columns.add(Column.text("VolumeAttributesClass", "VolumeAttributesClass of the pv"));
        }
        columns.addAll(List.of(Column.text("Reason", "Why the volume is in its phase."), Column.age(),
                Column.wide("VolumeMode", "Filesystem or Block.")));
        return new KindPrinter(columns, (pv, now) -> {
            JsonNode spec = pv.path("spec");
            JsonNode claim = spec.path("claimRef");
            List<Object> cells = new ArrayList<>();
            cells.add(Fields.name(pv));
            cells.add(Fields.orElse(spec.path("capacity").path("storage"), "0"));
            cells.add(accessModes(spec.path("accessModes")));
            cells.add(Fields.text(spec.path("persistentVolumeReclaimPolicy")));
            cells.add(Fields.deleting(pv) ? "Terminating" : Fields.text(pv.path("status").path("phase")));
            cells.add(Fields.present(claim) ? Fields.text(claim.path("namespace")) + "/"
                    + Fields.text(claim.path("name")) : "");
            cells.add(storageClass(pv));
            if (vac) {
                cells.add(Fields.orElse(spec.path("volumeAttributesClassName"), "<unset>"));
            }
            cells.add(Fields.text(pv.path("status").path("reason")));
            cells.add(Ages.age(pv, now));
            cells.add(Fields.orElse(spec.path("volumeMode"), "<unset>"));
            return cells;
        });
    }

    /**
     * {@code NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS [VOLUMEATTRIBUTESCLASS] AGE}, wide
     * {@code VOLUMEMODE}; CAPACITY and ACCESS MODES come from the status once the claim names a volume.
     */
    static KindPrinter persistentVolumeClaim(int minor) {
        boolean vac = minor >= 29;
        List<Column> columns = new ArrayList<>(List.of(Column.objectName(),
                Column.text("Status", "The phase of the claim."),
                Column.text("Volume", "The volume bound to the claim."),
                Column.text("Capacity", "The bound volume's capacity."),
                Column.text("Access Modes", "How the bound volume can be mounted."),
                Column.text("StorageClass", "StorageClass of the pvc")));
        if (vac) {
            columns.add(Column.text("VolumeAttributesClass", "VolumeAttributesClass of the pvc"));
        }
        columns.addAll(List.of(Column.age(), Column.wide("VolumeMode", "Filesystem or Block.")));
        return new KindPrinter(columns, (pvc, now) -> {
            JsonNode spec = pvc.path("spec");
            JsonNode status = pvc.path("status");
            boolean bound = !Fields.text(spec.path("volumeName")).isEmpty();
            List<Object> cells = new ArrayList<>();
            cells.add(Fields.name(pvc));
            cells.add(Fields.deleting(pvc) ? "Terminating" : Fields.text(status.path("phase")));
            cells.add(Fields.text(spec.path("volumeName")));
            cells.add(bound ? Fields.orElse(status.path("capacity").path("storage"), "0") : "");
            cells.add(bound ? accessModes(status.path("accessModes")) : "");
            cells.add(storageClass(pvc));
            if (vac) {
                cells.add(Fields.orElse(spec.path("volumeAttributesClassName"), "<unset>"));
            }
            cells.add(Ages.age(pvc, now));
            cells.add(Fields.orElse(spec.path("volumeMode"), "<unset>"));
            return cells;
        });
    }

    /** Access modes abbreviated ({@code RWO,ROX,RWX,RWOP}, always in that order, each once). */
    static String accessModes(JsonNode modes) {
        List<String> out = new ArrayList<>();
        for (String[] mode : ACCESS_MODES) {
            for (JsonNode m : modes) {
                if (mode[0].equals(Fields.text(m))) {
                    out.add(mode[1]);
                    break;
                }
            }
        }
        return String.join(",", out);
    }

    /** The beta storage-class annotation if set, else {@code spec.storageClassName}. */
    private static String storageClass(JsonNode object) {
        JsonNode annotation = object.path("metadata").path("annotations").path(BETA_CLASS_ANNOTATION);
        return Fields.present(annotation) ? Fields.text(annotation)
                : Fields.text(object.path("spec").path("storageClassName"));
    }

    /**
     * {@code NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE}; the default class's name
     * gets {@code " (default)"}.
     */
    static KindPrinter storageClass() {
        return new KindPrinter(List.of(Column.objectName(),
                Column.text("Provisioner", "The volume plugin provisioning volumes."),
                Column.text("ReclaimPolicy", "Reclaim policy of provisioned volumes."),
                Column.text("VolumeBindingMode", "When volumes are bound and provisioned."),
                Column.text("AllowVolumeExpansion", "Whether volumes can be expanded."),
                Column.age()), (sc, now) -> {
            JsonNode annotations = sc.path("metadata").path("annotations");
            boolean isDefault = "true".equals(Fields.text(annotations.path("storageclass.kubernetes.io/is-default-class")))
                    || "true".equals(Fields.text(annotations.path("storageclass.beta.kubernetes.io/is-default-class")));
            List<Object> cells = new ArrayList<>();
            cells.add(isDefault ? Fields.name(sc) + " (default)" : Fields.name(sc));
            cells.add(Fields.text(sc.path("provisioner")));
            cells.add(Fields.orElse(sc.path("reclaimPolicy"), "Delete"));
            cells.add(Fields.orElse(sc.path("volumeBindingMode"), "Immediate"));
            cells.add(sc.path("allowVolumeExpansion").asBoolean(false));
            cells.add(Ages.age(sc, now));
            return cells;
        });
    }
}

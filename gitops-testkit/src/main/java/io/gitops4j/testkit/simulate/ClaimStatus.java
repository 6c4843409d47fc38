package io.gitops4j.testkit.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The persistent-volume binder: a Pending claim becomes {@code Bound} with its requested access modes and
 * capacity. A failed provisioning leaves it Pending, as on a real cluster. The claim's {@code spec.volumeName} is
 * not set (no PersistentVolume objects are made).
 */
final class ClaimStatus implements StatusRule {

    @Override
    public Simulation simulation() {
        return Simulation.PERSISTENT_VOLUME_CLAIMS;
    }

    @Override
    public String group() {
        return "";
    }

    @Override
    public String kind() {
        return "PersistentVolumeClaim";
    }

    @Override
    public boolean pending(Map<String, Object> pvc) {
        return !"Bound".equals(Fields.string(pvc, "status", "phase"));
    }

    @Override
    public Optional<Map<String, Object>> started(Map<String, Object> pvc, String now) {
        return Optional.empty();
    }

    @Override
    public Optional<Map<String, Object>> finished(Map<String, Object> pvc, boolean failed, String now) {
        if (failed) {
            return Optional.empty();
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("phase", "Bound");
        Object modes = Fields.value(pvc, "spec", "accessModes");
        s.put("accessModes", modes instanceof List<?> l ? l : List.of("ReadWriteOnce"));
        Object storage = Fields.value(pvc, "spec", "resources", "requests", "storage");
        if (storage != null) {
            s.put("capacity", Map.of("storage", storage));
        }
        return Optional.of(s);
    }
}

package io.gitops4j.core.plan;

import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.core.merge.Quantities;
import io.gitops4j.core.merge.TypeSchema;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.resource.JsonTrees;
import io.gitops4j.api.resource.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields where a live object differs from the desired one, reading the desired object as "these fields must
 * hold these values": fields only the live object has (server defaults, status, other managers' fields) are not
 * differences. Metadata other than labels and annotations is ignored. Lists of different lengths differ as a
 * whole; lists of equal length are compared element by element. Numbers compare by value ({@code 1} = {@code 1.0}).
 * Resource quantities of built-in kinds (fields the v1.33 schema types as {@code Quantity}) compare by amount, the
 * way the API server stores them: {@code 0.5} = {@code "500m"}, {@code "1024Mi"} = {@code "1Gi"} (DA-10).
 *
 * <p>Secret values never appear: every value under a Secret's {@code data} or {@code stringData}, and the
 * {@code last-applied-configuration} annotation of a Secret, are shown as {@code <redacted sha256:…>} (RD-18,
 * DA-11). A Secret's desired {@code stringData} is compared with the base64 {@code data} the server stores.
 * Stateless and thread-safe.
 */
public final class FieldDiff {
    private static final Set<String> COMPARED_METADATA = Set.of("labels", "annotations");
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private FieldDiff() {}

    /** @return the differing fields in path order of the desired object; empty when the live object complies */
    public static List<FieldChange> between(Manifest desired, Manifest live) {
        boolean secret = desired.kind().equals("Secret") && desired.apiVersion().equals("v1");
        TypeSchema schema = schemaOf(desired);
        List<FieldChange> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : desired.tree().entrySet()) {
            String field = e.getKey();
            if (field.equals("status") || field.equals("apiVersion") || field.equals("kind")) {
                continue;
            }
            if (field.equals("metadata")) {
                for (String m : COMPARED_METADATA) {
                    Object want = desired.metadata().get(m);
                    if (want != null) {
                        compare(".metadata." + m, want, live.metadata().get(m), null, secret, out);
                    }
                }
            } else if (secret && field.equals("stringData")) {
                compareStringData(e.getValue(), live.tree().get("data"), out);
            } else {
                compare("." + field, e.getValue(), live.tree().get(field), field(schema, field), secret, out);
            }
        }
        return out;
    }

    /** @param type the schema of this field, null when unknown (then values compare as plain JSON) */
    private static void compare(String path, Object want, Object have, TypeSchema type, boolean secret,
                                List<FieldChange> out) {
        if (want instanceof Map && have instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) want).entrySet()) {
                String key = String.valueOf(e.getKey());
                compare(path + "." + key, e.getValue(), ((Map<?, ?>) have).get(key), field(type, key), secret, out);
            }
            return;
        }
        if (want instanceof List && have instanceof List && ((List<?>) want).size() == ((List<?>) have).size()) {
            List<?> w = (List<?>) want;
            List<?> h = (List<?>) have;
            TypeSchema element = type == null || type.kind() != TypeSchema.Kind.LIST ? null : type.elementType();
            for (int i = 0; i < w.size(); i++) {
                compare(path + index(w.get(i), i), w.get(i), h.get(i), element, secret, out);
            }
            return;
        }
        if (type != null && Quantities.TYPE_NAME.equals(type.name()) && have != null
                && Objects.equals(Quantities.canonical(want), Quantities.canonical(have))) {
            return; // the same amount, spelled as the server spells it
        }
        if (want == null && have == null) {
            return;
        }
        if (want instanceof Map && ((Map<?, ?>) want).isEmpty() && have == null) {
            return;
        }
        if (!sameValue(want, have)) {
            boolean redact = secret && (path.startsWith(".data.") || path.startsWith(".stringData.")
                    || path.equals(".data") || path.equals(".metadata.annotations." + LAST_APPLIED));
            out.add(new FieldChange(path, show(have, redact), show(want, redact)));
        }
    }

    /** The v1.33 schema of a built-in kind, null for custom resources and unknown kinds. */
    private static TypeSchema schemaOf(Manifest desired) {
        try {
            return BuiltInSchemas.registry().find(desired.apiVersion(), desired.kind()).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // no schemas: plain comparison
        }
    }

    /** The schema of {@code key} below {@code type}: a declared field, or a map's value type; null when unknown. */
    private static TypeSchema field(TypeSchema type, String key) {
        if (type == null || type.kind() != TypeSchema.Kind.OBJECT) {
            return null;
        }
        return type.fieldType(key).filter(t -> !t.isUntyped() || Quantities.TYPE_NAME.equals(t.name())).orElse(null);
    }

    private static void compareStringData(Object want, Object liveData, List<FieldChange> out) {
        if (!(want instanceof Map)) {
            return;
        }
        Map<?, ?> data = liveData instanceof Map ? (Map<?, ?>) liveData : Map.of();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) want).entrySet()) {
            String encoded = e.getValue() == null ? null : Base64.getEncoder()
                    .encodeToString(String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8));
            Object have = data.get(e.getKey());
            if (!Objects.equals(encoded, have)) {
                out.add(new FieldChange(".data." + e.getKey(), show(have, true), show(encoded, true)));
            }
        }
    }

    private static String index(Object element, int i) {
        if (element instanceof Map && ((Map<?, ?>) element).get("name") instanceof String) {
            return "[name=\"" + ((Map<?, ?>) element).get("name") + "\"]";
        }
        return "[" + i + "]";
    }

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        if (a instanceof Map && b instanceof Map || a instanceof List && b instanceof List) {
            return JsonTrees.canonicalJson(a).equals(JsonTrees.canonicalJson(b));
        }
        return Objects.equals(a, b);
    }

    /** @return {@code value} as compact JSON ({@code ""} for null), or its redacted digest */
    static String shown(Object value, boolean redact) {
        return show(value, redact);
    }

    private static String show(Object value, boolean redact) {
        if (value == null) {
            return "";
        }
        String json = JsonTrees.canonicalJson(value);
        return redact ? "<redacted sha256:" + Manifest.sha256Hex(json).substring(0, 12) + ">" : json;
    }
}

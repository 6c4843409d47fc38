package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.WriteFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps a Secret's values out of failure messages (DA-11, RD-18). An API server may quote a value it refuses; this
 * replaces every value of the Secret's {@code data} (as sent, base64, and decoded) and {@code stringData} with
 * {@value LiveObjects#REDACTED}, and any {@code last-applied-configuration} annotation the object carries. Values
 * shorter than {@value #SHORTEST} characters are not searched for (they would blank out ordinary words).
 * Immutable.
 */
public final class SecretRedaction {
    static final int SHORTEST = 4;
    private static final SecretRedaction NONE = new SecretRedaction(List.of());

    private final List<String> values;

    private SecretRedaction(List<String> values) {
        this.values = values;
    }

    /** @return what to redact from messages about {@code object} */
    public static SecretRedaction of(Manifest object) {
        List<String> out = new ArrayList<>();
        String lastApplied = object.annotations().get(LiveObjects.LAST_APPLIED);
        if (lastApplied != null) {
            out.add(lastApplied);
        }
        if (object.kind().equals("Secret") && object.apiVersion().equals("v1")) {
            for (Map.Entry<?, ?> e : Json.map(object.tree(), "data").entrySet()) {
                if (e.getValue() instanceof String v) {
                    out.add(v);
                    try {
                        out.add(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException notBase64) {
                        // the server will refuse it; the value as sent is redacted anyway
                    }
                }
            }
            for (Map.Entry<?, ?> e : Json.map(object.tree(), "stringData").entrySet()) {
                if (e.getValue() instanceof String v) {
                    out.add(v);
                }
            }
        }
        out.removeIf(v -> v.length() < SHORTEST);
        if (out.isEmpty()) {
            return NONE;
        }
        out.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretRedaction(List.copyOf(out));
    }

    /** @return the text with every secret value replaced */
    public String apply(String text) {
        String t = text;
        for (String v : values) {
            t = t.replace(v, LiveObjects.REDACTED);
        }
        return t;
    }

    /** @return the failure with its message and details redacted */
    public WriteFailure apply(WriteFailure f) {
        if (values.isEmpty()) {
            return f;
        }
        return new WriteFailure(f.reason(), apply(f.message()), f.details().stream().map(this::apply).toList());
    }
}

package io.gitops4j.api.render;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Post-build variable substitution, as Flux's {@code spec.postBuild.substitute}: after any renderer has rendered,
 * <code>${NAME}</code> expressions in the objects are replaced by the values of this map (see {@code
 * docs/rendering.md} for the syntax and rules). The values come from the host (a ConfigMap it read, a vault); they
 * are treated as secrets: {@link #toString()} lists the names only, {@link #fingerprint()} holds a hash, and no
 * error message ever contains a value.
 *
 * <p>As in Flux, nothing is substituted when no variable is defined ({@link #isEnabled()}), even in strict mode.
 *
 * @param variables values by name; names match {@code ^[_[:alpha:]][_[:alpha:][:digit:]]*$} (ASCII letters, digits
 *     and {@code _}, not starting with a digit); newlines in values are removed, as Flux removes them
 * @param strict whether a variable used without a default and not defined here is an error naming it, rather than
 *     an empty string
 */
public record Substitution(Map<String, String> variables, boolean strict) {
    private static final Pattern NAME = Pattern.compile("[_A-Za-z][_A-Za-z0-9]*");
    private static final Substitution NONE = new Substitution(Map.of(), false);

    /**
     * Copies the map in name order without newlines in values.
     *
     * @throws InvalidSpecException naming a variable whose name is invalid (never its value)
     */
    public Substitution {
        Checks.notNull(variables, "variables");
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String name = Checks.notNull(e.getKey(), "variable name");
            if (!NAME.matcher(name).matches()) {
                throw new InvalidSpecException("substitution.variables", "'" + printable(name) + "' is not a valid "
                        + "variable name: letters, digits and _, not starting with a digit");
            }
            String value = Checks.notNull(e.getValue(), "value of variable " + name);
            copy.put(name, value.indexOf('\n') < 0 ? value : value.replace("\n", ""));
        }
        variables = Collections.unmodifiableMap(copy);
    }

    /** @return no variables: substitution off */
    public static Substitution none() {
        return NONE;
    }

    /** @return these variables, not strict */
    public static Substitution of(Map<String, String> variables) {
        return new Substitution(variables, false);
    }

    /** @return a copy with these variables */
    public Substitution withVariables(Map<String, String> newVariables) {
        return new Substitution(newVariables, strict);
    }

    /** @return a copy with strict mode on or off */
    public Substitution withStrict(boolean value) {
        return new Substitution(variables, value);
    }

    /** @return true when at least one variable is defined; otherwise renders are left exactly as they are */
    public boolean isEnabled() {
        return !variables.isEmpty();
    }

    /**
     * @return {@code none} when off, else {@code strict:} or {@code lenient:} and an HMAC-SHA-256 over the names and
     *     values, keyed with a random key of this JVM: it changes with any value, shows none, and cannot be checked
     *     against guessed values outside this process (so it is stable within one JVM only; it keys in-memory caches)
     */
    public String fingerprint() {
        if (!isEnabled()) {
            return "none";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(FingerprintKey.KEY);
            for (Map.Entry<String, String> e : variables.entrySet()) {
                update(mac, e.getKey());
                update(mac, e.getValue());
            }
            return (strict ? "strict:" : "lenient:") + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Length-prefixed, so no two different maps feed the same bytes. */
    private static void update(Mac mac, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        mac.update(bytes);
    }

    /** @return the variable names and the mode; never a value */
    @Override
    public String toString() {
        return "Substitution[variables=" + variables.keySet() + ", strict=" + strict + "]";
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** The fingerprint key, made once per JVM on first use. */
    private static final class FingerprintKey {
        static final SecretKeySpec KEY = new SecretKeySpec(random(), "HmacSHA256");

        private FingerprintKey() {}

        private static byte[] random() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return bytes;
        }
    }
}

package io.gitops4j.core.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Types YAML scalars exactly as {@code kubectl apply -f} does. kubectl converts YAML to JSON with
 * sigs.k8s.io/yaml, which resolves plain scalars with go-yaml v2's YAML 1.1-style rules, then decodes the JSON
 * into an unstructured object (integers that fit in 64 bits stay integers, every other number is a double).
 *
 * <p>The rules, checked against kubectl 1.27–1.33 by {@code YamlTypingDifferentialIT}:
 * <ul>
 *   <li>booleans: {@code y Y yes Yes YES on On ON true True TRUE} and {@code n N no No NO off Off OFF false False
 *       FALSE}; nulls: empty, {@code ~ null Null NULL};</li>
 *   <li>integers after removing {@code _}: decimal, {@code 0x} hex, {@code 0o} and leading-zero octal, {@code 0b}
 *       binary, with an optional sign; beyond 64 bits they become doubles;</li>
 *   <li>floats matching {@code [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?}; out of range stays a string;
 *       {@code .inf} and {@code .nan} are errors (JSON cannot hold them); a float with an integral value below 2^63
 *       becomes an integer, as kubectl's JSON round trip makes it;</li>
 *   <li>everything else, timestamps and {@code 1:20} included, stays a string; quoted and block scalars are
 *       strings.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class YamlScalars {
    /** The value of a YAML {@code .inf}/{@code .nan}: rejected because JSON cannot represent it. */
    static final Object NOT_JSON = new Object();

    private static final Map<String, Object> WORDS = words();
    private static final Pattern YAML_FLOAT =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final double TWO_POW_63 = 9.223372036854775808E18;

    private YamlScalars() {}

    private static Map<String, Object> words() {
        Map<String, Object> m = new java.util.HashMap<>();
        for (String t : new String[] {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"}) {
            m.put(t, Boolean.TRUE);
        }
        for (String f : new String[] {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"}) {
            m.put(f, Boolean.FALSE);
        }
        for (String n : new String[] {"", "~", "null", "Null", "NULL"}) {
            m.put(n, JsonNull.INSTANCE);
        }
        for (String x : new String[] {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                "-.inf", "-.Inf", "-.INF"}) {
            m.put(x, NOT_JSON);
        }
        return Map.copyOf(m);
    }

    /** Marker for null inside this class (maps cannot hold null values in {@code Map.copyOf}). */
    private enum JsonNull { INSTANCE }

    /**
     * Resolves an untagged plain scalar.
     *
     * @return a String, Boolean, Long, Double, null, or {@link #NOT_JSON}
     */
    static Object plain(String in) {
        return json(resolve(in));
    }

    /**
     * The JSON object key sigs.k8s.io/yaml makes of an untagged plain scalar used as a map key: integers in
     * decimal, floats in Go's shortest 32-bit {@code 'g'} format, booleans as {@code true}/{@code false}.
     *
     * @throws IllegalArgumentException for keys kubectl cannot convert (null, beyond 64-bit signed, inf, NaN)
     */
    static String plainKey(String in) {
        Object raw = resolve(in);
        if (raw instanceof BigInteger) {
            throw new IllegalArgumentException("map key " + in + " is beyond a 64-bit integer");
        }
        if (raw == NOT_JSON) {
            throw new IllegalArgumentException("map key " + in + " (infinity or NaN) cannot be a JSON key");
        }
        return key(raw);
    }

    /** Turns a go-yaml value into what kubectl's JSON round trip makes of it. */
    private static Object json(Object raw) {
        if (raw instanceof BigInteger) {
            return ((BigInteger) raw).doubleValue();
        }
        if (raw instanceof Double) {
            return fromDouble((Double) raw);
        }
        return raw;
    }

    /** go-yaml v2's resolution: String, Boolean, null, Long, BigInteger (uint64), Double, or NOT_JSON. */
    private static Object resolve(String in) {
        Object word = WORDS.get(in);
        if (word != null) {
            return word == JsonNull.INSTANCE ? null : word;
        }
        char first = in.charAt(0);
        if (first == '.') {
            String digits = in.replace("_", "");
            if (underscoresBetweenDigits(in) && DOT_FLOAT.matcher(digits).matches()) {
                return Double.parseDouble(digits);
            }
            return in;
        }
        if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
            return number(in);
        }
        return in;
    }

    private static Object number(String in) {
        String plain = in.replace("_", "");
        BigInteger integer = parseGoInteger(plain);
        if (integer != null) {
            if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
                return integer.longValue();
            }
            if (integer.signum() > 0 && integer.compareTo(UINT64_MAX) <= 0 && plain.charAt(0) != '+') {
                return integer;   // go-yaml gives uint64; kubectl's JSON decoding makes it a double
            }
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            double d;
            try {
                d = new BigDecimal(plain).doubleValue();
            } catch (NumberFormatException e) {
                return in;   // an exponent beyond any double
            }
            if (Double.isInfinite(d)) {
                return in;   // Go's ParseFloat reports a range error: the scalar stays a string
            }
            return d;
        }
        return in;
    }

    /** Go's rule for underscores in a float: each one sits between two digits. */
    private static boolean underscoresBetweenDigits(String s) {
        for (int i = s.indexOf('_'); i >= 0; i = s.indexOf('_', i + 1)) {
            if (i == 0 || i == s.length() - 1 || !Character.isDigit(s.charAt(i - 1))
                    || !Character.isDigit(s.charAt(i + 1))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Go's {@code strconv.ParseInt(s, 0, 64)} syntax without the range check: optional sign, {@code 0x}, {@code 0o},
     * {@code 0b} or a leading {@code 0} (octal) prefix.
     *
     * @return the value, or null when the text is not an integer in that syntax
     */
    private static BigInteger parseGoInteger(String s) {
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() >= 2 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x') {
                radix = 16;
                body = body.substring(2);
            } else if (p == 'o') {
                radix = 8;
                body = body.substring(2);
            } else if (p == 'b') {
                radix = 2;
                body = body.substring(2);
            } else {
                radix = 8;
                body = body.substring(1);
            }
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int k = 0; k < body.length(); k++) {
            if (body.charAt(k) > 'z' || Character.digit(body.charAt(k), radix) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(body, radix);
        return negative ? value.negate() : value;
    }

    /** A float as kubectl's JSON round trip leaves it: integral values below 2^63 become longs. */
    static Object fromDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return NOT_JSON;
        }
        if (d == Math.rint(d) && Math.abs(d) < TWO_POW_63) {
            return (long) d;
        }
        return d;
    }

    /**
     * Resolves a scalar carrying one of the standard tags go-yaml understands.
     *
     * @param tag the full tag, such as {@code tag:yaml.org,2002:int}
     * @return the value, or {@link #NOT_JSON}
     * @throws IllegalArgumentException with a reason when the value does not fit the tag
     */
    static Object tagged(String tag, String value) {
        switch (tag) {
            case "tag:yaml.org,2002:str":
            case "tag:yaml.org,2002:timestamp":
            case "!":
                return value;
            case "tag:yaml.org,2002:binary":
                return binary(value);
            case "tag:yaml.org,2002:null": {
                Object v = WORDS.get(value);
                if (v == JsonNull.INSTANCE) {
                    return null;
                }
                throw new IllegalArgumentException("a value tagged !!null is not null");
            }
            case "tag:yaml.org,2002:bool": {
                Object v = WORDS.get(value);
                if (v instanceof Boolean) {
                    return v;
                }
                throw new IllegalArgumentException("a value tagged !!bool is not a boolean");
            }
            case "tag:yaml.org,2002:int": {
                Object v = value.isEmpty() ? null : plain(value);
                if (v instanceof Long || (v instanceof Double && isIntegerText(value))) {
                    return v;
                }
                throw new IllegalArgumentException("a value tagged !!int is not an integer");
            }
            case "tag:yaml.org,2002:float": {
                Object v = value.isEmpty() ? null : plain(value);
                if (v instanceof Long || v instanceof Double || v == NOT_JSON) {
                    return v;
                }
                throw new IllegalArgumentException("a value tagged !!float is not a number");
            }
            default:
                throw new IllegalArgumentException("tag " + tag + " is not allowed");
        }
    }

    private static boolean isIntegerText(String value) {
        return parseGoInteger(value.replace("_", "")) != null;
    }

    private static String binary(String value) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(value.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("!!binary value is not valid base64");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("!!binary value is not UTF-8 text; JSON cannot hold raw bytes");
        }
    }

    /**
     * The JSON object key sigs.k8s.io/yaml makes of a resolved scalar key.
     *
     * @throws IllegalArgumentException for a null key
     */
    static String key(Object resolved) {
        if (resolved == null) {
            throw new IllegalArgumentException("a null map key cannot be converted to JSON");
        }
        if (resolved instanceof Double) {
            return goFloatKey((Double) resolved);
        }
        return String.valueOf(resolved);
    }

    /** Go's {@code strconv.FormatFloat(f, 'g', -1, 32)}, which sigs.k8s.io/yaml uses for float keys. */
    private static String goFloatKey(double d) {
        BigDecimal shortest = new BigDecimal(Float.toString((float) d)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - shortest.scale();
        String sign = shortest.signum() < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {   // Go's shortest 'g' switches to an exponent outside [1e-4, 1e6)
            return sign + expForm(digits, exp);
        }
        return shortest.toPlainString();
    }

    private static String expForm(String digits, int exp) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.valueOf(Math.abs(exp));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}

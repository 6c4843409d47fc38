package io.gitops4j.core.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities as an API server writes them back: always a string. The value is read exactly (rounded away
 * from zero to whole nano units; a binary-suffixed value beyond {@code 2^63 - 1} in magnitude is capped there, as
 * the server caps it). The server keeps the text as given when its parser takes it for canonical (see
 * {@link #keptAsWritten}): {@code 1.500}, {@code +1}, {@code 007}, {@code 1E6}, {@code 1023Ki} come back unchanged.
 * Otherwise it writes the value in canonical form, in the notation it was given in: binary suffixes ({@code Ki}..
 * {@code Ei}) stay binary when the value is a whole number of at least 1024 in magnitude (largest suffix that keeps
 * the number whole: {@code 1024Mi} is {@code 1Gi}, {@code 1.5Gi} is {@code 1536Mi}, {@code 62.5Ki} is {@code 64000});
 * decimal values use the largest SI suffix ({@code n u m "" k M G T P E}) keeping a whole number ({@code 0.5} is
 * {@code 500m}, {@code 1000} is {@code 1k}, {@code 1000m} is {@code 1}); exponent notation keeps an exponent that
 * is a multiple of three ({@code 1.5e3} is {@code 1500}). Zero is {@code 0}. So the canonical form depends on the
 * notation, not only on the value, and is not always a fixed point: {@code 62.5Ki} is written {@code 64000}, which
 * read again is written {@code 64k}, as the server does. A decimal value of 10^21 or more written with an SI
 * suffix comes back without its power ({@code 1000000000E} as {@code 1}), as the server writes it: it has no suffix
 * for it. The rules were checked against the API machinery's own Quantity through kubectl
 * ({@code QuantitiesDifferentialIT}). The fake API server writes quantities back this way; the
 * planner compares quantities in this form (DA-10: {@code 0.5} and {@code 500m} are the same request). Stateless.
 */
public final class Quantities {

    /** The OpenAPI name of the quantity type in the built-in schemas ({@link TypeSchema#name()}). */
    public static final String TYPE_NAME = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private static final Pattern SYNTAX = Pattern.compile(
            "([+-]?)(?:(\\d+)(?:\\.(\\d*))?|\\.(\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d{1,9})?");
    private static final Map<String, Integer> DECIMAL = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6,
            "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<Integer, String> DECIMAL_SUFFIX = Map.of(-9, "n", -6, "u", -3, "m", 0, "", 3, "k",
            6, "M", 9, "G", 12, "T", 15, "P", 18, "E");
    private static final String[] BINARY_SUFFIX = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger KIBI = BigInteger.valueOf(1024);
    /** The largest magnitude a binary-suffixed quantity keeps ({@code 2^63 - 1}). */
    private static final BigDecimal BINARY_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Digits the server's parser reads into a 64-bit integer before it falls back to arbitrary precision. */
    private static final int FAST_DIGITS = 18;

    private enum Notation { BINARY, DECIMAL, EXPONENT }

    private Quantities() {
    }

    /**
     * The text the server writes back for a quantity given as a string or a number: the text itself when the server
     * keeps it ({@link #keptAsWritten}), else the canonical form; {@code value} itself when it is neither a string
     * nor a number, or not a valid quantity (the server would reject it; that is not decided here).
     */
    public static Object canonical(Object value) {
        Parsed parsed = parse(value);
        return parsed == null ? value : parsed.kept() ? parsed.text() : parsed.canonical();
    }

    /**
     * Whether the server writes {@code text} back exactly as given. Its parser reads a quantity with few enough
     * digits into a 64-bit integer and, on that path, keeps the text when it looks canonical: with a decimal or
     * exponent suffix, when the digits (integer part without leading zeros, then the fraction) are at most 18, do
     * not start with {@code 0} and do not end with {@code 000}, and the scale (the suffix's power of ten minus the
     * fraction's length) is a multiple of three not below -9; with a binary suffix, when there is no fraction, the
     * integer part is short enough for the suffix (at most {@code 14 - 3 × power} digits: 11 for {@code Ki}, 2 for
     * {@code Ti}, never for {@code Pi} and {@code Ei}) and is not a multiple of 8. So {@code 1.500}, {@code 007},
     * {@code +1}, {@code 1E6} and {@code 1023Ki} are kept, {@code 0.5}, {@code 1.5}, {@code 1000} and {@code 1024Ki}
     * are not.
     *
     * @return false also for text that is not a valid quantity
     */
    public static boolean keptAsWritten(String text) {
        Parsed parsed = parse(text);
        return parsed != null && parsed.kept();
    }

    /**
     * The amount of a quantity given as a string or a number ({@code "500m"} is 0.5, {@code "1Ki"} is 1024),
     * rounded up to nano units as the server does; empty when it is neither or not a valid quantity.
     */
    public static Optional<BigDecimal> amount(Object value) {
        Parsed parsed = parse(value);
        return parsed == null ? Optional.empty() : Optional.of(parsed.amount());
    }

    /**
     * The canonical text of an amount (a sum of quantities, say): in binary notation ({@code 1536Mi}) when
     * {@code binary} and the amount is whole and at least 1024, else in decimal notation ({@code 1500m}).
     */
    public static String format(BigDecimal amount, boolean binary) {
        return String.valueOf(new Parsed(amount, binary ? Notation.BINARY : Notation.DECIMAL).canonical());
    }

    /** A valid quantity: its amount, the notation it was written in, its text, and whether the server keeps it. */
    private record Parsed(BigDecimal amount, Notation notation, String text, boolean kept) {
        Parsed(BigDecimal amount, Notation notation) {
            this(amount, notation, "", false);
        }

        Object canonical() {
            if (amount.signum() == 0) {
                return "0";
            }
            Notation shown = notation;
            if (shown == Notation.BINARY) {
                boolean whole = amount.stripTrailingZeros().scale() <= 0;
                if (whole && amount.abs().compareTo(BigDecimal.valueOf(1024)) >= 0) {
                    return binary(amount.toBigIntegerExact());
                }
                shown = Notation.DECIMAL;
            }
            return decimal(amount, shown);
        }
    }

    private static Parsed parse(Object value) {
        String text;
        if (value instanceof String s) {
            text = s.trim();
        } else if (value instanceof Number n) {
            text = n instanceof Double || n instanceof Float ? new BigDecimal(n.toString()).toPlainString()
                    : n.toString();
        } else {
            return null;
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String integer = m.group(2) == null ? "" : m.group(2);
        String fraction = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : "";
        BigDecimal number = new BigDecimal((integer.isEmpty() ? "0" : integer)
                + (fraction.isEmpty() ? "" : "." + fraction));
        if (m.group(1).equals("-")) {
            number = number.negate();
        }
        String suffix = m.group(5) == null ? "" : m.group(5);
        Notation notation;
        BigDecimal amount;
        int power;
        if (suffix.endsWith("i")) {
            notation = Notation.BINARY;
            power = "KMGTPE".indexOf(suffix.charAt(0)) + 1;
            amount = number.multiply(new BigDecimal(KIBI.pow(power)));
        } else if (DECIMAL.containsKey(suffix)) {
            notation = Notation.DECIMAL;
            power = DECIMAL.get(suffix);
            amount = number.scaleByPowerOfTen(power);
        } else {
            notation = Notation.EXPONENT;
            power = Integer.parseInt(suffix.substring(1));
            amount = number.scaleByPowerOfTen(power);
        }
        if (amount.scale() > 9) {
            amount = amount.setScale(9, RoundingMode.UP);
        }
        if (notation == Notation.BINARY && amount.abs().compareTo(BINARY_MAX) > 0) {
            amount = amount.signum() < 0 ? BINARY_MAX.negate() : BINARY_MAX;
        }
        String digits = integer.replaceFirst("^0+", "");
        digits = (digits.isEmpty() ? "0" : digits) + fraction;
        boolean kept = notation == Notation.BINARY ? keptBinary(digits, fraction, power)
                : keptDecimal(digits, power - fraction.length());
        return new Parsed(amount, notation, text, kept);
    }

    /** The parser's fast path for a binary suffix keeps an integer part that is not a multiple of 8. */
    private static boolean keptBinary(String digits, String fraction, int power) {
        return fraction.isEmpty() && digits.length() <= 14 - 3 * power
                && new BigInteger(digits).mod(BigInteger.valueOf(8)).signum() != 0;
    }

    /** The parser's fast path for a decimal or exponent suffix keeps digits already in canonical shape. */
    private static boolean keptDecimal(String digits, int scale) {
        return digits.length() <= FAST_DIGITS && scale >= -9 && scale % 3 == 0 && digits.charAt(0) != '0'
                && !digits.endsWith("000");
    }

    private static String binary(BigInteger value) {
        int power = 0;
        while (power < BINARY_SUFFIX.length - 1 && value.mod(KIBI).signum() == 0) {
            value = value.divide(KIBI);
            power++;
        }
        return value + BINARY_SUFFIX[power];
    }

    private static String decimal(BigDecimal amount, Notation notation) {
        BigDecimal stripped = amount.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int down = Math.floorMod(exponent, 3);
        mantissa = mantissa.multiply(BigInteger.TEN.pow(down));
        exponent -= down;
        if (notation == Notation.DECIMAL) {
            // beyond E (10^18) there is no SI suffix, and the server writes the mantissa alone: 1000000000E comes
            // back as 1, a smaller value. Reproduced because that is what a client reads back.
            return mantissa + DECIMAL_SUFFIX.getOrDefault(exponent, "");
        }
        return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
}

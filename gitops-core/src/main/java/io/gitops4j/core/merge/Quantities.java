package io.gitops4j.core.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities as an API server writes them back: always a string in canonical form. The value is read
 * exactly (rounded away from zero to whole nano units), then written in the notation it was given in: binary
 * suffixes ({@code Ki}..{@code Ei}) stay binary when the value is a whole number of at least 1024 (largest suffix
 * that keeps the number whole: {@code 1024Mi} is {@code 1Gi}, {@code 1.5Gi} is {@code 1536Mi}); decimal values
 * use the largest SI suffix ({@code n u m "" k M G T P E}) keeping a whole number ({@code 0.5} is {@code 500m},
 * {@code 1000} is {@code 1k}, {@code 1000m} is {@code 1}); exponent notation keeps an exponent that is a multiple of
 * three ({@code 1.5e3} is {@code 1500}, {@code 12e6} stays). Zero is {@code 0}. The fake API server writes
 * quantities back this way; the planner compares quantities in this form (DA-10: {@code 0.5} and {@code 500m} are
 * the same request). Stateless.
 */
public final class Quantities {

    /** The OpenAPI name of the quantity type in the built-in schemas ({@link TypeSchema#name()}). */
    public static final String TYPE_NAME = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private static final Pattern SYNTAX = Pattern.compile(
            "([+-]?)(\\d+\\.?\\d*|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Map<String, Integer> DECIMAL = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6,
            "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<Integer, String> DECIMAL_SUFFIX = Map.of(-9, "n", -6, "u", -3, "m", 0, "", 3, "k",
            6, "M", 9, "G", 12, "T", 15, "P", 18, "E");
    private static final String[] BINARY_SUFFIX = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger KIBI = BigInteger.valueOf(1024);

    private enum Notation { BINARY, DECIMAL, EXPONENT }

    private Quantities() {
    }

    /**
     * The canonical form of a quantity given as a string or a number; {@code value} itself when it is neither or
     * not a valid quantity (the server would reject it; that is not decided here).
     */
    public static Object canonical(Object value) {
        Parsed parsed = parse(value);
        return parsed == null ? value : parsed.canonical();
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

    /** A valid quantity's amount and the notation it was written in. */
    private record Parsed(BigDecimal amount, Notation notation) {
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
        BigDecimal number = new BigDecimal(m.group(2).startsWith(".") ? "0" + m.group(2) : m.group(2));
        if (m.group(1).equals("-")) {
            number = number.negate();
        }
        String suffix = m.group(3) == null ? "" : m.group(3);
        Notation notation;
        BigDecimal amount;
        if (suffix.endsWith("i")) {
            notation = Notation.BINARY;
            int power = "KMGTPE".indexOf(suffix.charAt(0)) + 1;
            amount = number.multiply(new BigDecimal(KIBI.pow(power)));
        } else if (DECIMAL.containsKey(suffix)) {
            notation = Notation.DECIMAL;
            amount = number.scaleByPowerOfTen(DECIMAL.get(suffix));
        } else {
            notation = Notation.EXPONENT;
            amount = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        if (amount.scale() > 9) {
            amount = amount.setScale(9, RoundingMode.UP);
        }
        return new Parsed(amount, notation);
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
        if (notation == Notation.DECIMAL && DECIMAL_SUFFIX.containsKey(exponent)) {
            return mantissa + DECIMAL_SUFFIX.get(exponent);
        }
        return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
}

package io.gitops4j.api;

import java.util.Objects;

/**
 * Argument checks shared by the records of this module. Not part of the public contract beyond the exceptions it
 * throws: {@link NullPointerException} for a missing argument (a programming error) and {@link
 * InvalidSpecException} for an invalid value.
 */
public final class Checks {
    private Checks() {}

    /**
     * @return {@code value}
     * @throws NullPointerException naming {@code field} when {@code value} is null
     */
    public static <T> T notNull(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " must not be null");
    }

    /**
     * @return {@code value}
     * @throws InvalidSpecException when {@code value} is empty or blank
     */
    public static String notBlank(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw new InvalidSpecException(field, "must not be empty");
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws InvalidSpecException when {@code value} is negative
     */
    public static int notNegative(int value, String field) {
        if (value < 0) {
            throw new InvalidSpecException(field, "must not be negative, was " + value);
        }
        return value;
    }
}

package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Durations and timestamps as table cells: the short human form ({@code 45s}, {@code 3m20s}, {@code 5h}, {@code 2d3h},
 * {@code 1y20d}) the server's printers use for ages, and RFC 3339 seconds for {@code Created At}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ages {
    private Ages() {
    }

    /**
     * A duration in the short human form: seconds below 2 minutes, minutes and seconds below 10 minutes, minutes below
     * 3 hours, hours and minutes below 8 hours, hours below 2 days, days and hours below 8 days, days below 2 years,
     * years and days below 8 years, then years. Up to one second in the future counts as {@code 0s}; further in the
     * future is {@code <invalid>}.
     */
    public static String human(Duration d) {
        long seconds = d.toMillis() / 1000;
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return withRest(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return withRest(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (hours < 24 * 8) {
            return withRest(days, "d", hours % 24, "h");
        }
        if (hours < 24 * 365 * 2) {
            return days + "d";
        }
        if (hours < 24 * 365 * 8) {
            return withRest(days / 365, "y", days % 365, "d");
        }
        return days / 365 + "y";
    }

    private static String withRest(long whole, String unit, long rest, String restUnit) {
        return rest == 0 ? whole + unit : whole + unit + rest + restUnit;
    }

    /**
     * The age of a timestamp field ({@code "2026-01-01T00:00:00Z"}) at {@code now}: {@code <unknown>} when absent or
     * empty, {@code <invalid>} when unparsable.
     */
    public static String since(JsonNode timestamp, Instant now) {
        Instant t = instant(timestamp);
        if (t == null) {
            return timestamp != null && timestamp.isTextual() && !timestamp.asText().isEmpty()
                    ? "<invalid>" : "<unknown>";
        }
        return human(Duration.between(t, now));
    }

    /** The creation-timestamp age of an object. */
    public static String age(JsonNode object, Instant now) {
        return since(object.path("metadata").path("creationTimestamp"), now);
    }

    /** A timestamp field as an instant; null when absent, empty or unparsable. */
    public static Instant instant(JsonNode timestamp) {
        if (timestamp == null || !timestamp.isTextual() || timestamp.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

package io.gitops4j.examples.serve.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as Kubernetes tools write them: {@code 90s}, {@code 3m}, {@code 1h30m}, {@code 500ms}. */
final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|h|m|s)");

    private Durations() {}

    /** @return the duration, or empty when the text is not of that form */
    static Optional<Duration> parse(String text) {
        if (!WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
        }
        return Optional.of(total);
    }
}

package io.gitops4j.testkit.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * The log lines written through SLF4J while {@link RecordingLoggerProvider} is the provider, kept in memory (the
 * newest {@value #MAX_LINES} at most): WARN and ERROR always; every level, TRACE included, between {@link #start()}
 * and {@link #stop()} (so a test records all a scenario logs without slowing down every other test). Thread-safe.
 */
public final class RecordedLogs {
    /** How many lines are kept; older ones are dropped first. */
    public static final int MAX_LINES = 200_000;

    /**
     * One log line.
     *
     * @param level its level
     * @param logger the logger's name
     * @param thread the name of the thread that logged it
     * @param message the formatted message
     * @param thrown the thrown exception's whole text (every message, cause, suppressed and stack line), or {@code ""}
     * @param mdc the MDC when it was logged
     */
    public record Line(Level level, String logger, String thread, String message, String thrown,
            Map<String, String> mdc) {
        /** Copies the MDC. */
        public Line {
            mdc = Map.copyOf(mdc);
        }

        /** @return everything the line holds as one text, for searching */
        public String text() {
            return level + " " + logger + " [" + thread + "] " + mdc + " " + message + " " + thrown;
        }
    }

    private static final List<Line> LINES = new ArrayList<>();
    private static volatile boolean everything;

    private RecordedLogs() {}

    /** @return true when the recording provider is SLF4J's provider in this JVM */
    public static boolean active() {
        return org.slf4j.LoggerFactory.getILoggerFactory() instanceof RecordingLoggerProvider.Factory;
    }

    /** @return the lines recorded so far, oldest first */
    public static synchronized List<Line> lines() {
        return List.copyOf(LINES);
    }

    /** Forgets the lines recorded so far and records every level from now on, until {@link #stop()}. */
    public static synchronized void start() {
        LINES.clear();
        everything = true;
    }

    /** Records WARN and ERROR only from now on; the lines recorded stay. */
    public static void stop() {
        everything = false;
    }

    static boolean enabled(Level level) {
        return everything || level.compareTo(Level.WARN) <= 0;
    }

    /** Forgets every line recorded so far. */
    public static synchronized void clear() {
        LINES.clear();
    }

    static synchronized void add(Line line) {
        if (LINES.size() >= MAX_LINES) {
            LINES.remove(0);
        }
        LINES.add(line);
    }

    static String text(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}

package io.gitops4j.examples.demo;

import io.gitops4j.api.Drift;
import io.gitops4j.api.DriftedField;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.plan.FieldChange;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.testkit.git.ToolCheck;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the demo tells its story: a heading per scene, a line per Application pass and per object (its action, the
 * fields it changed, its health), drift explained by field manager, and tables. On a terminal it adds colour and a
 * live progress line that is overwritten in place; otherwise (piped, {@code CI=true} as the testkit's
 * {@code ToolCheck.underCi()} reads it, or {@code NO_COLOR} set) it prints plain lines only, and instead of the
 * progress line how long health took. Secret values never reach it (results carry them redacted). Not thread-safe.
 */
final class StoryOutput {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String DIM = "\u001b[2m";
    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final boolean terminal;
    private boolean progressShown;

    /**
     * @param out where the story goes
     * @param terminal true for colour and a live progress line
     */
    StoryOutput(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** @return true when the process writes to a terminal, not piped and not under {@code CI=true} or NO_COLOR */
    static boolean onTerminal() {
        return System.console() != null && !ToolCheck.underCi() && System.getenv("NO_COLOR") == null;
    }

    void line(String text) {
        endProgress();
        out.println(text);
    }

    void heading(String text) {
        line("");
        line(paint(BOLD, "== " + text));
    }

    void note(String text) {
        line("   " + paint(DIM, text));
    }

    /** Shows progress: in place on a terminal, nothing otherwise. */
    void progress(String text) {
        if (terminal) {
            out.print(CLEAR_LINE + "   " + paint(DIM, text));
            out.flush();
            progressShown = true;
        }
    }

    /** One pass: its outcome, revision, counts, duration and requests, then its objects with their health. */
    void pass(ReconcileResult r, Map<ResourceKey, Health> health, long requests) {
        String counts = r.counts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        line(String.format("%-10s %s %s  %s%s; %d ms, %d API request%s", r.application(), outcome(r.outcome()),
                r.revision().map(StoryOutput::revision).orElse("(no revision)"), r.trigger().name().toLowerCase(Locale.ROOT),
                counts.isEmpty() ? "" : "; " + counts, r.timings().total().toMillis(), requests,
                requests == 1 ? "" : "s"));
        for (ObjectReport o : r.objects()) {
            Health h = health.get(o.key());
            String fields = o.diff().stream().map(StoryOutput::field).collect(Collectors.joining(", "));
            line(String.format("   %-11s %-38s %s%s%s", o.outcome().name().toLowerCase(Locale.ROOT),
                    o.key().displayName(), h == null ? "" : health(h), fields.isEmpty() ? "" : "  " + fields,
                    o.failure().map(f -> "  " + f.message()).orElse("")));
        }
        r.failure().ifPresent(f -> line("   " + paint(r.outcome() == Outcome.BLOCKED ? YELLOW : RED,
                f.phase().name().toLowerCase(Locale.ROOT) + " " + f.reason().name() + ": " + f.message())));
    }

    /** What a pass found drifted: the fields, who owns them now, who edited last, and what the pass did. */
    void drift(List<Drift> drift) {
        for (Drift d : drift) {
            line("   drift on " + d.key().displayName() + ": " + d.handling().name().toLowerCase(Locale.ROOT)
                    + d.lastEdit().map(m -> "; last edited by " + m.name() + " (" + m.operation() + ")").orElse(""));
            for (DriftedField f : d.fields()) {
                line("     " + f.change().path() + " was " + f.change().before() + f.owner().map(m -> " (set by "
                        + m.name() + ")").orElse("") + ", desired " + f.change().after());
            }
        }
    }

    /** A table with a header row; every column left-aligned to its widest cell. */
    void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : concat(header, rows)) {
            StringBuilder b = new StringBuilder("   ");
            for (int i = 0; i < row.size(); i++) {
                b.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            line(b.toString().stripTrailing());
        }
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(header), rows.stream()).toList();
    }

    private String outcome(Outcome outcome) {
        String color = switch (outcome) {
            case SYNCED -> GREEN;
            case OUT_OF_SYNC, BLOCKED, SUSPENDED -> YELLOW;
            case FAILED -> RED;
        };
        return paint(color, String.format("%-11s", outcome.name()));
    }

    private String health(Health h) {
        String color = h.status() == HealthStatus.HEALTHY ? GREEN : h.status() == HealthStatus.DEGRADED ? RED : YELLOW;
        return paint(color, HealthProgress.describe(h));
    }

    /** @return {@code main@3f2a9c1}: the ref and the commit's short id */
    static String revision(Revision v) {
        return v.isResolved() ? v.shortRef() + "@" + v.id().substring(0, 7) : v.shortRef();
    }

    private static String field(FieldChange c) {
        return c.path() + " " + c.before() + " → " + c.after();
    }

    private String paint(String color, String text) {
        return terminal ? color + text + RESET : text;
    }

    private void endProgress() {
        if (progressShown) {
            out.print(CLEAR_LINE);
            progressShown = false;
        }
    }
}

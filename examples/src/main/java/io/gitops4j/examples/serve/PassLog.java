package io.gitops4j.examples.serve;

import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import java.io.PrintStream;

/**
 * Prints one line per finished pass: Application, outcome, revision, health, and the error when there is one (the
 * library's messages carry no secret). Thread-safe (one {@code println} per pass).
 */
final class PassLog implements ReconcileListener {
    private final PrintStream out;

    PassLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onResult(ReconcileResult r) {
        out.println("pass: " + r.application() + " " + r.outcome() + " " + r.revision().map(Object::toString)
                .orElse("-") + " health " + r.health().status() + r.error().map(e -> ": " + e).orElse(""));
        out.flush();
    }
}

package io.gitops4j.testkit.git;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Collects everything an exception could show (messages, causes, suppressed, stack text) for canary checks. */
final class Canary {
    private Canary() {}

    static String everything(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString() + " " + t;
    }
}

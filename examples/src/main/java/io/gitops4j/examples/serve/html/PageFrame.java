package io.gitops4j.examples.serve.html;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.health.HealthStatus;
import java.util.Locale;

/** The frame every status page shares: doctype, title, style sheet, heading, and the CSS classes of states. */
final class PageFrame {
    private static final String STYLE = """
            body{font-family:sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}
            th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
            th{background:#f2f2f2}
            td.diff{font-family:monospace;white-space:pre-wrap}
            .synced,.healthy{color:#11792f;font-weight:bold}
            .out_of_sync,.progressing,.suspended{color:#a15c00;font-weight:bold}
            .failed,.blocked,.degraded,.missing{color:#b3141d;font-weight:bold}
            .unknown{color:#666;font-weight:bold}
            p.note{color:#555}
            """;

    private PageFrame() {}

    /** @return a page with the frame opened: ends inside {@code <body>} after the heading */
    static Html open(String title) {
        Html h = new Html().constant("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"15\"><title>");
        h.text(title).constant("</title><style>" + STYLE + "</style></head><body>");
        return h.element("h1", "", title);
    }

    /** @return the page, closed */
    static String close(Html h) {
        return h.constant("</body></html>").toString();
    }

    /** @return the CSS class of an outcome */
    static String css(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    /** @return the CSS class of a health state */
    static String css(HealthStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}

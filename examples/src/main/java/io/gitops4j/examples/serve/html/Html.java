package io.gitops4j.examples.serve.html;

/**
 * A small HTML writer whose only way to add text is escaped: {@link #text} and attribute values escape
 * {@code & < > " '}, so no value from Git, the cluster or a request can add markup. Not thread-safe; one per page.
 */
public final class Html {
    private final StringBuilder out = new StringBuilder();

    /** @return the text with {@code & < > " '} replaced by character references */
    public static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Opens an element; {@code cssClass} may be empty. Tag names are the page's own constants, never input. */
    public Html open(String tag, String cssClass) {
        out.append('<').append(tag);
        if (!cssClass.isEmpty()) {
            out.append(" class=\"").append(escape(cssClass)).append('"');
        }
        out.append('>');
        return this;
    }

    /** Opens an element. */
    public Html open(String tag) {
        return open(tag, "");
    }

    /** Closes an element. */
    public Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** Adds escaped text. */
    public Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Adds an element holding escaped text. */
    public Html element(String tag, String cssClass, String text) {
        return open(tag, cssClass).text(text).close(tag);
    }

    /** Adds a link; {@code href} is escaped as an attribute and must be a path this server built. */
    public Html link(String href, String text) {
        out.append("<a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a>");
        return this;
    }

    /** Adds a table row of escaped cells, each with its class ({@code ""} for none). */
    public Html row(String tag, String[] classes, String... cells) {
        open("tr");
        for (int i = 0; i < cells.length; i++) {
            element(tag, classes == null || i >= classes.length ? "" : classes[i], cells[i]);
        }
        return close("tr");
    }

    /** Adds markup that is a constant of the page (a doctype, a style sheet); never call it with input. */
    Html constant(String markup) {
        out.append(markup);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

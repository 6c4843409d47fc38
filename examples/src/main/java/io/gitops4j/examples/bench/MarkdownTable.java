package io.gitops4j.examples.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A Markdown table built row by row and printed with aligned columns. Not thread-safe. */
public final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param columns the column titles */
    public MarkdownTable(String... columns) {
        this.header = List.of(columns);
    }

    /** @return this table with one row added; it must have one cell per column */
    public MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    /** Prints the table. */
    public void print(PrintStream out) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = Math.max(3, header.get(i).length());
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        out.println(line(header, width));
        StringBuilder sep = new StringBuilder("|");
        for (int w : width) {
            sep.append(' ').append("-".repeat(w)).append(" |");
        }
        out.println(sep);
        rows.forEach(r -> out.println(line(r, width)));
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            b.append(' ').append(String.format("%-" + width[i] + "s", cells.get(i))).append(" |");
        }
        return b.toString();
    }
}

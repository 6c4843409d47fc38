package io.gitops4j.testkit.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A table as {@code kubectl get} prints it, parsed: the header's column names and each row's cells. kubectl aligns
 * columns with at least three spaces between them, so the header's names give each column's start offset and every
 * row is cut at those offsets (which keeps empty cells and cells containing single spaces intact).
 *
 * @param header the column names, as printed (upper case)
 * @param rows   each row's cells, trimmed, one per header column
 */
record KubectlTable(List<String> header, List<List<String>> rows) {
    private static final Pattern COLUMN_GAP = Pattern.compile(" {3,}");

    static KubectlTable parse(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("kubectl printed a table:\n" + out).isNotEmpty();
        String head = lines.get(0);
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        Matcher gap = COLUMN_GAP.matcher(head);
        int start = 0;
        while (gap.find()) {
            names.add(head.substring(start, gap.start()));
            starts.add(start);
            start = gap.end();
        }
        names.add(head.substring(start).trim());
        starts.add(start);
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < starts.size(); i++) {
                int from = Math.min(starts.get(i), line.length());
                int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
                cells.add(line.substring(from, to).trim());
            }
            rows.add(cells);
        }
        return new KubectlTable(names, rows);
    }

    /** The row whose cell in {@code column} is {@code key}. */
    List<String> row(String column, String key) {
        int i = header.indexOf(column);
        assertThat(i).as("column " + column + " in " + header).isNotNegative();
        return rows.stream().filter(r -> r.get(i).equals(key)).findFirst()
                .orElseGet(() -> fail("no row with " + column + "=" + key + " in " + rows));
    }
}

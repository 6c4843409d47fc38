package io.gitops4j.testkit.server.printers;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The table printer of one kind: its columns and the function computing one row's cells from an object.
 *
 * <p>Cells are {@code String}, {@code Long}, {@code Boolean} or {@code null} values, one per column, in column order.
 * Immutable and thread-safe when the cell function is (all built-in ones are pure functions of object and time).
 *
 * @param columns the column definitions, in order
 * @param cells   computes the cells of one object at a given instant (for ages and durations)
 */
public record KindPrinter(List<Column> columns, Cells cells) {
    /** Computes one row's cells. */
    @FunctionalInterface
    public interface Cells {
        /**
         * The cells for {@code object} (the JSON of the stored object) as seen at {@code now}; never null, one entry
         * per column, entries may be null.
         */
        List<Object> of(JsonNode object, Instant now);
    }

    public KindPrinter {
        columns = List.copyOf(columns);
        Objects.requireNonNull(cells, "cells");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a printer needs at least one column");
        }
    }

    /**
     * The row of {@code object} at {@code now}.
     *
     * @throws IllegalStateException when the cell function returned a different number of cells than there are
     *                               columns (a bug in the printer)
     */
    public List<Object> row(JsonNode object, Instant now) {
        List<Object> row = cells.of(object, now);
        if (row.size() != columns.size()) {
            throw new IllegalStateException("printer returned " + row.size() + " cells for " + columns.size()
                    + " columns");
        }
        return row;
    }
}

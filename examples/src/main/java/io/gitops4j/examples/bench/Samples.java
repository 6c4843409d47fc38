package io.gitops4j.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated measurements of one quantity: median and spread (min–max). Not thread-safe. */
public final class Samples {
    private final List<Double> values = new ArrayList<>();

    /** Adds one measurement. */
    public void add(double value) {
        values.add(value);
    }

    /** @return the median; NaN when empty */
    public double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** @return {@code min–max} with the given format, such as {@code "%.1f"} */
    public String spread(String format) {
        if (values.isEmpty()) {
            return "-";
        }
        return String.format(format, Collections.min(values)) + "–" + String.format(format, Collections.max(values));
    }

    /** @return the number of measurements */
    public int count() {
        return values.size();
    }
}

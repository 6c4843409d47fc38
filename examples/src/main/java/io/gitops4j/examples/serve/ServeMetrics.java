package io.gitops4j.examples.serve;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for {@code GET /metrics}, fed by the reconcilers' results ({@link ReconcileListener}) and by webhook
 * deliveries, written in the Prometheus text format. Labels are bounded: Application names come from
 * {@code apps.yaml}, outcomes and webhook results from enums. Thread-safe.
 */
public final class ServeMetrics implements ReconcileListener {
    private final Map<String, LongAdder> passes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> durationMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastOutcome = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> webhooks = new ConcurrentHashMap<>();

    @Override
    public void onResult(ReconcileResult result) {
        passes.computeIfAbsent(label("application", result.application()) + "," + label("outcome",
                result.outcome().name()), k -> new LongAdder()).increment();
        durationMillis.computeIfAbsent(label("application", result.application()), k -> new LongAdder())
                .add(result.timings().total().toMillis());
        lastOutcome.computeIfAbsent(result.application(), k -> new AtomicLong()).set(result.outcome().ordinal());
    }

    /** Counts one webhook delivery by how it ended ({@code accepted}, {@code ignored}, a refusal reason). */
    public void webhook(String result) {
        webhooks.computeIfAbsent(label("result", result), k -> new LongAdder()).increment();
    }

    /** @return the metrics in the Prometheus text exposition format */
    public String scrape() {
        StringBuilder b = new StringBuilder();
        family(b, "gitops4j_serve_reconcile_total", "counter", "Reconcile passes finished, by outcome.", passes);
        family(b, "gitops4j_serve_reconcile_duration_milliseconds_total", "counter",
                "Time spent in finished passes.", durationMillis);
        b.append("# HELP gitops4j_serve_last_outcome Outcome of the last pass (").append(outcomes())
                .append(").\n# TYPE gitops4j_serve_last_outcome gauge\n");
        new TreeMap<>(lastOutcome).forEach((app, v) -> b.append("gitops4j_serve_last_outcome{")
                .append(label("application", app)).append("} ").append(v.get()).append('\n'));
        family(b, "gitops4j_serve_webhook_deliveries_total", "counter", "Webhook deliveries, by result.", webhooks);
        return b.toString();
    }

    private static void family(StringBuilder b, String name, String type, String help, Map<String, LongAdder> m) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        new TreeMap<>(m).forEach((labels, v) -> b.append(name).append('{').append(labels).append("} ")
                .append(v.sum()).append('\n'));
    }

    private static String outcomes() {
        StringBuilder b = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(o.ordinal()).append('=').append(o.name());
        }
        return b.toString();
    }

    private static String label(String name, String value) {
        return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}

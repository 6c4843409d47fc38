package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * The control channel of the standalone server ({@code --control}): commands read one per line, each answered with
 * exactly one line, so a process that started the server in a JVM of its own (a benchmark) can read the server's
 * request log and inject throttling without sending requests that would be counted.
 *
 * <ul>
 *   <li>{@code requests}: {@code {"total":N,"byVerb":{..},"byResource":{..},"byStatus":{..},"kept":K}}: the
 *       counters of every request since start or the last {@code clear}; {@code byStatus} counts the {@code kept}
 *       records the log still holds (all of them unless more than its capacity arrived);</li>
 *   <li>{@code clear}: forgets the log; {@code ok};</li>
 *   <li>{@code throttle P [SECONDS [SEED]]}: from now on a seeded fraction P (0 &lt; P &le; 1) of all requests
 *       (discovery and watches included, as a real server's priority and fairness may) is answered 429 with
 *       {@code Retry-After: SECONDS} (default 1; seed default 0); {@code ok};</li>
 *   <li>{@code latency MS}: from now on every request (discovery and watches included) waits MS milliseconds
 *       before it is served, as behind a slow API server; {@code ok};</li>
 *   <li>{@code writes PREFIX}: {@code {"count":N,"lastAnsweredMicros":T}}: the kept write requests (create, update,
 *       patch, delete) whose path starts with PREFIX answered 2xx, and when the last of them was answered (its
 *       arrival plus its duration, microseconds since the epoch on the server's clock; 0 when none), so a benchmark
 *       can time "until the last write of this namespace" on the server's own timestamps;</li>
 *   <li>{@code unthrottle}: removes every injected fault (throttling and latency); {@code ok}.</li>
 * </ul>
 * Anything else is answered {@code error: …} and changes nothing.
 *
 * <p>Not thread-safe: one reader loop per server.
 */
public final class ServerControl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeApiServer server;

    /** @param server the server whose log and faults the commands act on */
    public ServerControl(FakeApiServer server) {
        this.server = java.util.Objects.requireNonNull(server, "server");
    }

    /** Answers every line of {@code in} on {@code out} until {@code in} ends. Blocks. */
    public void serve(BufferedReader in, PrintStream out) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            out.println(answer(line));
            out.flush();
        }
    }

    /** @return the one-line answer to one command */
    public String answer(String command) {
        String[] words = command.trim().split("\\s+");
        try {
            return switch (words[0]) {
                case "requests" -> {
                    arity(words, 0, 0);
                    yield requests();
                }
                case "clear" -> {
                    arity(words, 0, 0);
                    server.requests().clear();
                    yield "ok";
                }
                case "throttle" -> {
                    arity(words, 1, 3);
                    double fraction = fraction(words[1]);
                    int seconds = words.length > 2 ? Math.toIntExact(integer(words[2], "SECONDS")) : 1;
                    long seed = words.length > 3 ? integer(words[3], "SEED") : 0;
                    Faults faults = Faults.of(server.kube()).reseed(seed);
                    faults.onAny().fraction(fraction).inject(Fault.tooManyRequests(seconds));
                    yield "ok";
                }
                case "latency" -> {
                    arity(words, 1, 1);
                    long millis = integer(words[1], "MS");
                    Faults.of(server.kube()).onAny().inject(Fault.latency(java.time.Duration.ofMillis(millis)));
                    yield "ok";
                }
                case "writes" -> {
                    arity(words, 1, 1);
                    yield writes(words[1]);
                }
                case "unthrottle" -> {
                    arity(words, 0, 0);
                    Faults.of(server.kube()).clear();
                    yield "ok";
                }
                default -> "error: unknown command '" + words[0] + "' (requests, clear, throttle P [SECONDS [SEED]],"
                        + " latency MS, writes PREFIX, unthrottle)";
            };
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    private String requests() {
        RequestLog log = server.requests();
        ObjectNode root = JSON.createObjectNode();
        Map<String, Long> byStatus = new TreeMap<>();
        synchronized (log) { // one snapshot: a request recorded meanwhile (a watch opening) waits until it is taken
            var kept = log.records();
            kept.forEach(r -> byStatus.merge(Integer.toString(r.status()), 1L, Long::sum));
            root.put("total", log.total());
            root.set("byVerb", JSON.valueToTree(new TreeMap<>(log.countsByVerb())));
            root.set("byResource", JSON.valueToTree(new TreeMap<>(log.countsByResource())));
            root.put("kept", kept.size());
        }
        root.set("byStatus", JSON.valueToTree(byStatus));
        return root.toString();
    }

    private String writes(String prefix) {
        long count = 0;
        long last = 0;
        for (RequestRecord r : server.requests().writes()) {
            if (r.path().startsWith(prefix) && r.status() / 100 == 2) {
                count++;
                java.time.Instant answered = r.time().plus(r.duration());
                long micros = answered.getEpochSecond() * 1_000_000L + answered.getNano() / 1_000;
                last = Math.max(last, micros);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("count", count);
        root.put("lastAnsweredMicros", last);
        return root.toString();
    }

    private static void arity(String[] words, int min, int max) {
        int n = words.length - 1;
        if (n < min || n > max) {
            throw new IllegalArgumentException(words[0] + " takes " + (min == max ? min : min + " to " + max)
                    + " argument(s), got " + n);
        }
    }

    private static double fraction(String word) {
        try {
            double p = Double.parseDouble(word);
            if (p > 0 && p <= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("P must be a number in (0, 1]: " + word);
    }

    private static long integer(String word, String what) {
        try {
            long v = Long.parseLong(word);
            if (v >= 0 && v <= Integer.MAX_VALUE) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a whole number from 0 to " + Integer.MAX_VALUE + ": "
                + word);
    }
}

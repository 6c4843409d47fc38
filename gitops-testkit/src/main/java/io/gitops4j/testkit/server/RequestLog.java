package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The requests a {@code FakeApiServer} answered, oldest first, with counters by verb and by resource.
 *
 * <p>Thread-safe: every method holds this object's monitor, so a caller holding it too reads several of them as one
 * snapshot. Keeps at most {@code capacity} records (the oldest are dropped); the counters count every
 * request ever recorded until {@link #clear()}.
 */
public final class RequestLog {
    private final int capacity;
    private final ArrayDeque<RequestRecord> records = new ArrayDeque<>();
    private final Map<String, Long> byVerb = new TreeMap<>();
    private final Map<String, Long> byResource = new TreeMap<>();
    private long total;

    /** A log keeping the last {@code capacity} records. */
    public RequestLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds one record. */
    public synchronized void add(RequestRecord record) {
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(record);
        byVerb.merge(record.verb(), 1L, Long::sum);
        if (!record.resource().isEmpty()) {
            byResource.merge(record.resource(), 1L, Long::sum);
        }
        total++;
    }

    /** The kept records, oldest first (a copy). */
    public synchronized List<RequestRecord> records() {
        return List.copyOf(records);
    }

    /** The kept records matching {@code filter}, oldest first. */
    public synchronized List<RequestRecord> records(Predicate<RequestRecord> filter) {
        List<RequestRecord> out = new ArrayList<>();
        for (RequestRecord r : records) {
            if (filter.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The kept write requests (create, update, patch, delete, deletecollection), oldest first. */
    public List<RequestRecord> writes() {
        return records(r -> java.util.Set.of("create", "update", "patch", "delete", "deletecollection")
                .contains(r.verb()));
    }

    /** Requests counted for one verb ({@code patch}); 0 when none. */
    public synchronized long count(String verb) {
        return byVerb.getOrDefault(verb, 0L);
    }

    /** Requests counted per verb (get, list, watch, create, update, patch, delete, …). */
    public synchronized Map<String, Long> countsByVerb() {
        return Map.copyOf(byVerb);
    }

    /** Requests counted per resource (plural, {@code x/status} for subresources). */
    public synchronized Map<String, Long> countsByResource() {
        return Map.copyOf(byResource);
    }

    /** All requests recorded since start or the last {@link #clear()}. */
    public synchronized long total() {
        return total;
    }

    /** Forgets every record and counter. */
    public synchronized void clear() {
        records.clear();
        byVerb.clear();
        byResource.clear();
        total = 0;
    }

    /** The log as JSON: {@code {total, byVerb, byResource, requests: [...]}}. */
    public synchronized String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("total", total);
        ObjectNode verbs = root.putObject("byVerb");
        byVerb.forEach(verbs::put);
        ObjectNode resources = root.putObject("byResource");
        byResource.forEach(resources::put);
        ArrayNode list = root.putArray("requests");
        for (RequestRecord r : records) {
            ObjectNode n = list.addObject();
            n.put("time", r.time().toString());
            n.put("verb", r.verb());
            n.put("method", r.method());
            n.put("path", r.path());
            n.put("query", r.query());
            n.put("resource", r.resource());
            n.put("status", r.status());
            n.put("durationMicros", r.duration().toNanos() / 1000);
            if (!r.user().isEmpty()) {
                n.put("user", r.user());
            }
        }
        return root.toString();
    }
}

package io.gitops4j.testkit.assertions;

import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.server.RequestRecord;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.Assertions;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Assertions on a fake API server's {@link RequestLog}. Counts come from the log's counters (every request since
 * the last clear); the request lines shown in failures come from the records it keeps.
 */
public final class RequestLogAssert extends AbstractAssert<RequestLogAssert, RequestLog> {

    RequestLogAssert(RequestLog actual) {
        super(actual, RequestLogAssert.class);
    }

    /** No create, update, patch, delete or deletecollection was answered. */
    public RequestLogAssert hasNoWrites() {
        isNotNull();
        List<RequestRecord> writes = writes();
        if (!writes.isEmpty()) {
            failWithMessage("%nExpecting no write requests but found %d:%n%s", writes.size(), lines(writes));
        }
        return this;
    }

    /** Exactly {@code n} write requests were answered. */
    public RequestLogAssert hasWriteCount(long n) {
        isNotNull();
        List<RequestRecord> writes = writes();
        if (writes.size() != n) {
            failWithMessage("%nExpecting %d write request(s) but found %d:%n%s", n, writes.size(), lines(writes));
        }
        return this;
    }

    /** No request was answered with a status of 500 or more (an injected fault counts). */
    public RequestLogAssert hasNoServerErrors() {
        isNotNull();
        List<RequestRecord> errors = actual.records(r -> r.status() >= 500);
        if (!errors.isEmpty()) {
            failWithMessage("%nExpecting no 5xx answers but found %d:%n%s", errors.size(), lines(errors));
        }
        return this;
    }

    /**
     * The number of requests with this verb, as a long assertion described by the per-resource breakdown:
     * {@code countOf(Verb.PATCH).isLessThanOrEqualTo(3)}.
     */
    public AbstractLongAssert<?> countOf(Verb verb) {
        isNotNull();
        long count = actual.countsByVerb().getOrDefault(verb.wireName(), 0L);
        Map<String, Long> byResource = actual.records(r -> r.verb().equals(verb.wireName())).stream()
                .collect(Collectors.groupingBy(RequestRecord::resource, TreeMap::new, Collectors.counting()));
        return Assertions.assertThat(count).as("number of %s requests (by resource: %s)", verb, byResource);
    }

    /** The number of requests with this verb on this resource plural (kept records only). */
    public AbstractLongAssert<?> countOf(Verb verb, String resource) {
        isNotNull();
        List<RequestRecord> hits = actual.records(r -> r.verb().equals(verb.wireName())
                && r.resource().equals(resource));
        return Assertions.assertThat((long) hits.size()).as("number of %s requests on %s:%n%s", verb, resource,
                lines(hits));
    }

    private List<RequestRecord> writes() {
        return actual.records(r -> Verb.fromWireName(r.verb()).map(Verb::isWrite).orElse(false));
    }

    private static String lines(List<RequestRecord> records) {
        if (records.isEmpty()) {
            return "  (none)";
        }
        return records.stream().limit(50)
                .map(r -> "  " + r.method() + " " + r.path() + (r.query().isEmpty() ? "" : "?" + r.query())
                        + " -> " + r.status())
                .collect(Collectors.joining("\n")) + (records.size() > 50 ? "\n  …" : "");
    }
}

package io.gitops4j.k8s.internal;

import io.gitops4j.api.coordination.LeaseException;
import io.gitops4j.api.coordination.LeaseException.Reason;
import io.gitops4j.api.target.RetryBudget;
import io.gitops4j.core.coordination.LeaseRecord;
import io.gitops4j.core.coordination.LeaseRecords;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Leases as Kubernetes {@code coordination.k8s.io/v1} Lease objects in one namespace: {@code holderIdentity},
 * {@code leaseDurationSeconds} (the duration rounded up to whole seconds), {@code leaseTransitions} (the token),
 * {@code acquireTime} and {@code renewTime} (informational, in the API's microsecond time format). A create is a
 * POST that the server refuses with 409 when the name exists; an update is a PUT carrying the resourceVersion it
 * replaces, which the server refuses with 409 when the stored one differs (optimistic concurrency: the fencing
 * primitive). The Leases carry {@code app.kubernetes.io/managed-by: gitops4j}, and a list reads only those.
 *
 * <p>Requests are retried (at most the attempts given) on 429, 5xx and lost answers. A write whose answer was lost
 * may have taken effect: its retry then meets 409 and reports the lease as not taken or lost, which errs on the safe
 * side (the holder stops writing; its own identity lets it take the lease again in its next round).
 *
 * <p>Thread-safe; blocks on the API server.
 */
public final class KubernetesLeaseRecords implements LeaseRecords {
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private final Retrying http;
    private final String namespace;
    private final String fieldManager;
    private final int attempts;

    /**
     * @param namespace where the Leases live (it must exist)
     * @param fieldManager the manager of the writes
     * @param attempts attempts per request
     */
    public KubernetesLeaseRecords(Retrying http, String namespace, String fieldManager, int attempts) {
        this.http = http;
        this.namespace = namespace;
        this.fieldManager = fieldManager;
        this.attempts = attempts;
    }

    @Override
    public Optional<LeaseRecord> read(String name) {
        ApiResponse r = send(ApiRequest.of("GET", path(name)), name, "read");
        if (r.code() == 404) {
            return Optional.empty();
        }
        check(r, name, "read");
        return Optional.of(record(r.json()));
    }

    @Override
    public List<LeaseRecord> list(String prefix) {
        ApiResponse r = send(ApiRequest.of("GET", collection()).withQuery("labelSelector", MANAGED_BY + "=gitops4j"),
                prefix + "*", "list");
        check(r, prefix + "*", "list");
        List<LeaseRecord> out = new ArrayList<>();
        for (Object item : Json.list(r.json(), "items")) {
            if (item instanceof Map<?, ?> lease && Json.string(Json.map(lease, "metadata"), "name")
                    .startsWith(prefix)) {
                out.add(record(lease));
            }
        }
        return out;
    }

    @Override
    public Optional<LeaseRecord> create(LeaseRecord record) {
        ApiResponse r = send(ApiRequest.of("POST", collection()).withQuery("fieldManager", fieldManager)
                .withBody(ApiRequest.JSON, Json.write(lease(record, ""))), record.name(), "create");
        if (r.code() == 409) {
            return Optional.empty();
        }
        check(r, record.name(), "create");
        return Optional.of(record(r.json()));
    }

    @Override
    public Optional<LeaseRecord> update(LeaseRecord record) {
        ApiResponse r = send(ApiRequest.of("PUT", path(record.name())).withQuery("fieldManager", fieldManager)
                .withBody(ApiRequest.JSON, Json.write(lease(record, record.version()))), record.name(), "update");
        if (r.code() == 409 || r.code() == 404) {
            return Optional.empty();
        }
        check(r, record.name(), "update");
        return Optional.of(record(r.json()));
    }

    private Map<String, Object> lease(LeaseRecord r, String resourceVersion) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", r.name());
        meta.put("namespace", namespace);
        meta.put("labels", Map.of(MANAGED_BY, "gitops4j"));
        if (!resourceVersion.isEmpty()) {
            meta.put("resourceVersion", resourceVersion);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!r.holder().isEmpty()) {
            spec.put("holderIdentity", r.holder());
        }
        long seconds = r.duration().getSeconds() + (r.duration().getNano() > 0 ? 1 : 0);
        spec.put("leaseDurationSeconds", (int) Math.min(Integer.MAX_VALUE, seconds));
        spec.put("acquireTime", MICRO_TIME.format(r.acquired()));
        spec.put("renewTime", MICRO_TIME.format(r.renewed()));
        spec.put("leaseTransitions", (int) Math.min(Integer.MAX_VALUE, r.token()));
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("apiVersion", "coordination.k8s.io/v1");
        lease.put("kind", "Lease");
        lease.put("metadata", meta);
        lease.put("spec", spec);
        return lease;
    }

    private static LeaseRecord record(Map<?, ?> lease) {
        Map<String, Object> meta = Json.map(lease, "metadata");
        Map<String, Object> spec = Json.map(lease, "spec");
        long seconds = number(spec.get("leaseDurationSeconds"));
        return new LeaseRecord(Json.string(meta, "name"), Json.string(spec, "holderIdentity"),
                Duration.ofSeconds(Math.max(1, seconds)), Math.max(0, number(spec.get("leaseTransitions"))),
                time(Json.string(spec, "acquireTime")), time(Json.string(spec, "renewTime")),
                Json.string(meta, "resourceVersion"));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static Instant time(String value) {
        try {
            return value.isEmpty() ? Instant.EPOCH : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private ApiResponse send(ApiRequest request, String name, String doing) {
        try {
            return http.send(request, RetryBudget.of(attempts - 1)).response();
        } catch (IOException e) {
            throw new LeaseException(Reason.UNAVAILABLE, "lease " + name + ": " + doing + ": no answer from the API "
                    + "server (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void check(ApiResponse r, String name, String doing) {
        if (r.isSuccess()) {
            return;
        }
        Reason reason = r.code() == 401 || r.code() == 403 ? Reason.FORBIDDEN
                : r.code() == 400 || r.code() == 404 || r.code() == 422 ? Reason.INVALID : Reason.UNAVAILABLE;
        String message = Json.string(r.json(), "message");
        throw new LeaseException(reason, "lease " + name + ": " + doing + " refused (HTTP " + r.code()
                + (message.isEmpty() ? "" : ": " + firstLine(message)) + ")", null);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private String collection() {
        return "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
    }

    private String path(String name) {
        return collection() + "/" + name;
    }
}

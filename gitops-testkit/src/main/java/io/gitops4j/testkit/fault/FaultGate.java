package io.gitops4j.testkit.fault;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.core.target.ApiStatus;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.server.RequestLog;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The fault rules and the request log as a faulty target's calls pass them: each call is described as the request
 * a Kubernetes target would send (verb, an API path of the real shape), the rules may answer instead of the target,
 * and an answer becomes what a Kubernetes target reports for that status — through {@link ApiStatus}, the same
 * classification (so a 409 is STALE, a 422 of an immutable field IMMUTABLE, a 503 UNAVAILABLE, with the HTTP status
 * and reason in the message). With a log, every call is recorded with its status and duration. Thread-safe.
 */
final class FaultGate {
    private final Faults faults;
    private final FakeKube kube;
    private final RequestLog log;

    FaultGate(Faults faults, FakeKube kube, RequestLog log) {
        this.faults = faults;
        this.kube = kube;
        this.log = log;
    }

    Faults faults() {
        return faults;
    }

    /**
     * Runs one call: the rules first (an injected answer is thrown as the target's exception for what the call was
     * {@code doing}), then {@code body}; records it.
     */
    <T> T call(RequestInfo info, ResourceKey key, String doing, Supplier<T> body, ToIntFunction<T> status) {
        long started = System.nanoTime();
        Instant arrived = Instant.now();
        int code = 0;
        try {
            Optional<FaultResponse> answer = fire(info);
            if (answer.isPresent()) {
                code = answer.get().reset() ? 500 : answer.get().code();
                throw exception(answer.get(), key, doing);
            }
            T result = body.get();
            code = status.applyAsInt(result);
            return result;
        } catch (TargetException e) {
            code = code == 0 ? codeOf(e.reason()) : code;
            throw e;
        } finally {
            record(info, code == 0 ? 500 : code, arrived, started);
        }
    }

    /**
     * @return the injected answer for this request, if a rule fires (including a 200 with a body: a CRD still
     *     installing)
     */
    Optional<FaultResponse> fire(RequestInfo info) {
        return faults.beforeRequest(info).filter(a -> a.reset() || a.code() != 200 || !a.body().isEmpty());
    }

    /** @return the failure a Kubernetes target reports for this answer to a write of {@code key} */
    static WriteFailure failure(FaultResponse answer, ResourceKey key) {
        if (answer.reset()) {
            return new WriteFailure(TargetException.Reason.UNAVAILABLE, key.displayName()
                    + ": connection reset by the API server", java.util.List.of());
        }
        return ApiStatus.of(answer.code(), answer.body()).failure(key);
    }

    /** @return the exception a Kubernetes target throws for this answer to a call that was {@code doing} something */
    static TargetException exception(FaultResponse answer, ResourceKey key, String doing) {
        if (answer.reset()) {
            return new TargetException(key, TargetException.Reason.UNAVAILABLE, (key == null ? ""
                    : key.displayName() + ": ") + doing + ": connection reset by the API server");
        }
        return ApiStatus.of(answer.code(), answer.body()).exception(key, doing);
    }

    void record(RequestInfo info, int code, Instant arrived, long startedNanos) {
        if (log != null) {
            log.add(new RequestRecord(arrived, info.verb(), method(info.verb()),
                    info.path().isEmpty() ? "/" + info.verb() : info.path(), "", info.resource(), code,
                    Duration.ofNanos(System.nanoTime() - startedNanos)));
        }
    }

    /** The request a Kubernetes target sends for {@code verb} on {@code key}. */
    RequestInfo info(Verb verb, ResourceKey key) {
        String plural = plural(key.group(), key.version(), key.kind());
        String base = key.group().isEmpty() ? "/api/" + key.version() : "/apis/" + key.group() + "/" + key.version();
        String ns = key.namespace().isEmpty() ? "" : "/namespaces/" + key.namespace();
        return new RequestInfo(verb.wireName(), base + ns + "/" + plural + "/" + key.name(), key.group(), plural, "",
                key.namespace(), key.name());
    }

    /**
     * The request a create of {@code key} is: a POST to its collection, naming the object when it is not named by
     * the server ({@code generated}: the key's name is only the generateName).
     */
    RequestInfo create(ResourceKey key, boolean generated) {
        RequestInfo named = info(Verb.CREATE, key);
        String path = named.path().substring(0, named.path().lastIndexOf('/'));
        return new RequestInfo(Verb.CREATE.wireName(), path, named.group(), named.resource(), "", named.namespace(),
                generated ? "" : key.name());
    }

    /** The status code a Kubernetes API server answers with for a failure of this reason (for the log). */
    static int codeOf(TargetException.Reason reason) {
        switch (reason) {
            case CONFLICT: case STALE: return 409;
            case NOT_FOUND: case UNKNOWN_KIND: return 404;
            case INVALID: case IMMUTABLE: return 422;
            case FORBIDDEN: return 403;
            case TOO_LARGE: return 413;
            default: return 503;
        }
    }

    String plural(String group, String version, String kind) {
        if (kube != null && !version.isEmpty()) {
            String apiVersion = group.isEmpty() ? version : group + "/" + version;
            Optional<String> served = kube.registry().findKind(apiVersion, kind).map(t -> t.plural());
            if (served.isPresent()) {
                return served.get();
            }
        }
        String lower = kind.toLowerCase(Locale.ROOT);
        if (lower.endsWith("y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower.endsWith("s") ? lower + "es" : lower + "s";
    }

    private static String method(String verb) {
        switch (verb) {
            case "create": return "POST";
            case "update": return "PUT";
            case "patch": return "PATCH";
            case "delete": case "deletecollection": return "DELETE";
            default: return "GET";
        }
    }
}

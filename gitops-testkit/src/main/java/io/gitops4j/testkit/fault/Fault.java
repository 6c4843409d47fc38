package io.gitops4j.testkit.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One kind of failure to inject. Answers are shaped as a real kube-apiserver shapes them ({@code kind: Status} with
 * the real reasons and message texts), so client error handling is exercised for real.
 *
 * <p>Immutable and thread-safe. Create them with the static factories.
 */
public sealed interface Fault permits Fault.Latency, Fault.Answer, Fault.Reset {

    /** A short description for the injection log ({@code 503 ServiceUnavailable}, {@code latency 200ms}). */
    String describe();

    /** Delays the request, then lets it be served normally (or by the next matching rule). */
    static Fault latency(Duration delay) {
        return new Latency(delay);
    }

    /** 429 TooManyRequests with a {@code Retry-After} header and {@code details.retryAfterSeconds}. */
    static Fault tooManyRequests(int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 0");
        }
        return new Answer(429, "TooManyRequests", r -> "Too many requests, please try again later.",
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)), retryAfterSeconds);
    }

    /** 409 Conflict as for a stale resourceVersion ({@code Operation cannot be fulfilled on …}). */
    static Fault conflict() {
        return new Answer(409, "Conflict", r -> "Operation cannot be fulfilled on " + r.groupResource() + " \""
                + r.name() + "\": the object has been modified; please apply your changes to the latest version "
                + "and try again", Map.of(), -1);
    }

    /** 500 InternalError. */
    static Fault internalError() {
        return new Answer(500, "InternalError", r -> "Internal error occurred: injected fault", Map.of(), -1);
    }

    /** 503 ServiceUnavailable, as when etcd or an aggregated API is unreachable. */
    static Fault serviceUnavailable() {
        return new Answer(503, "ServiceUnavailable", r -> "the server is currently unable to handle the request",
                Map.of(), -1);
    }

    /** 504 Timeout, as when a request does not complete within the server's deadline. */
    static Fault gatewayTimeout() {
        return new Answer(504, "Timeout",
                r -> "Timeout: request did not complete within requested timeout - context deadline exceeded",
                Map.of(), -1);
    }

    /** Closes the connection without any response (the client sees an unexpected end of stream). */
    static Fault connectionReset() {
        return new Reset();
    }

    /**
     * A validating admission webhook rejecting the request: 403 with
     * {@code admission webhook "NAME" denied the request: MESSAGE}, as the API server words it.
     */
    static Fault admissionDenied(String webhook, String message) {
        return admissionDenied(webhook, message, 403);
    }

    /** As {@link #admissionDenied(String, String)} with another code (the server uses 400 when the webhook gives
     * none). */
    static Fault admissionDenied(String webhook, String message, int code) {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(message, "message");
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("an admission denial needs a 4xx/5xx code: " + code);
        }
        String text = "admission webhook \"" + webhook + "\" denied the request: " + message;
        return new Answer(code, "", r -> text, Map.of(), -1);
    }

    /** A delay before the request is served. */
    record Latency(Duration delay) implements Fault {
        public Latency {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("delay must be >= 0");
            }
        }

        @Override
        public String describe() {
            return "latency " + delay.toMillis() + "ms";
        }
    }

    /** An error answer in place of the real one. */
    record Answer(int code, String reason, java.util.function.Function<RequestInfo, String> message,
                  Map<String, String> headers, int retryAfterSeconds) implements Fault {
        public Answer {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            headers = Map.copyOf(headers);
        }

        /** The response for {@code request}. */
        public FaultResponse respond(RequestInfo request) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("kind", "Status");
            status.put("apiVersion", "v1");
            status.put("metadata", Map.of());
            status.put("status", "Failure");
            status.put("message", message.apply(request));
            if (!reason.isEmpty()) {
                status.put("reason", reason);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            if (!request.name().isEmpty()) {
                details.put("name", request.name());
            }
            if (!request.resource().isEmpty() && !reason.isEmpty()) {
                details.put("group", request.group());
                details.put("kind", request.resource());
            }
            if (retryAfterSeconds >= 0) {
                details.put("retryAfterSeconds", retryAfterSeconds);
            }
            if (code == 500) {
                details.put("causes", List.of(Map.of("message", "injected fault")));
            }
            if (!details.isEmpty()) {
                status.put("details", details);
            }
            status.put("code", code);
            return new FaultResponse(code, headers, status, false);
        }

        @Override
        public String describe() {
            return code + (reason.isEmpty() ? "" : " " + reason);
        }
    }

    /** The connection closed without a response. */
    record Reset() implements Fault {
        @Override
        public String describe() {
            return "connection reset";
        }
    }
}

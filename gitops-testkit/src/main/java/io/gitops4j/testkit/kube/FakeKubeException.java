package io.gitops4j.testkit.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failed call on the fake API, carrying the {@code kind: Status} object a real API server would answer with.
 * The HTTP adapter writes {@link #status()} as the response body with {@link #code()} as the HTTP status.
 *
 * <p>Messages never contain Secret values. Immutable and thread-safe.
 */
public final class FakeKubeException extends io.gitops4j.api.GitOpsException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;
    private final transient Map<String, Object> status;

    /**
     * @param code    HTTP status code (404, 409, 422, …)
     * @param reason  Status reason ({@code NotFound}, {@code AlreadyExists}, {@code Conflict}, {@code Invalid}, …)
     * @param message the human message, as the real server phrases it
     * @param details the Status {@code details} (name, group, kind, causes, retryAfterSeconds); may be empty
     */
    public FakeKubeException(int code, String reason, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.reason = reason;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("metadata", new LinkedHashMap<>());
        s.put("status", "Failure");
        s.put("message", message);
        if (reason != null && !reason.isEmpty()) {
            s.put("reason", reason);
        }
        if (details != null && !details.isEmpty()) {
            s.put("details", copy(details));
        }
        s.put("code", code);
        this.status = s;
    }

    /** The HTTP status code. */
    public int code() {
        return code;
    }

    /** The Status reason ({@code NotFound}, …); empty when the real server sends none. */
    public String reason() {
        return reason == null ? "" : reason;
    }

    /** A fresh copy of the {@code kind: Status} object. */
    public Map<String, Object> status() {
        return copy(status);
    }

    /** 400 BadRequest with a message. */
    public static FakeKubeException badRequest(String message) {
        return new FakeKubeException(400, "BadRequest", message, Map.of());
    }

    /** 404 NotFound for a URL the server does not serve ({@code the server could not find the requested resource}). */
    public static FakeKubeException noSuchResource() {
        return new FakeKubeException(404, "NotFound", "the server could not find the requested resource",
                Map.of());
    }

    /** 404 NotFound for an object: {@code configmaps "x" not found}. */
    public static FakeKubeException notFound(ResourceType type, String name) {
        return notFound(type.group(), type.plural(), name);
    }

    /** 404 NotFound for an object of a group/resource ({@code deployments.apps "x" not found}). */
    public static FakeKubeException notFound(String group, String plural, String name) {
        String qualified = group.isEmpty() ? plural : plural + "." + group;
        return new FakeKubeException(404, "NotFound", qualified + " \"" + name + "\" not found",
                details(name, group, plural));
    }

    /** 409 AlreadyExists: {@code configmaps "x" already exists}. */
    public static FakeKubeException alreadyExists(ResourceType type, String name) {
        return new FakeKubeException(409, "AlreadyExists", type.groupResource() + " \"" + name + "\" already exists",
                details(name, type.group(), type.plural()));
    }

    /** 409 Conflict: {@code Operation cannot be fulfilled on configmaps "x": <why>}. */
    public static FakeKubeException conflict(ResourceType type, String name, String why) {
        return new FakeKubeException(409, "Conflict",
                "Operation cannot be fulfilled on " + type.groupResource() + " \"" + name + "\": " + why,
                details(name, type.group(), type.plural()));
    }

    /** 409 Conflict for a stale resourceVersion, with the real server's message. */
    public static FakeKubeException modified(ResourceType type, String name) {
        return conflict(type, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    /**
     * 422 Invalid: {@code ConfigMap "x" is invalid: [field: msg, …]} with one cause per error.
     *
     * @param causes causes as maps with {@code reason}, {@code message}, {@code field}
     */
    public static FakeKubeException invalid(ResourceType type, String name, List<Map<String, Object>> causes) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> c : causes) {
            parts.add(c.get("field") + ": " + c.get("message"));
        }
        String summary = parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
        String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        if (!type.group().isEmpty()) {
            details.put("group", type.group());
        }
        details.put("kind", type.kind());
        details.put("causes", causes);
        return new FakeKubeException(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + summary,
                details);
    }

    /** One Status cause. */
    public static Map<String, Object> cause(String reason, String message, String field) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("reason", reason);
        c.put("message", message);
        if (field != null) {
            c.put("field", field);
        }
        return c;
    }

    /** 410 Expired (list continue token or watch resourceVersion too old). */
    public static FakeKubeException expired(String message) {
        return new FakeKubeException(410, "Expired", message, Map.of());
    }

    /** 405 MethodNotAllowed. */
    public static FakeKubeException methodNotAllowed(String message) {
        return new FakeKubeException(405, "MethodNotAllowed", message, Map.of());
    }

    /** 415 UnsupportedMediaType. */
    public static FakeKubeException unsupportedMediaType(String message) {
        return new FakeKubeException(415, "UnsupportedMediaType", message, Map.of());
    }

    /** 403 Forbidden with details. */
    public static FakeKubeException forbidden(ResourceType type, String name, String message,
                                              List<Map<String, Object>> causes) {
        Map<String, Object> d = details(name, type.group(), type.plural());
        if (!causes.isEmpty()) {
            d.put("causes", causes);
        }
        return new FakeKubeException(403, "Forbidden", message, d);
    }

    private static Map<String, Object> details(String name, String group, String plural) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        if (!group.isEmpty()) {
            d.put("group", group);
        }
        d.put("kind", plural);
        return d;
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }
}

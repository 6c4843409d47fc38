package io.gitops4j.core.target;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes API error as the server answers it (an HTTP status code and a {@code Status} object), and the one
 * place that classifies it into a {@link Reason}. Every target (the Kubernetes target, the testkit's fakes) maps
 * errors through this, so an error means the same whichever target reported it.
 *
 * <p>Classification: 409 {@code Conflict} from a server-side apply ("Apply failed with …", causes of reason
 * {@code FieldManagerConflict}) is CONFLICT, any other 409 (the object was modified, a failed UID precondition,
 * {@code AlreadyExists}) and 410 are STALE; 422 whose causes say a field "is immutable" (or, as some kinds word it,
 * "may not change", "cannot change", "updates to … are forbidden") is IMMUTABLE with the field paths; 422 of
 * too-long values and 413 are
 * TOO_LARGE; other 400/415/422 are INVALID; 403 FORBIDDEN; 404 with no object named in the details (the resource
 * path itself is unknown) UNKNOWN_KIND, else NOT_FOUND; 429, 5xx and everything else UNAVAILABLE.
 *
 * @param code the HTTP status code
 * @param reason the Status object's {@code reason} ({@code Conflict}, {@code Invalid}, …), {@code ""} when absent
 * @param message the Status object's {@code message}, {@code ""} when absent
 * @param namesObject whether the Status object's {@code details} name an object ({@code details.name})
 * @param causes the Status object's {@code details.causes}
 */
public record ApiStatus(int code, String reason, String message, boolean namesObject, List<Cause> causes) {
    /**
     * One entry of a Status object's {@code details.causes}.
     *
     * @param reason the cause's reason ({@code FieldValueInvalid}, {@code FieldManagerConflict}, …)
     * @param message the cause's message
     * @param field the field path it is about, {@code ""} when none
     */
    public record Cause(String reason, String message, String field) {
        /** Validates that no argument is null. */
        public Cause {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(field, "field");
        }
    }

    /** Copies the causes. */
    public ApiStatus {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        causes = List.copyOf(causes);
    }

    /**
     * Reads a decoded {@code Status} object (as JSON maps and lists). Missing or mistyped fields read as empty.
     *
     * @param code the HTTP status code of the answer
     * @param status the decoded body; may be empty when the server sent none
     */
    public static ApiStatus of(int code, Map<?, ?> status) {
        Map<?, ?> details = status.get("details") instanceof Map<?, ?> d ? d : Map.of();
        List<Cause> causes = new ArrayList<>();
        if (details.get("causes") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> c) {
                    causes.add(new Cause(text(c.get("reason")), text(c.get("message")), text(c.get("field"))));
                }
            }
        }
        return new ApiStatus(code, text(status.get("reason")), text(status.get("message")),
                !text(details.get("name")).isEmpty(), causes);
    }

    /** @return the classified reason */
    public Reason classify() {
        switch (code) {
            case 409:
                return isApplyConflict() ? Reason.CONFLICT : Reason.STALE;
            case 410:
                return Reason.STALE;
            case 413:
                return Reason.TOO_LARGE;
            case 403:
                return Reason.FORBIDDEN;
            case 404:
                return namesObject ? Reason.NOT_FOUND : Reason.UNKNOWN_KIND;
            case 422:
                if (!immutableFields().isEmpty()) {
                    return Reason.IMMUTABLE;
                }
                return causes.stream().anyMatch(c -> c.reason().equals("FieldValueTooLong")
                        || c.message().contains("Too long")) ? Reason.TOO_LARGE : Reason.INVALID;
            case 400:
            case 415:
                return Reason.INVALID;
            default:
                return Reason.UNAVAILABLE;
        }
    }

    /** @return the field paths a 422 says may not change; empty for any other answer */
    public List<String> immutableFields() {
        if (code != 422) {
            return List.of();
        }
        List<String> fields = new ArrayList<>();
        for (Cause c : causes) {
            String m = c.message();
            if (m.contains("is immutable") || m.contains("may not change") || m.contains("cannot change")
                    || (m.contains("updates to ") && m.contains(" forbidden"))) {
                fields.add(c.field().isEmpty() ? "(unnamed field)" : c.field());
            }
        }
        return fields;
    }

    /**
     * The failure of a write of {@code key}: the message starts with the object's display name (once), and the
     * details are the conflicting managers with their fields, the immutable fields, or the causes.
     */
    public WriteFailure failure(ResourceKey key) {
        Reason r = classify();
        String name = key.displayName();
        String text = message.isEmpty() ? "HTTP " + code + (reason.isEmpty() ? "" : " " + reason) : message;
        return new WriteFailure(r, text.startsWith(name) ? text : name + ": " + text, details(r));
    }

    /** @return the same as {@link #failure} as an exception, for failures not about one object: {@code key} may be null */
    public TargetException exception(ResourceKey key, String doing) {
        Reason r = classify();
        String what = key != null ? key.displayName() + ": " : "";
        String text = message.isEmpty() ? "HTTP " + code + (reason.isEmpty() ? "" : " " + reason) : message;
        return new TargetException(key, r, what + doing + ": " + text + " (HTTP " + code
                + (reason.isEmpty() ? "" : ", " + reason) + ")", details(r), null);
    }

    private boolean isApplyConflict() {
        return message.startsWith("Apply failed") || causes.stream()
                .anyMatch(c -> c.reason().equals("FieldManagerConflict"));
    }

    private List<String> details(Reason r) {
        List<String> out = new ArrayList<>();
        if (r == Reason.IMMUTABLE) {
            out.addAll(immutableFields());
            return out;
        }
        for (Cause c : causes) {
            out.add(c.field().isEmpty() ? c.message() : c.message() + ": " + c.field());
        }
        return out;
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}

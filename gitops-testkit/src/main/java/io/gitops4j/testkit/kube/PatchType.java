package io.gitops4j.testkit.kube;

import java.util.Locale;
import java.util.Optional;

/** The patch formats the API server accepts, by request {@code Content-Type}. */
public enum PatchType {
    /** RFC 6902 JSON patch ({@code application/json-patch+json}), {@code test} included. */
    JSON("application/json-patch+json"),
    /** RFC 7386 JSON merge patch ({@code application/merge-patch+json}). */
    MERGE("application/merge-patch+json"),
    /** Strategic merge patch ({@code application/strategic-merge-patch+json}); built-in kinds only (415 otherwise). */
    STRATEGIC("application/strategic-merge-patch+json"),
    /** Server-side apply ({@code application/apply-patch+yaml}); body is YAML or JSON; needs a field manager. */
    APPLY("application/apply-patch+yaml");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    /** The media type of this patch format. */
    public String contentType() {
        return contentType;
    }

    /** The patch type for a {@code Content-Type} header value (parameters ignored); empty when none matches. */
    public static Optional<PatchType> fromContentType(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String media = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (PatchType type : values()) {
            if (type.contentType.equals(media)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

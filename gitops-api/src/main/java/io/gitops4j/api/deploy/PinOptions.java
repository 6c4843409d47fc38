package io.gitops4j.api.deploy;

import io.gitops4j.api.Checks;

/**
 * How a pin set by {@code Reconciler.pin} holds.
 *
 * @param release when the pin ends by itself
 * @param reason a note for people (shown with the pin in the status; never parsed); may be empty, never null
 */
public record PinOptions(Release release, String reason) {
    /** When a pin ends. */
    public enum Release {
        /** Only {@code Reconciler.unpin} ends it. */
        UNTIL_UNPINNED,
        /**
         * It also ends when the followed ref points at another commit than when the pin was set (a fix was pushed):
         * the pass that sees it reconciles that commit.
         */
        UNTIL_NEWER_COMMIT
    }

    /** @throws IllegalArgumentException when the reason holds a line break or is over 200 characters */
    public PinOptions {
        Checks.notNull(release, "release");
        Checks.notNull(reason, "reason");
        if (reason.length() > 200 || reason.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("reason: one line of at most 200 characters");
        }
    }

    /** @return held until unpinned, no reason */
    public static PinOptions defaults() {
        return new PinOptions(Release.UNTIL_UNPINNED, "");
    }

    /** @return a copy ending as {@code value} says */
    public PinOptions withRelease(Release value) {
        return new PinOptions(value, reason);
    }

    /** @return a copy with this note */
    public PinOptions withReason(String value) {
        return new PinOptions(release, value);
    }
}

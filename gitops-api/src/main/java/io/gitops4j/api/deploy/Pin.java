package io.gitops4j.api.deploy;

import io.gitops4j.api.Checks;
import io.gitops4j.api.source.Revision;
import java.time.Instant;

/**
 * An Application held at a revision ({@code Reconciler.pin}): while the pin holds, every pass of the Application —
 * scheduled, pushed, drift, manual — reconciles {@link #revision()} instead of the commit its ref points at. It is
 * stored by the Application's target ({@code Target.pins()}), so it survives registering the Application again,
 * unregistering it, and the reconciler itself (a host that restarts, a replica that takes over); it ends with {@code
 * Reconciler.unpin} or — for {@link PinOptions.Release#UNTIL_NEWER_COMMIT} — when the followed ref points at another
 * commit than {@link #followedCommit()}.
 *
 * @param revision the pinned revision, resolved
 * @param options how it holds, and why
 * @param followedCommit the commit the Application's followed ref pointed at when the pin was set
 * @param since when it was set
 */
public record Pin(Revision revision, PinOptions options, String followedCommit, Instant since) {
    /** @throws IllegalArgumentException when the revision is not resolved */
    public Pin {
        Checks.notNull(revision, "revision");
        Checks.notNull(options, "options");
        Checks.notBlank(followedCommit, "followedCommit");
        Checks.notNull(since, "since");
        if (!revision.isResolved()) {
            throw new IllegalArgumentException("a pin holds a resolved revision, not " + revision);
        }
    }
}

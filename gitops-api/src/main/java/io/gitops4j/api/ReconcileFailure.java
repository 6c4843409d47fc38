package io.gitops4j.api;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.target.TargetException;
import java.util.Optional;

/**
 * Why a reconcile pass did not reach SYNCED by failing or being blocked, as a value: where it stopped, a stable
 * reason code, the object or repo-relative path involved, and a one-line message that names what was being read or
 * written (and, for a target failure, the HTTP status and its reason). Never contains a secret or a host path.
 *
 * @param phase where the pass stopped
 * @param reason the typed reason: a {@link SourceException.Reason} for {@link Phase#SOURCE}, a {@link
 *     RenderException.Reason} for {@link Phase#RENDER}, a {@link TargetException.Reason} for {@link Phase#PIN},
 *     {@link Phase#PLAN}, {@link Phase#DRY_RUN}, {@link Phase#INVENTORY}, {@link Phase#APPLY}, {@link Phase#PRUNE},
 *     {@link Phase#WAIT} and {@link Phase#HOOK} (a read or write that failed), an {@link EngineReason} otherwise; in
 *     every phase but GUARD, OWNERSHIP and INTERNAL also {@link EngineReason#STOPPED} (the reconciler closed), in PIN,
 *     SOURCE, PLAN, DRY_RUN, APPLY, PRUNE, WAIT and HOOK
 *     {@link EngineReason#TIMEOUT} (the phase or the wait ran out of time), in WAIT {@link EngineReason#DEGRADED}
 *     and in HOOK {@link EngineReason#HOOK_FAILED}
 * @param object the object involved (for failed objects: the first one), if any
 * @param path the repo-relative file involved, {@code ""} when none
 * @param message one line for a human
 */
public record ReconcileFailure(Phase phase, Enum<?> reason, Optional<ResourceKey> object, String path,
        String message) {
    /** Where a pass stopped. */
    public enum Phase {
        /**
         * Reading the Application's stored pin ({@code Reconciler.pin}) before its first pass, or removing one that a
         * newer commit released: a pin that cannot be read (corrupt, forbidden, unreachable) holds the Application —
         * nothing is resolved or written — until it can be read or an operator's {@code unpin} removes it.
         */
        PIN,
        /** Resolving the revision or reading the snapshot. */
        SOURCE,
        /** Rendering, or the rendered objects broke the Application's render policy (RD-16). */
        RENDER,
        /** Reading live state to plan. */
        PLAN,
        /** A guard blocked every write (empty render, PR-01). */
        GUARD,
        /**
         * The server's dry run of the objects about to be created or updated refused one or more (DA-06, {@link
         * SyncPolicy#dryRunFirst()}): nothing of the pass was written, or — for objects dry-run just before their
         * stage — nothing from that stage on.
         */
        DRY_RUN,
        /** Reading or writing the inventory. */
        INVENTORY,
        /** Applying objects. */
        APPLY,
        /**
         * Waiting for a stage to become ready before the next (CRDs Established, Namespaces Active: DA-07), for a
         * wave to become healthy before the next, or for every object to be healthy before the PostSync hooks.
         */
        WAIT,
        /** Running a PreSync or PostSync hook: creating it, waiting for it to complete, deleting it by its policy. */
        HOOK,
        /** Deleting objects that left the desired state. */
        PRUNE,
        /**
         * This replica does not hold the lease of the Application's shard, or stopped holding it during the pass
         * (EN-03): nothing was written from that point on.
         */
        OWNERSHIP,
        /** An unexpected error in the engine itself. */
        INTERNAL
    }

    /** Reasons the engine gives for failures that are not a source's, a renderer's or a target's. */
    public enum EngineReason {
        /** A phase or a wait ran out of time (the reconciler's phase timeouts, EN-06). */
        TIMEOUT,
        /** The reconciler was closed: the pass stopped at a safe point before this phase (EN-11). */
        STOPPED,
        /** An object waited for became DEGRADED (a rollout past its deadline, a failed Job): the wait ended. */
        DEGRADED,
        /** A hook failed (its Job failed, its Pod ended Failed): the pass stopped. */
        HOOK_FAILED,
        /** A guard blocked the writes. */
        BLOCKED,
        /** Another replica owns the Application, or this one lost its shard's lease; the message says which. */
        NOT_OWNER,
        /** An unexpected error; the message names its type only. */
        INTERNAL_ERROR
    }

    /** @throws IllegalArgumentException when the reason's type does not belong to the phase */
    public ReconcileFailure {
        Checks.notNull(phase, "phase");
        Checks.notNull(reason, "reason");
        Checks.notNull(object, "object");
        Checks.notNull(path, "path");
        Checks.notNull(message, "message");
        boolean fits = switch (phase) {
            case SOURCE -> reason instanceof SourceException.Reason || reason == EngineReason.TIMEOUT
                    || reason == EngineReason.STOPPED;
            case RENDER -> reason instanceof RenderException.Reason || reason == EngineReason.STOPPED;
            case INVENTORY -> reason instanceof TargetException.Reason || reason == EngineReason.STOPPED;
            case PIN -> reason instanceof TargetException.Reason || reason == EngineReason.TIMEOUT
                    || reason == EngineReason.STOPPED;
            case PLAN, DRY_RUN, APPLY, PRUNE -> reason instanceof TargetException.Reason
                    || reason == EngineReason.TIMEOUT || reason == EngineReason.STOPPED;
            case WAIT -> reason instanceof TargetException.Reason || reason == EngineReason.TIMEOUT
                    || reason == EngineReason.STOPPED || reason == EngineReason.DEGRADED;
            case HOOK -> reason instanceof TargetException.Reason || reason == EngineReason.TIMEOUT
                    || reason == EngineReason.STOPPED || reason == EngineReason.HOOK_FAILED;
            case GUARD -> reason == EngineReason.BLOCKED;
            case OWNERSHIP -> reason == EngineReason.NOT_OWNER;
            case INTERNAL -> reason == EngineReason.INTERNAL_ERROR;
        };
        if (!fits) {
            throw new IllegalArgumentException("reason " + reason + " does not belong to phase " + phase);
        }
    }

    /** @return the target's reason, when a target failed */
    public Optional<TargetException.Reason> targetReason() {
        return reason instanceof TargetException.Reason r ? Optional.of(r) : Optional.empty();
    }

    /** @return {@code phase reason: message}, e.g. {@code INVENTORY UNAVAILABLE: writing the inventory …} */
    @Override
    public String toString() {
        return phase + " " + reason + ": " + message;
    }
}

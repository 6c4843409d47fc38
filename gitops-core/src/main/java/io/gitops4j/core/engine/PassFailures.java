package io.gitops4j.core.engine;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.EngineReason;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import java.util.List;
import java.util.Optional;

/**
 * Turns what stopped a pass into a {@link ReconcileFailure}: the phase, the typed reason of the exception (or of the
 * first failed object), the object or repo-relative path, and the message, which already names what was read or
 * written (targets build it with the HTTP status and reason). Stateless.
 */
final class PassFailures {
    private PassFailures() {}

    /** A failure while resolving the revision (nothing was read or written). */
    static ReconcileFailure ofResolve(GitOpsException e) {
        if (e instanceof PassFailedException p) {
            return p.failure();
        }
        SourceException.Reason reason = e instanceof SourceException s ? s.reason() : SourceException.Reason.POLICY;
        String path = e instanceof SourceException s ? s.path().orElse("") : "";
        return new ReconcileFailure(Phase.SOURCE, reason, Optional.empty(), path, "source: " + e.getMessage());
    }

    /** A failure while resolving, reading or rendering the source (nothing was written: PR-02, GS-09). */
    static ReconcileFailure ofSourceOrRender(GitOpsException e) {
        if (e instanceof PassFailedException p) {
            return p.failure();
        }
        if (e instanceof SourceException s) {
            return new ReconcileFailure(Phase.SOURCE, s.reason(), Optional.empty(), s.path().orElse(""),
                    e.getMessage());
        }
        if (e instanceof RenderException r) {
            return new ReconcileFailure(Phase.RENDER, r.reason(), Optional.empty(), r.file().orElse(""),
                    e.getMessage());
        }
        if (e instanceof TargetException t) {
            return ofTarget(Phase.PLAN, t);
        }
        // an invalid or duplicate object in the rendered set, a renderer or source no longer registered
        return new ReconcileFailure(Phase.RENDER, RenderException.Reason.INVALID_INPUT, Optional.empty(), "",
                e.getMessage());
    }

    /** A target call that failed as a whole in {@code phase}. */
    static ReconcileFailure ofTarget(Phase phase, TargetException e) {
        return new ReconcileFailure(phase, e.reason(), e.key(), "", String.valueOf(e.getMessage()));
    }

    /** A guard blocked every write. */
    static ReconcileFailure blocked(String why) {
        return new ReconcileFailure(Phase.GUARD, EngineReason.BLOCKED, Optional.empty(), "", why);
    }

    /** This replica does not own the Application, or stopped owning it during the pass (EN-03). */
    static ReconcileFailure lostLease(String why) {
        return new ReconcileFailure(Phase.OWNERSHIP, EngineReason.NOT_OWNER, Optional.empty(), "", why
                + "; this replica writes nothing more for the Application (EN-03)");
    }

    /** Another replica owns the Application: this one did not start the pass (EN-03). */
    static ReconcileFailure notOwner(String why) {
        return new ReconcileFailure(Phase.OWNERSHIP, EngineReason.NOT_OWNER, Optional.empty(), "", why);
    }

    /** An unexpected error; the message names its type only (its text might carry anything). */
    static ReconcileFailure internal(RuntimeException e) {
        return new ReconcileFailure(Phase.INTERNAL, EngineReason.INTERNAL_ERROR, Optional.empty(), "",
                "internal error: " + e.getClass().getSimpleName());
    }

    /**
     * @return the failure of a pass in which objects failed, led by how many and the first one's message (which
     *     starts with its display name); empty when none failed
     */
    static Optional<ReconcileFailure> ofObjects(List<ObjectReport> reports) {
        List<ObjectReport> failed = reports.stream().filter(r -> r.outcome() == ObjectOutcome.FAILED).toList();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        ObjectReport first = failed.get(0);
        WriteFailure why = first.failure().orElseThrow();
        String name = first.key().displayName();
        String message = why.message().startsWith(name) ? why.message() : name + ": " + why.message();
        Phase phase = first.planned().action() == io.gitops4j.api.plan.Action.PRUNE ? Phase.PRUNE : Phase.APPLY;
        return Optional.of(new ReconcileFailure(phase, why.reason(), Optional.of(first.key()), "",
                failed.size() + " object(s) failed: " + message));
    }
}

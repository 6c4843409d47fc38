package io.gitops4j.core.engine;

import io.gitops4j.api.ObjectReport;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DA-05: an apply the cluster refuses because it changes an immutable field (reason {@code IMMUTABLE}: a Job's pod
 * template, a Deployment's selector, a StatefulSet's volume claim templates, a RoleBinding's roleRef, …) fails with
 * the server's message naming the field, and the object is deleted and created again only when its manifest opts in
 * with the annotation {@value #ANNOTATION}{@code : "true"}. Never for kinds whose deletion takes more with it
 * (Namespaces, CustomResourceDefinitions) or loses data (PersistentVolumeClaims, PersistentVolumes). The deletion
 * carries the live object's uid as a precondition and is awaited (finalizers may hold it) for at most {@link #WAIT}
 * before the new object is created. Stateless.
 */
final class Recreation {

    /** The annotation with which a manifest allows delete-and-recreate when an immutable field changes. */
    static final String ANNOTATION = "gitops4j.io/recreate-on-immutable-change";

    /** How long a deletion for re-creation is awaited. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private static final Set<String> NEVER = Set.of("/Namespace", "apiextensions.k8s.io/CustomResourceDefinition",
            "/PersistentVolumeClaim", "/PersistentVolume");

    private Recreation() {}

    /** What happened to a refused object, and the object as stored afterwards when it was re-created. */
    record Done(ObjectReport report, Optional<LiveObject> object) {}

    /** Why {@code desired} may not be re-created, or empty when it may. */
    static Optional<String> refusal(ResourceKey key, Manifest desired) {
        if (NEVER.contains(key.group() + "/" + key.kind())) {
            return Optional.of("a " + key.kind() + " is never deleted to be re-created");
        }
        if (!"true".equals(desired.annotations().get(ANNOTATION))) {
            return Optional.of("the object can only be replaced; annotate it " + ANNOTATION
                    + ": \"true\" to let the engine delete and re-create it");
        }
        return Optional.empty();
    }

    /**
     * Handles an apply refused with reason IMMUTABLE: FAILED with the server's message and why it is not re-created,
     * or deleted (uid precondition), awaited, and applied again: RECREATED.
     */
    static Done afterRefusal(Change planned, WriteFailure refused, LiveObject live, Manifest desired,
            PassContext pass) {
        Optional<String> why = refusal(planned.key(), desired);
        if (why.isPresent()) {
            return new Done(ObjectReport.failed(planned, new WriteFailure(refused.reason(), refused.message() + " ("
                    + why.get() + ")", refused.details())), Optional.empty());
        }
        Optional<ReconcileFailure> lost = pass.lostLease();
        if (lost.isPresent()) {
            return new Done(Reports.notWritten(planned, "not re-created: " + lost.get().message()), Optional.empty());
        }
        DeleteRequest delete = new DeleteRequest(live.key(), Precondition.uid(live.uid()));
        ObjectResult deleted = pass.retry().batch(List.of(delete), DeleteRequest::key,
                d -> pass.target().deleteAll(d, DeleteOptions.defaults(), pass.context())).get(0);
        if (deleted.isFailed()) {
            return new Done(ObjectReport.failed(planned, deleted.failure().orElseThrow()), Optional.empty());
        }
        boolean gone;
        try {
            // not cancelled by a stop: the object is deleted, and re-creating it is the safe way out
            gone = Polling.until(WAIT, () -> false, () -> pass.view().get(live.key().id())
                    .filter(o -> o.uid().equals(live.uid())).isEmpty());
        } catch (TargetException e) {
            return new Done(ObjectReport.failed(planned, WriteFailure.of(e)), Optional.empty());
        }
        if (!gone) {
            return new Done(ObjectReport.failed(planned, new WriteFailure(TargetException.Reason.UNAVAILABLE,
                    planned.key().displayName() + ": deleted to be re-created, but still present after "
                            + WAIT.toSeconds() + " s (finalizers?); the next reconcile creates it once it is gone",
                    List.of())), Optional.empty());
        }
        lost = pass.lostLease();
        if (lost.isPresent()) {
            return new Done(Reports.notWritten(planned, "deleted to be re-created, not created again: "
                    + lost.get().message()), Optional.empty());
        }
        ObjectResult created = pass.retry().batch(List.of(ApplyRequest.of(desired)), ApplyRequest::key,
                a -> pass.target().applyAll(a, pass.options(), pass.context())).get(0);
        if (created.isFailed()) {
            return new Done(ObjectReport.failed(planned, created.failure().orElseThrow()), Optional.empty());
        }
        return new Done(ObjectReport.of(planned, ObjectOutcome.RECREATED, "re-created: " + refused.message()),
                created.object());
    }
}

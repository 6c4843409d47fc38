package io.gitops4j.core.engine;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DA-05: an apply the cluster refuses because it changes an immutable field (a Job's pod template, a Deployment's
 * selector, a StatefulSet's volume claim templates, a RoleBinding's roleRef, …) fails with the server's message
 * naming the field, and the object is deleted and created again only when its manifest opts in with the annotation
 * {@value #ANNOTATION}{@code : "true"}. Never for kinds whose deletion takes more with it (Namespaces,
 * CustomResourceDefinitions) or loses data (PersistentVolumeClaims, PersistentVolumes). The deletion carries the
 * live object's uid as a precondition and is awaited (finalizers may hold it) for at most {@link #WAIT} before the
 * new object is created. Stateless.
 */
final class Recreation {

    /** The annotation with which a manifest allows delete-and-recreate when an immutable field changes. */
    static final String ANNOTATION = "gitops4j.io/recreate-on-immutable-change";

    /** How long a deletion for re-creation is awaited. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private static final List<String> IMMUTABLE_PHRASES = List.of("field is immutable", "may not change once set",
            "cannot change roleRef", "updates to statefulset spec for fields other than",
            "pod updates may not change fields", "spec is immutable after creation", "are forbidden.");
    private static final Set<String> NEVER = Set.of("/Namespace", "apiextensions.k8s.io/CustomResourceDefinition",
            "/PersistentVolumeClaim", "/PersistentVolume");

    private Recreation() {}

    /** Whether the target refused an apply because it would change an immutable field. */
    static boolean isImmutableChange(TargetException e) {
        if (e.reason() != TargetException.Reason.INVALID) {
            return false;
        }
        String text = String.valueOf(e.getMessage()) + "\n" + String.join("\n", e.details());
        return IMMUTABLE_PHRASES.stream().anyMatch(text::contains);
    }

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
     * Deletes {@code live} (uid precondition), waits until it is gone, then applies {@code desired}.
     *
     * @throws TargetException when the deletion or the new apply fails, or the old object is still there after
     *     {@link #WAIT}
     */
    static LiveObject recreate(Target target, LiveObject live, Manifest desired,
                               ApplyOptions options) {
        ResourceKey key = live.key();
        target.delete(key, DeleteOptions.ifUid(live.uid()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (target.get(key).filter(o -> o.uid().equals(live.uid())).isPresent()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TargetException(key, TargetException.Reason.UNAVAILABLE, key.displayName()
                        + ": deleted to be re-created, but still present after " + WAIT.toSeconds()
                        + " s (finalizers?); the next reconcile creates it once it is gone");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new TargetException(key, TargetException.Reason.UNAVAILABLE, key.displayName()
                        + ": interrupted while waiting for its deletion before re-creating it");
            }
        }
        return target.apply(desired, options);
    }
}

package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.k8s.Identity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What the writers of objects ({@link Applier}, {@link Creator}) are built from; one per target, shared by both.
 *
 * @param http where requests go, with retries
 * @param checks the checks before a write is sent
 * @param reads uncached reads (a precondition, an object read back)
 * @param pool the bounded parallel writers
 * @param tracker the read side's record of our writes (read-your-writes)
 * @param settings field manager, ownership, identities
 */
public record WriteWiring(Retrying http, WriteChecks checks, ObjectReads reads, WritePool pool, WriteTracker tracker,
        WriteSettings settings) {
    /** Validates that nothing is null. */
    public WriteWiring {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs {@code write} for every item in the pool ({@link WritePool#run}), each told the identity the writes of
     * the context's Application act as. Blocks until all are done.
     *
     * @return one result per item, in order
     */
    public <T> List<ObjectResult> run(List<T> items, WriteContext context,
            BiFunction<T, Optional<Identity>, WritePool.Done> write) {
        Optional<Identity> who = settings.identity(context.application());
        return pool.run(items, item -> write.apply(item, who));
    }
}

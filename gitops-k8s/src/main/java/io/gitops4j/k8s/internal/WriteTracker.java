package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.LiveObject;
import java.util.Optional;

/**
 * Told about every write the target makes, so a cache can show it at once (read-your-writes) and recognise its echo
 * in the watch (own writes). Implementations are thread-safe and do not block.
 */
public interface WriteTracker {
    /** Tracks nothing, caches nothing. */
    WriteTracker NONE = new WriteTracker() {
        @Override
        public void starting(ObjectId id) {}

        @Override
        public void finished(ObjectId id, Optional<LiveObject> stored, Optional<String> deletedUid) {}

        @Override
        public Optional<LiveObject> cached(ObjectId id) {
            return Optional.empty();
        }
    };

    /** A write of {@code id} is about to be sent (not called for dry runs). */
    void starting(ObjectId id);

    /**
     * The write of {@code id} is over: {@code stored} is the object the server answered with (absent when the write
     * failed or was a delete), {@code deletedUid} the UID of the object a delete removed or started to remove.
     * Called exactly once after each {@link #starting}.
     */
    void finished(ObjectId id, Optional<LiveObject> stored, Optional<String> deletedUid);

    /** @return the object as a cache holds it now; empty when there is no cache or it does not hold it */
    Optional<LiveObject> cached(ObjectId id);
}

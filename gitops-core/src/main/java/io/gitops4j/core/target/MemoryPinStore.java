package io.gitops4j.core.target;

import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.PinUnreadableException;
import io.gitops4j.api.target.StoredPin;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pins kept in memory, for targets that keep their state beside the cluster (the in-memory target, the testkit's
 * fake): they outlive a reconciler, not the target. Each pin has a version (a counter) that every write and delete
 * must name, as an API server checks a resourceVersion: another version fails with {@code STALE} and changes nothing.
 * {@link #damage} makes one unreadable, as a corrupt stored pin would be, until a write or a delete replaces it.
 * Thread-safe.
 */
public final class MemoryPinStore implements PinStore {
    private final Map<String, StoredPin> stored = new HashMap<>();
    private final Set<String> damaged = new HashSet<>();
    private long version;

    @Override
    public synchronized Optional<StoredPin> read(String application) {
        StoredPin s = stored.get(application);
        if (s != null && damaged.contains(application)) {
            throw new PinUnreadableException(application, s.version(), "its fields cannot be parsed");
        }
        return Optional.ofNullable(s);
    }

    @Override
    public synchronized StoredPin write(String application, Pin pin, String expectedVersion) {
        check(application, expectedVersion, "write");
        StoredPin next = new StoredPin(pin, Long.toString(++version));
        stored.put(application, next);
        damaged.remove(application);
        return next;
    }

    @Override
    public synchronized void delete(String application, String expectedVersion) {
        if (!stored.containsKey(application)) {
            return;
        }
        check(application, expectedVersion, "delete");
        stored.remove(application);
        damaged.remove(application);
    }

    /**
     * Makes the stored pin of {@code application} unreadable until a write or a delete replaces it.
     *
     * @throws IllegalStateException when none is stored
     */
    public synchronized void damage(String application) {
        if (!stored.containsKey(application)) {
            throw new IllegalStateException("no pin of " + application + " is stored");
        }
        damaged.add(application);
    }

    private void check(String application, String expectedVersion, String doing) {
        StoredPin current = stored.get(application);
        String actual = current == null ? "" : current.version();
        if (!actual.equals(expectedVersion)) {
            throw new TargetException(null, Reason.STALE, "pin of " + application + ": " + doing + ": changed since"
                    + " it was read (expected version '" + expectedVersion + "'); nothing was changed");
        }
    }
}

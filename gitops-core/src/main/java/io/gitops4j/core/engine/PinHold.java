package io.gitops4j.core.engine;

import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions.Release;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.PinUnreadableException;
import io.gitops4j.api.target.StoredPin;
import io.gitops4j.api.target.TargetException;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pin of one Application ({@code Reconciler.pin}), kept with its {@link AppState} so it survives registering the
 * Application again, and in the {@link PinStore} of the Application's target so it survives the reconciler: which
 * revision a pass reconciles instead of the commit the followed ref points at, and when the pin ends by itself
 * ({@link Release#UNTIL_NEWER_COMMIT}).
 *
 * <p>The store is the pin's home; this hold is what this reconciler has read of it. It is read ({@link #load}) before
 * the Application's first pass here, and again after {@link #forget()} (this replica took the Application's shard
 * over, EN-03): a pin another process set is then held. Every change goes to the store first, naming the version read
 * (optimistic concurrency), and is held here only once stored: a change the store refuses changes nothing, and one it
 * refuses as {@code STALE} makes the next use read the store again. While the stored pin cannot be read (corrupt,
 * forbidden, unreachable), {@link #load} throws, and the pass that asked fails without resolving or writing
 * anything: the Application stays held until the pin can be read, an unpin removes it or a pin replaces it. A store
 * that keeps nothing ({@link PinStore#none()}) is never read: the hold is then the only copy, as long as the
 * reconciler lives.
 *
 * <p>Thread-safe: every method synchronizes on the hold, store requests included (they are rare and short: one per
 * registration, take-over, pin and release).
 */
final class PinHold {
    private static final Logger LOG = LoggerFactory.getLogger(PinHold.class);

    private final String application;
    private Pin pin;
    /** The stored version of {@link #pin} (or of an unreadable pin), {@code ""} when none is stored. */
    private String version = "";
    private boolean loaded;

    PinHold(String application) {
        this.application = application;
    }

    /** @return the pin held, as last read or set; empty before the store was read */
    synchronized Optional<Pin> current() {
        return Optional.ofNullable(pin);
    }

    /** @return whether the store was read since registration or the last {@link #forget()} */
    synchronized boolean loaded() {
        return loaded;
    }

    /**
     * Reads the stored pin unless it was read already (a store that keeps nothing is not read).
     *
     * @throws TargetException when the stored pin cannot be read ({@link PinUnreadableException} when it is stored
     *     but corrupt); the hold stays unread and the next call reads again
     */
    synchronized void load(PinStore store) {
        if (loaded) {
            return;
        }
        if (store == PinStore.none()) {
            loaded = true;
            return;
        }
        Optional<StoredPin> stored = store.read(application);
        pin = stored.map(StoredPin::pin).orElse(null);
        version = stored.map(StoredPin::version).orElse("");
        loaded = true;
        stored.ifPresent(s -> LOG.info("{} is pinned to {} (read from the target's pin store)", application,
                s.pin().revision()));
    }

    /** The store may have changed behind this hold's back (a shard taken over): the next use reads it again. */
    synchronized void forget() {
        loaded = false;
    }

    /**
     * Stores {@code value} in place of any pin (an unreadable one included), then holds it.
     *
     * @throws TargetException when it cannot be stored (nothing changes; {@code STALE}: someone else changed the pin
     *     since it was read, and the next use reads it again)
     */
    synchronized void set(PinStore store, Pin value) {
        readForChange(store);
        StoredPin stored = stored(() -> store.write(application, value, version));
        pin = value;
        version = stored.version();
        loaded = true;
    }

    /**
     * What {@link #release} did.
     *
     * @param pin the pin released; empty when none was held or the stored one could not be read
     * @param removed whether a pin was removed (also an unreadable one)
     */
    record Released(Optional<Pin> pin, boolean removed) {}

    /**
     * Removes the pin from the store, then from this hold. An unreadable stored pin is removed too.
     *
     * @return what was released
     * @throws TargetException when the store cannot be read or the pin cannot be removed (it is then still held)
     */
    synchronized Released release(PinStore store) {
        boolean unreadable = readForChange(store);
        if (pin == null && !unreadable) {
            return new Released(Optional.empty(), false);
        }
        stored(() -> {
            store.delete(application, version);
            return null;
        });
        Optional<Pin> was = Optional.ofNullable(pin);
        pin = null;
        version = "";
        loaded = true;
        if (unreadable) {
            LOG.info("the unreadable pin of {} was removed", application);
        }
        return new Released(was, true);
    }

    /**
     * @param head what the Application's followed ref resolves to now
     * @return the revision a pass reconciles: the pinned one while the pin holds, else {@code head}; a pin that ends
     *     at a newer commit is removed from the store and released here when {@code head} is another commit than
     *     when it was set
     * @throws TargetException when such a pin cannot be removed from the store (it then still holds)
     */
    synchronized Revision revisionFor(PinStore store, Revision head) {
        if (pin == null) {
            return head;
        }
        if (pin.options().release() == Release.UNTIL_NEWER_COMMIT && !head.id().equals(pin.followedCommit())) {
            stored(() -> {
                store.delete(application, version);
                return null;
            });
            LOG.info("pin of {} at {} released: {} points at a newer commit", application, pin.revision(),
                    head.shortRef());
            pin = null;
            version = "";
            return head;
        }
        return pin.revision();
    }

    /**
     * Reads the store before a change, taking an unreadable pin's version so the change replaces it.
     *
     * @return whether the stored pin is unreadable
     */
    private boolean readForChange(PinStore store) {
        try {
            load(store);
            return false;
        } catch (PinUnreadableException e) {
            pin = null;
            version = e.version();
            return true;
        }
    }

    /** Runs a store change; one refused as STALE makes the next use read the store again. */
    private <T> T stored(Supplier<T> change) {
        try {
            return change.get();
        } catch (TargetException e) {
            if (e.reason() == TargetException.Reason.STALE) {
                loaded = false;
            }
            throw e;
        }
    }
}

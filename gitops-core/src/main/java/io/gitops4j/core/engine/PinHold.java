package io.gitops4j.core.engine;

import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions.Release;
import io.gitops4j.api.source.Revision;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pin of one Application ({@code Reconciler.pin}), kept with its {@link AppState} so it survives registering the
 * Application again: which revision a pass reconciles instead of the commit the followed ref points at, and when the
 * pin ends by itself ({@link Release#UNTIL_NEWER_COMMIT}). Thread-safe.
 */
final class PinHold {
    private static final Logger LOG = LoggerFactory.getLogger(PinHold.class);

    private final String application;
    private Pin pin;

    PinHold(String application) {
        this.application = application;
    }

    synchronized Optional<Pin> current() {
        return Optional.ofNullable(pin);
    }

    /** Replaces any pin with {@code value}. */
    synchronized void set(Pin value) {
        pin = value;
    }

    /** @return the pin released, if one held */
    synchronized Optional<Pin> release() {
        Optional<Pin> was = Optional.ofNullable(pin);
        pin = null;
        return was;
    }

    /**
     * @param head what the Application's followed ref resolves to now
     * @return the revision a pass reconciles: the pinned one while the pin holds, else {@code head}; a pin that ends
     *     at a newer commit is released here when {@code head} is another commit than when it was set
     */
    synchronized Revision revisionFor(Revision head) {
        if (pin == null) {
            return head;
        }
        if (pin.options().release() == Release.UNTIL_NEWER_COMMIT && !head.id().equals(pin.followedCommit())) {
            LOG.info("pin of {} at {} released: {} points at a newer commit", application, pin.revision(),
                    head.shortRef());
            pin = null;
            return head;
        }
        return pin.revision();
    }
}

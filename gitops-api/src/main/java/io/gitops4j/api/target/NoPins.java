package io.gitops4j.api.target;

import io.gitops4j.api.deploy.Pin;
import java.util.Optional;

/** The store of {@link PinStore#none()}: keeps nothing. Stateless. */
enum NoPins implements PinStore {
    INSTANCE;

    /** The version every write returns: there is only ever nothing stored. */
    private static final String VERSION = "none";

    @Override
    public Optional<StoredPin> read(String application) {
        return Optional.empty();
    }

    @Override
    public StoredPin write(String application, Pin pin, String expectedVersion) {
        return new StoredPin(pin, VERSION);
    }

    @Override
    public void delete(String application, String expectedVersion) {
        // nothing is stored
    }
}

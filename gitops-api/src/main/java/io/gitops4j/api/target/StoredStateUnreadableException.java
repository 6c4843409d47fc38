package io.gitops4j.api.target;

import java.util.List;

/**
 * Something a target stores for one Application (its inventory, its pin) is there but cannot be read: reason
 * {@link TargetException.Reason#INVALID}, with the store's version of what is stored, so that the caller can replace
 * or remove it by writing with that version as the expected one. It never means that nothing is stored; each
 * subclass says what the engine does instead. The message names what is unreadable, the Application and why, never
 * the stored content. Immutable.
 */
public abstract class StoredStateUnreadableException extends TargetException {
    private static final long serialVersionUID = 1L;

    private final String application;
    private final String version;

    /**
     * @param what what is unreadable, as the message starts: {@code inventory}, {@code pin}
     * @param application the Application it belongs to
     * @param version the store's version of it
     * @param why what is wrong with it, without quoting its content
     */
    protected StoredStateUnreadableException(String what, String application, String version, String why) {
        super(null, Reason.INVALID, what + " of " + application + ": unreadable: " + why, List.of(), null);
        this.application = application;
        this.version = version;
    }

    /** @return the Application whose stored state is unreadable */
    public String application() {
        return application;
    }

    /** @return the store's version of the unreadable state, to replace or remove it by */
    public String version() {
        return version;
    }
}

package io.gitops4j.api.target;

import java.util.List;

/**
 * A pin is stored but cannot be read (corrupt, written in an unknown format, holding something that is not a
 * revision). Reason {@link TargetException.Reason#INVALID}. It never means "not pinned": the engine keeps the
 * Application held — no pass runs — until an operator's {@code unpin} removes it (by deleting at {@link #version()}),
 * or a new {@code pin} replaces it.
 */
public class PinUnreadableException extends TargetException {
    private static final long serialVersionUID = 1L;

    private final String application;
    private final String version;

    /**
     * @param application the Application whose pin is unreadable
     * @param version the store's version of the unreadable pin
     * @param why what is wrong with it, without quoting its content
     */
    public PinUnreadableException(String application, String version, String why) {
        super(null, Reason.INVALID, "pin of " + application + ": unreadable: " + why, List.of(), null);
        this.application = application;
        this.version = version;
    }

    /** @return the Application whose pin is unreadable */
    public String application() {
        return application;
    }

    /** @return the stored version, to remove or replace the unreadable pin */
    public String version() {
        return version;
    }
}

package io.gitops4j.api.target;

/**
 * A pin is stored but cannot be read (corrupt, written in an unknown format, holding something that is not a
 * revision). Reason {@link TargetException.Reason#INVALID}. It never means "not pinned": the engine keeps the
 * Application held — no pass runs — until an operator's {@code unpin} removes it (by deleting at {@link #version()}),
 * or a new {@code pin} replaces it.
 */
public class PinUnreadableException extends StoredStateUnreadableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param application the Application whose pin is unreadable
     * @param version the store's version of the unreadable pin
     * @param why what is wrong with it, without quoting its content
     */
    public PinUnreadableException(String application, String version, String why) {
        super("pin", application, version, why);
    }
}

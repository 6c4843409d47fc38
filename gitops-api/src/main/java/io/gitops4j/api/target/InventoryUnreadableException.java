package io.gitops4j.api.target;

/**
 * An inventory is stored but cannot be read (truncated, corrupt, written in an unknown format). Reason {@link
 * TargetException.Reason#INVALID}. It never means "owns nothing" nor "prune everything" (PR-10): the caller rebuilds
 * the inventory (the engine lists the objects carrying the Application's label) and replaces the unreadable one by
 * writing with {@link #version()} as the expected version.
 */
public class InventoryUnreadableException extends StoredStateUnreadableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param application the Application whose inventory is unreadable
     * @param version the store's version of the unreadable inventory
     * @param why what is wrong with it, without its content
     */
    public InventoryUnreadableException(String application, String version, String why) {
        super("inventory", application, version, why);
    }
}

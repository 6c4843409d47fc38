package io.gitops4j.api;

/**
 * A {@link Reconciler} method named an Application that is not registered. Every method of {@link Reconciler} that
 * takes an Application's name (other than {@link Reconciler#unregister}, which is idempotent) throws it at the call,
 * before doing anything: none of them answers an unknown name with an empty value or a failed future.
 */
public class UnknownApplicationException extends GitOpsException {
    private static final long serialVersionUID = 1L;
    private final String application;

    /** @param application the name that is not registered */
    public UnknownApplicationException(String application) {
        super("application '" + application + "' is not registered");
        this.application = application;
    }

    /** @return the name that is not registered */
    public String application() {
        return application;
    }
}

package io.gitops4j.api;

/**
 * An argument or configuration value is invalid: a Kubernetes name that breaks the DNS rules, an interval of zero,
 * a negative limit. Thrown by record constructors and factories of this API when the value comes from outside the
 * program (an Application definition, a manifest), so a host can tell bad configuration apart from its own bugs.
 */
public class InvalidSpecException extends GitOpsException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the name of the offending field, such as {@code metadata.name} or {@code interval}
     * @param message what is wrong with it; never contains the secret value itself
     */
    public InvalidSpecException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** @return the name of the offending field; never null */
    public String field() {
        return field;
    }
}

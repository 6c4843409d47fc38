package io.gitops4j.examples.serve.http;

/**
 * A request the API refuses: the HTTP status, a stable code and a one-line message, answered as
 * {@code {"error": {"code": …, "message": …}}}. Messages never quote a request body or a secret.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    /**
     * @param status the HTTP status (4xx for the caller's mistakes, 5xx for the server's)
     * @param code a stable upper-case code such as {@code NOT_FOUND}
     * @param message one line for a human
     */
    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the stable error code */
    public String code() {
        return code;
    }

    /** @return 404 for an Application {@code apps.yaml} does not declare */
    public static ApiException unknownApplication(String name) {
        return new ApiException(404, "NOT_FOUND", "no Application named '" + Names.printable(name) + "'");
    }

    /** @return 405 naming the methods the resource allows */
    public static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, "METHOD_NOT_ALLOWED", Names.printable(method) + " is not allowed here; use "
                + allowed);
    }
}

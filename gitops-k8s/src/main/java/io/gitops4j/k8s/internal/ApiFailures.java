package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteFailure;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns what went wrong with a request into gitops4j's failures: an error answer through the one classification
 * ({@link io.gitops4j.core.target.ApiStatus}), a request that got no answer as {@code UNAVAILABLE} (a failed TLS
 * handshake says so, and whether the server's certificate was not trusted). Messages name the object or the request,
 * never a body, a certificate or a path.
 */
public final class ApiFailures {
    private ApiFailures() {}

    /** @return the failure of an error answer to a request about {@code key} */
    public static WriteFailure failure(ResourceKey key, ApiResponse response) {
        WriteFailure f = response.status().failure(key);
        if (f.reason() != Reason.UNAVAILABLE) {
            return f;
        }
        return new WriteFailure(f.reason(), f.message() + " (HTTP " + response.code() + ")", f.details());
    }

    /** @return the failure of a request about {@code key} that got no answer */
    public static WriteFailure unreachable(ResourceKey key, IOException e) {
        return new WriteFailure(Reason.UNAVAILABLE, key.displayName() + ": " + problem(e), List.of());
    }

    /** @return an error answer to a request not about one object ({@code key} may be null) as an exception */
    public static TargetException exception(ResourceKey key, String doing, ApiResponse response) {
        return response.status().exception(key, doing);
    }

    /** @return a request that got no answer as an exception ({@code key} may be null) */
    public static TargetException unreachable(ResourceKey key, String doing, IOException e) {
        String what = key == null ? "" : key.displayName() + ": ";
        return new TargetException(key, Reason.UNAVAILABLE, what + doing + ": " + problem(e), List.of(), e);
    }

    /** @return the error for a key whose kind or version the server does not serve, even after re-reading */
    public static TargetException unknownKind(ResourceKey key) {
        return new TargetException(key, Reason.UNKNOWN_KIND, key.displayName() + ": the API server does not serve "
                + key.apiVersion() + " " + key.kind() + " (discovery was read again)");
    }

    /**
     * What went wrong with a request that got no answer. A failed TLS handshake is told apart from a lost
     * connection, because its remedy is in the configuration (the certificate authority, the client certificate),
     * not in waiting: the JDK's own wording of a certificate path failure names none of that.
     */
    private static String problem(IOException e) {
        if (e instanceof SSLPeerUnverifiedException) {
            return "the API server's certificate is not valid for its address (TLS host name verification failed)";
        }
        if (e instanceof SSLException) {
            if (untrusted(e)) {
                return "the API server's certificate is not trusted: it is not signed by the certificate authority "
                        + "the configuration names (a kubeconfig's certificate-authority or "
                        + "certificate-authority-data, the in-cluster ca.crt), or it has expired ("
                        + e.getClass().getSimpleName() + ")";
            }
            return "the TLS handshake with the API server failed (" + describe(e) + ")";
        }
        return "no answer from the API server (" + describe(e) + ")";
    }

    /**
     * @return true when {@code e} says the server's certificate was refused (not signed by the configured authority,
     *     expired, or not valid for the server's address): no retry can change that, only the configuration
     */
    public static boolean untrusted(Throwable e) {
        return e instanceof SSLPeerUnverifiedException
                || e instanceof SSLException && (causedBy(e, CertificateException.class)
                        || causedBy(e, CertPathBuilderException.class) || causedBy(e, CertPathValidatorException.class));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + firstLine(m));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}

package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.RemoteRepositoryException;

/**
 * Turns a JGit failure into a {@link SourceException} with a stable reason and a scrubbed message. Remote error
 * bodies are not echoed (GS-08); where the underlying error's text is shown, it is quoted and escaped as {@link
 * UntrustedText} (GS-19). The JGit exception is not attached as cause because its message may carry user info or
 * server text.
 */
final class TransportFailures {
    private TransportFailures() {}

    static SourceException map(GitUrl url, String operation, Throwable e, String[] secrets, String cacheDir,
            BudgetMonitor monitor) {
        if (e instanceof SourceException se) {
            return se;
        }
        if (monitor != null && monitor.exceeded() == null && monitor.millisLeft() == 0
                && has(e, SocketTimeoutException.class)) {
            // a socket timeout is capped by the time left, so one after the deadline is the budget's own
            monitor.timedOut();
        }
        if (monitor != null && monitor.exceeded() != null) {
            return new SourceException(Reason.LIMIT, url + ": " + operation + " stopped: " + monitor.exceeded());
        }
        if (monitor != null && monitor.redirect() != null) {
            return new SourceException(Reason.POLICY, url + ": " + operation + " refused: the server answered with "
                    + monitor.redirect() + "; redirects are never followed (credentials stay with the configured "
                    + "scheme, host and port)");
        }
        String all = chain(e).toLowerCase(Locale.ROOT);
        String detail = rootMessage(e, secrets, cacheDir);
        Reason reason;
        String summary;
        if (has(e, UnknownHostException.class) || all.contains("unknown host") || all.contains("unknownhost")) {
            reason = Reason.UNAVAILABLE;
            summary = "host not found";
            detail = "";
        } else if (all.contains("redirect")) {
            reason = Reason.POLICY;
            summary = "the server redirected; redirects are refused (credentials stay with the configured host)";
            detail = "";
        } else if (all.contains("host key") || all.contains("server key") || all.contains("known_hosts")
                || all.contains("hostkey") || all.contains("known hosts")) {
            reason = Reason.POLICY;
            summary = "the SSH host key is not trusted (not in the supplied known_hosts)";
        } else if (all.contains("not authorized") || all.contains("authentication is required")
                || all.contains("auth fail") || all.contains(" 401") || all.contains(" 403")
                || all.contains("no more authentication methods") || all.contains("permission denied")
                || all.contains("authentication not supported") || all.contains("could not authenticate")
                || all.contains("no credentialsprovider")) {
            reason = Reason.UNAUTHORIZED;
            summary = "authentication failed (missing, wrong or revoked credentials)";
            detail = "";
        } else if (e instanceof NoRemoteRepositoryException || has(e, NoRemoteRepositoryException.class)
                || all.contains("not found") || all.contains(" 404") || all.contains("does not appear to be a git")
                || all.contains("repository not exported") || all.contains("does not exist")) {
            reason = Reason.NOT_FOUND;
            summary = "repository not found";
            detail = "";
        } else if (has(e, SocketTimeoutException.class) || all.contains("timeout") || all.contains("timed out")) {
            reason = Reason.LIMIT;
            summary = "the server did not answer in time";
            detail = "";
        } else if (all.contains("cancel")) {
            reason = Reason.LIMIT;
            summary = "cancelled";
        } else if (has(e, ConnectException.class) || all.contains("connection refused")) {
            reason = Reason.UNAVAILABLE;
            summary = "connection refused";
            detail = "";
        } else if (e instanceof java.io.IOException && !(e instanceof org.eclipse.jgit.errors.TransportException)) {
            reason = Reason.IO;
            summary = "local storage failed";
        } else {
            reason = Reason.UNAVAILABLE;
            summary = "the server could not be reached or failed";
        }
        if (has(e, RemoteRepositoryException.class)) {
            detail = "";
        }
        return new SourceException(reason, url + ": " + operation + " failed: " + summary
                + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    /** @return the root cause's type and its message, scrubbed and quoted (it may carry a server's words, GS-19) */
    private static String rootMessage(Throwable e, String[] secrets, String cacheDir) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? ""
                : ": " + Scrubber.scrub(t.getMessage(), secrets, cacheDir));
    }
}

package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated repository URL: {@code https}, {@code http}, {@code ssh}, {@code git} or (when allowed) {@code file}.
 * The scp form {@code user@host:path} is read as {@code ssh://user@host/path}.
 *
 * <p>Refused with {@link Reason#POLICY}: transport helpers ({@code ext::}, {@code fd::}, any {@code x::}), control
 * characters and whitespace, also percent-encoded ones ({@code %0a}) and format or separator characters that would
 * break or reorder a message line once decoded (GS-18), a host or path that looks like a command-line option
 * ({@code -oProxyCommand}, {@code --upload-pack=}), a password or token in the user info, a user name on
 * {@code http(s)} (tokens passed as user names), query strings and fragments.
 *
 * @param scheme lower-case scheme
 * @param user the SSH user name, or {@code ""}
 * @param host lower-case host, {@code ""} for {@code file}
 * @param port the port, or -1 for the scheme's default
 * @param path the repository path, starting with {@code /}
 */
public record GitUrl(String scheme, String user, String host, int port, String path) {
    private static final Pattern SCP = Pattern.compile("^([A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):([^/].*|/.*)$");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]+|\\[[0-9a-f:.]+]");

    /** Validates the parts. */
    public GitUrl {
        if (host.startsWith("-") || path.contains("/-") || user.startsWith("-")) {
            throw refuse("an option-like host, user or path");
        }
    }

    /**
     * @param text the URL as written in a spec
     * @param allowFile whether {@code file:} URLs are accepted
     * @throws SourceException {@link Reason#POLICY} when refused
     */
    public static GitUrl parse(String text, boolean allowFile) {
        if (text == null || text.isBlank()) {
            throw refuse("an empty URL");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw refuse("a control or whitespace character");
            }
        }
        if (UntrustedText.hasUnsafe(text)) {
            throw refuse("a format or separator character");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.startsWith("-") || lower.contains("--upload-pack") || lower.contains("--receive-pack")
                || lower.contains("-oproxycommand") || lower.contains("proxycommand")) {
            throw refuse("an option-like argument");
        }
        int helper = text.indexOf("::");
        int separator = text.indexOf("://");
        if (helper >= 0 && (separator < 0 || helper < separator)) {
            throw refuse("a transport helper (x::)");
        }
        if (!text.contains("://")) {
            var scp = SCP.matcher(text);
            if (scp.matches() && scp.group(2).length() > 1) {
                String user = scp.group(1) == null ? "" : scp.group(1).substring(0, scp.group(1).length() - 1);
                String p = scp.group(3).startsWith("/") ? scp.group(3) : "/" + scp.group(3);
                return build("ssh", user, scp.group(2), -1, p);
            }
            throw refuse("not an absolute URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw refuse("not a valid URL");
        }
        if ((uri.getPath() != null && UntrustedText.hasUnsafe(uri.getPath()))
                || (uri.getUserInfo() != null && UntrustedText.hasUnsafe(uri.getUserInfo()))) {
            throw refuse("a percent-encoded control, format or separator character");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refuse("a query or fragment");
        }
        String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
        switch (scheme) {
            case "file":
                if (!allowFile) {
                    throw refuse("a file: URL (not allowed by this source)");
                }
                if (!userInfo.isEmpty() || (uri.getHost() != null && !uri.getHost().isEmpty())) {
                    throw refuse("a file: URL with a host");
                }
                return build("file", "", "", -1, uri.getPath());
            case "https":
            case "http":
            case "git":
                if (!userInfo.isEmpty()) {
                    throw refuse("credentials in the URL; supply them to the source");
                }
                break;
            case "ssh":
                if (userInfo.contains(":")) {
                    throw refuse("credentials in the URL; supply them to the source");
                }
                break;
            default:
                throw refuse("scheme '" + sanitize(scheme) + "' (https, http, ssh, git" + (allowFile ? ", file" : "")
                        + " are supported)");
        }
        if (uri.getHost() == null) {
            throw refuse("a URL without a host");
        }
        return build(scheme, userInfo, uri.getHost(), uri.getPort(), uri.getPath() == null ? "/" : uri.getPath());
    }

    private static GitUrl build(String scheme, String user, String host, int port, String path) {
        String h = host.toLowerCase(Locale.ROOT);
        if (!h.isEmpty() && !HOST.matcher(h).matches()) {
            throw refuse("an invalid host");
        }
        String p = path.isEmpty() ? "/" : path;
        return new GitUrl(scheme, user, h, port, p);
    }

    /** @return the URL JGit connects to (no credentials ever) */
    public String toJGitUrl() {
        if (scheme.equals("file")) {
            return "file://" + path;
        }
        return scheme + "://" + (user.isEmpty() ? "" : user + "@") + host + (port < 0 ? "" : ":" + port) + path;
    }

    /** @return the URL for messages: scheme, host, port and path, never user info */
    @Override
    public String toString() {
        if (scheme.equals("file")) {
            return "file://" + path;
        }
        return scheme + "://" + host + (port < 0 ? "" : ":" + port) + path;
    }

    /** @return a normalized key: lower-case host, default ports dropped, trailing {@code /} and {@code .git} dropped */
    public String key() {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
        }
        int effectivePort = port == defaultPort() ? -1 : port;
        return scheme + "://" + host + (effectivePort < 0 ? "" : ":" + effectivePort) + p;
    }

    /** @return a directory name for the mirror: a hash of {@link #key()}, free of credentials and host names */
    public String mirrorName() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return true for transports that carry credentials over TLS or SSH */
    public boolean isEncrypted() {
        return scheme.equals("https") || scheme.equals("ssh");
    }

    private int defaultPort() {
        switch (scheme) {
            case "https": return 443;
            case "http": return 80;
            case "ssh": return 22;
            case "git": return 9418;
            default: return -1;
        }
    }

    private static String sanitize(String s) {
        return s.length() > 20 ? s.substring(0, 20) : s;
    }

    static SourceException refuse(String what) {
        return new SourceException(Reason.POLICY, "repository URL refused: " + what);
    }
}

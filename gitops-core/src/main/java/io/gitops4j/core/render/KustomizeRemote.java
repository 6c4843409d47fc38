package io.gitops4j.core.render;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A reference in a kustomization that kustomize would fetch instead of reading from the tree (RD-26), normalised
 * so an allow-list can be compared with it.
 *
 * <p>Classification is a superset of what kustomize 5 treats as remote: anything with a scheme ({@code
 * https://}, {@code http://}, {@code ssh://}, {@code file://}, …), the {@code git::} and {@code gh:} prefixes, the
 * scp-like form {@code [user@]host:path} (a colon before the first slash, whatever the user name), and paths whose
 * first segment is {@code github.com}. An entry that is none of these is a path in the tree.
 *
 * <p>Normalisation does what the fetching side does before it connects: scheme and host in lower case, default
 * ports and user information dropped, percent-encoded unreserved characters decoded, and dot segments removed (git
 * and curl collapse {@code /acme/../evil} to {@code /evil}); the scp-like form becomes {@code ssh://host/path},
 * {@code github.com/…} and {@code gh:} become {@code https://github.com/…}; the query ({@code ?ref=}) is left out.
 * {@link #within} then compares hosts exactly and paths segment by segment, so neither {@code
 * http://allowed/acme/../evil} nor {@code http://allowed/acme-evil} is within {@code http://allowed/acme/}.
 *
 * @param scheme lower-case scheme
 * @param host lower-case host, {@code ""} for {@code file}
 * @param port the port, or -1 for the scheme's default
 * @param path the path with dot segments removed, starting with {@code /}
 */
record KustomizeRemote(String scheme, String host, int port, String path) {

    /** @return true when kustomize could fetch this entry rather than read it from the tree */
    static boolean isRemote(String entry) {
        String e = entry.strip().toLowerCase(Locale.ROOT);
        int slash = e.indexOf('/');
        String first = slash < 0 ? e : e.substring(0, slash);
        return e.contains("://") || e.startsWith("git::") || e.startsWith("gh:") || first.contains(":")
                || first.equals("github.com");
    }

    /** @return true when the entry parses and lies within one of the allowed bases (each normalised too) */
    static boolean allowed(String entry, List<String> allowedBases) {
        Optional<KustomizeRemote> url = parse(entry);
        return url.isPresent() && allowedBases.stream().map(KustomizeRemote::parse).flatMap(Optional::stream)
                .anyMatch(url.get()::within);
    }

    /** @return the entry with any {@code //user:password@} removed, for messages */
    static String withoutCredentials(String entry) {
        return entry.replaceAll("//[^/@]*@", "//");
    }

    /** @return the normalised form of a remote entry, or empty when it cannot be parsed as a URL */
    static Optional<KustomizeRemote> parse(String entry) {
        String e = entry.strip();
        if (e.regionMatches(true, 0, "git::", 0, 5)) {
            e = e.substring(5);
        }
        if (e.regionMatches(true, 0, "gh:", 0, 3)) {
            e = "https://github.com/" + e.substring(3);
        } else if (e.regionMatches(true, 0, "github.com/", 0, 11)) {
            e = "https://" + e;
        } else if (!e.contains("://")) {
            int colon = e.indexOf(':');
            int slash = e.indexOf('/');
            if (colon <= 0 || (slash >= 0 && slash < colon)) {
                return Optional.empty();
            }
            String userHost = e.substring(0, colon);
            String host = userHost.substring(userHost.lastIndexOf('@') + 1);
            String rest = e.substring(colon + 1);
            e = "ssh://" + host + "/" + (rest.startsWith("/") ? rest.substring(1) : rest);
        }
        int query = e.indexOf('?');
        if (query >= 0) {
            e = e.substring(0, query);
        }
        try {
            URI uri = new URI(e);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (scheme.isEmpty() || (host.isEmpty() && !scheme.equals("file"))) {
                return Optional.empty();
            }
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            int port = uri.getPort() == defaultPort(scheme) ? -1 : uri.getPort();
            return Optional.of(new KustomizeRemote(scheme, host, port, removeDotSegments(decodeUnreserved(
                    uri.getRawPath() == null ? "" : uri.getRawPath()))));
        } catch (URISyntaxException ex) {
            return Optional.empty();
        }
    }

    /**
     * @param allowed a normalised allowed prefix
     * @return true when this has the same scheme, host and port and its path equals the prefix's path or continues
     *     it past a {@code /}
     */
    boolean within(KustomizeRemote allowed) {
        if (!scheme.equals(allowed.scheme) || !host.equals(allowed.host) || port != allowed.port) {
            return false;
        }
        String prefix = allowed.path;
        if (prefix.isEmpty() || prefix.equals("/") || path.equals(prefix)) {
            return true;
        }
        String dir = prefix.endsWith("/") ? prefix : prefix + "/";
        return path.startsWith(dir);
    }

    /**
     * The environment that keeps kustomize (and the {@code git} and {@code helm} it may run) from fetching anything
     * but what the allow-list permits: {@code GIT_ALLOW_PROTOCOL} lists only the schemes of allowed bases (none when
     * there are none: git then refuses every transport, {@code file} included), no system git configuration, no
     * prompt; with nothing allowed, HTTP proxies point at a closed port so kustomize's own HTTP fetches fail too.
     *
     * @param allowedRemoteBases the Application's allow-list
     */
    static Map<String, String> fetchEnvironment(List<String> allowedRemoteBases) {
        Set<String> schemes = new TreeSet<>();
        for (String allowed : allowedRemoteBases) {
            parse(allowed).ifPresent(u -> schemes.add(u.scheme()));
        }
        Map<String, String> env = new TreeMap<>();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ALLOW_PROTOCOL", schemes.isEmpty() ? "none" : String.join(":", schemes));
        if (schemes.isEmpty()) {
            for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                    "all_proxy")) {
                env.put(proxy, "http://127.0.0.1:9");
            }
            env.put("NO_PROXY", "");
            env.put("no_proxy", "");
        }
        return env;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            case "ssh" -> 22;
            case "git" -> 9418;
            default -> -2;
        };
    }

    /** Decodes {@code %XX} of unreserved characters (letters, digits, {@code - . _ ~}), as URL normalisation does. */
    private static String decodeUnreserved(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int hi = c == '%' && i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                int v = hi * 16 + lo;
                if (v < 128 && (Character.isLetterOrDigit(v) || v == '-' || v == '.' || v == '_' || v == '~')) {
                    out.append((char) v);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** RFC 3986's remove_dot_segments on a path; empty segments collapse too ({@code //} separates a sub-path). */
    static String removeDotSegments(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                out.pollLast();
            } else if (!segment.equals(".") && !segment.isEmpty()) {
                out.addLast(segment);
            }
        }
        String joined = "/" + String.join("/", out);
        return path.endsWith("/") && !joined.endsWith("/") ? joined + "/" : joined;
    }
}

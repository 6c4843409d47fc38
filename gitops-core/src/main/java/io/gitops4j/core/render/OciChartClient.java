package io.gitops4j.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * Pulls a Helm chart from an OCI registry with the OCI distribution API, as {@code helm pull oci://…} does: the
 * manifest of a tag ({@code GET /v2/NAME/manifests/TAG}, {@value #MANIFEST}), then its one chart layer
 * ({@value #CHART_LAYER}) as a blob whose SHA-256 must equal the layer's digest.
 *
 * <p>References are {@code oci://HOST[:PORT]/PATH} plus a chart name ({@code NAME = PATH/CHART}); with no chart name
 * the last path segment is the chart. The version is an exact tag (Helm writes {@code +} as {@code _} in tags), a
 * digest {@code sha256:…}, a semver range, or empty for the newest stable version (both read {@code
 * /v2/NAME/tags/list}).
 *
 * <p>Security: HTTPS always, except for hosts the caller lists as plain-HTTP registries (Helm's {@code
 * --plain-http}); an https→http redirect is refused. Credentials are chosen per origin (scheme, host, port) and per
 * the render's scope for every request ({@link ChartCredentials}, RD-15). A registry answering 401 with a {@code
 * Bearer} challenge gets the token from its realm (that request carries the realm origin's credentials), and the
 * token is then sent to the registry's origin only, never to a host a blob redirects to. Sizes are capped and the
 * whole pull, bodies included, ends by one deadline ({@link FetchDeadline}); error bodies, tokens and credentials
 * never appear in messages. Thread-safe.
 */
final class OciChartClient {
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final long MAX_JSON = 4L << 20;

    private final HttpClient http;
    private final ChartCredentials credentials;
    private final Set<String> plainHttpHosts;
    private final long maxBytes;
    private final ObjectMapper json = new ObjectMapper();
    private final ChartArchiveCache cache;

    /**
     * @param plainHttpHosts host names (lower case, no port) reached over plain HTTP; every other host over HTTPS
     * @param maxBytes largest chart archive accepted
     */
    OciChartClient(ChartCredentials credentials, Set<String> plainHttpHosts, long maxBytes, ChartArchiveCache cache) {
        this.cache = cache;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.credentials = credentials;
        this.plainHttpHosts = Set.copyOf(plainHttpHosts);
        this.maxBytes = maxBytes;
    }

    /**
     * @param scope the render's credentials scope
     * @return the chart archive, written into {@code dir}
     */
    Path fetch(String reference, String chart, String version, Path dir, String scope, FetchDeadline deadline) {
        String rest = reference.substring("oci://".length());
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String name = chart.isEmpty() ? path : path.isEmpty() ? chart : path + "/" + chart;
        String host = URI.create("https://" + authority).getHost();
        if (authority.isEmpty() || host == null || authority.contains("@")) {
            throw failure(Reason.INVALID_INPUT, "the OCI reference has no valid registry host");
        }
        if (name.isEmpty() || !NAME.matcher(name).matches()) {
            throw failure(Reason.INVALID_INPUT, "'" + printable(name) + "' is not a valid OCI repository name");
        }
        host = host.toLowerCase(Locale.ROOT);
        String scheme = plainHttpHosts.contains(host) ? "http" : "https";
        URI base = URI.create(scheme + "://" + authority + "/v2/" + name + "/");
        Session session = new Session(ChartCredentials.Origin.of(base), base, name, scope, deadline);
        String ref = reference(session, version);
        byte[] manifest = session.get(session.base.resolve("manifests/" + ref), MANIFEST, MAX_JSON);
        if (ref.startsWith("sha256:") && !ref.equals("sha256:" + sha256(manifest))) {
            throw failure(Reason.POLICY, name + "@" + ref + ": the manifest does not match its digest");
        }
        JsonNode layer = chartLayer(name, manifest);
        String digest = layer.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            throw failure(Reason.INVALID_INPUT, name + ": the chart layer has no sha256 digest");
        }
        if (layer.path("size").asLong(0) > maxBytes) {
            throw failure(Reason.LIMIT, name + ": the chart layer is larger than " + maxBytes + " bytes");
        }
        Path archive = dir.resolve("chart.tgz");
        try {
            if (cache.copyTo(digest, archive)) {
                return archive;
            }
            String actual = session.download(session.base.resolve("blobs/" + digest), archive);
            if (!digest.equals("sha256:" + actual)) {
                throw failure(Reason.POLICY, name + ": the chart layer does not match its digest " + digest);
            }
            cache.put(digest, archive);
        } catch (IOException e) {
            throw failure(Reason.TOOL_FAILURE, "cannot write the chart archive");
        }
        return archive;
    }

    private String reference(Session session, String version) {
        if (DIGEST.matcher(version).matches()) {
            return version;
        }
        if (!version.isEmpty() && Semver.parse(version) != null) {
            String tag = version.replace('+', '_');
            if (!TAG.matcher(tag).matches()) {
                throw failure(Reason.INVALID_INPUT, "'" + printable(version) + "' is not a valid OCI tag");
            }
            return tag;
        }
        JsonNode tags = parse(session.get(session.base.resolve("tags/list"), "application/json", MAX_JSON),
                session.name).path("tags");
        Semver best = null;
        String bestTag = null;
        for (JsonNode t : tags) {
            String tag = t.asText("");
            Semver parsed = Semver.parse(tag.replace('_', '+'));
            if (parsed == null || !TAG.matcher(tag).matches()) {
                continue;
            }
            boolean fits = version.isEmpty() ? parsed.getPreRelease().isEmpty() : parsed.satisfies(version);
            if (fits && (best == null || parsed.isGreaterThan(best))) {
                best = parsed;
                bestTag = tag;
            }
        }
        if (bestTag == null) {
            throw failure(Reason.INVALID_INPUT, "chart '" + session.name + "' has no version matching '"
                    + printable(version) + "'");
        }
        return bestTag;
    }

    private JsonNode chartLayer(String name, byte[] manifest) {
        JsonNode root = parse(manifest, name);
        JsonNode found = null;
        for (JsonNode layer : root.path("layers")) {
            if (CHART_LAYER.equals(layer.path("mediaType").asText())) {
                if (found != null) {
                    throw failure(Reason.INVALID_INPUT, name + ": the manifest has more than one chart layer");
                }
                found = layer;
            }
        }
        if (found == null) {
            throw failure(Reason.INVALID_INPUT, name + ": the manifest has no Helm chart layer (" + CHART_LAYER + ")");
        }
        return found;
    }

    private JsonNode parse(byte[] body, String name) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw failure(Reason.INVALID_INPUT, name + ": the registry answered invalid JSON");
        }
    }

    /** The requests of one pull: the registry's origin, its repository and the bearer token once obtained. */
    private final class Session {
        final ChartCredentials.Origin registry;
        final URI base;
        final String name;
        final String scope;
        final FetchDeadline deadline;
        private String token;
        private boolean tokenTried;

        Session(ChartCredentials.Origin registry, URI base, String name, String scope, FetchDeadline deadline) {
            this.registry = registry;
            this.base = base;
            this.name = name;
            this.scope = scope;
            this.deadline = deadline;
        }

        byte[] get(URI uri, String accept, long limit) {
            try (InputStream in = open(uri, accept)) {
                byte[] body = deadline.read(where(uri), in, b -> b.readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
                        limit + 1)));
                if (body.length > limit) {
                    throw failure(Reason.LIMIT, where(uri) + " sent more than " + limit + " bytes");
                }
                return body;
            } catch (IOException e) {
                throw failure(Reason.TOOL_FAILURE, "reading from " + where(uri) + " failed");
            }
        }

        /** @return the SHA-256 (hex) of what was written */
        String download(URI uri, Path target) {
            MessageDigest sha = sha256();
            try (InputStream in = open(uri, "application/octet-stream");
                    OutputStream out = Files.newOutputStream(target)) {
                deadline.copy(where(uri), in, out, maxBytes, sha);
            } catch (IOException e) {
                throw failure(Reason.TOOL_FAILURE, "download from " + where(uri) + " failed");
            }
            return HexFormat.of().formatHex(sha.digest());
        }

        /** Follows redirects by hand (at most 5) and answers one Bearer challenge of the registry host. */
        private InputStream open(URI uri, String accept) {
            URI current = uri;
            for (int hop = 0; hop <= 6; hop++) {
                String currentHost = String.valueOf(current.getHost()).toLowerCase(Locale.ROOT);
                requireScheme(current, currentHost);
                HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(deadline.remaining(where(current)))
                        .GET().header("Accept", accept);
                authorization(ChartCredentials.Origin.of(current)).ifPresent(a -> request.header("Authorization", a));
                HttpResponse<InputStream> response = send(request.build(), current);
                int status = response.statusCode();
                if (status == 200) {
                    return response.body();
                }
                close(response);
                if (status == 401 && ChartCredentials.Origin.of(current).equals(registry) && !tokenTried) {
                    Optional<String> challenge = response.headers().firstValue("WWW-Authenticate")
                            .filter(c -> c.regionMatches(true, 0, "Bearer ", 0, 7));
                    if (challenge.isPresent()) {
                        tokenTried = true;
                        token = fetchToken(challenge.get(), current);
                        continue;
                    }
                }
                if (status >= 300 && status < 400) {
                    String location = response.headers().firstValue("Location").orElseThrow(() ->
                            failure(Reason.TOOL_FAILURE, where(uri) + " redirected without a location"));
                    URI next = current.resolve(location);
                    if ("https".equalsIgnoreCase(current.getScheme()) && "http".equalsIgnoreCase(next.getScheme())) {
                        throw failure(Reason.POLICY, where(current) + " redirected from https to http; refused");
                    }
                    current = next;
                    continue;
                }
                throw failure(status == 401 || status == 403 ? Reason.POLICY : Reason.TOOL_FAILURE,
                        where(current) + " answered HTTP " + status);
            }
            throw failure(Reason.TOOL_FAILURE, "too many redirects fetching " + where(uri));
        }

        /** The registry's token goes to the registry's origin only; any other origin gets its own credentials. */
        private Optional<String> authorization(ChartCredentials.Origin origin) {
            if (origin.equals(registry) && token != null) {
                return Optional.of("Bearer " + token);
            }
            return credentials.authorization(new ChartCredentials.Request(scope, origin));
        }

        private String fetchToken(String challenge, URI challenged) {
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = CHALLENGE_PARAM.matcher(challenge);
            while (m.find()) {
                params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            }
            String realm = params.get("realm");
            if (realm == null || realm.isEmpty()) {
                throw failure(Reason.TOOL_FAILURE, where(challenged) + " asked for a token without a realm");
            }
            URI realmUri;
            try {
                realmUri = URI.create(realm);
            } catch (IllegalArgumentException e) {
                throw failure(Reason.TOOL_FAILURE, where(challenged) + " named an invalid token realm");
            }
            if ("https".equalsIgnoreCase(challenged.getScheme()) && "http".equalsIgnoreCase(realmUri.getScheme())) {
                throw failure(Reason.POLICY, where(challenged) + " sent its token realm over http; refused");
            }
            String scope = params.getOrDefault("scope", "repository:" + name + ":pull");
            StringBuilder query = new StringBuilder();
            if (params.containsKey("service")) {
                query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
            }
            query.append(query.length() > 0 ? "&" : "").append("scope=")
                    .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
            URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
            String realmHost = String.valueOf(tokenUri.getHost()).toLowerCase(Locale.ROOT);
            requireScheme(tokenUri, realmHost);
            HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(deadline.remaining(where(tokenUri)))
                    .GET().header("Accept", "application/json");
            credentials.authorization(new ChartCredentials.Request(scope, ChartCredentials.Origin.of(tokenUri)))
                    .ifPresent(a -> request.header("Authorization", a));
            HttpResponse<InputStream> response = send(request.build(), tokenUri);
            if (response.statusCode() != 200) {
                close(response);
                throw failure(response.statusCode() == 401 || response.statusCode() == 403 ? Reason.POLICY
                        : Reason.TOOL_FAILURE, "the token service " + where(tokenUri) + " answered HTTP "
                        + response.statusCode());
            }
            byte[] body;
            try (InputStream in = response.body()) {
                body = deadline.read(where(tokenUri), in, b -> b.readNBytes(64 * 1024));
            } catch (IOException e) {
                throw failure(Reason.TOOL_FAILURE, "reading from the token service " + where(tokenUri) + " failed");
            }
            JsonNode answer = parse(body, name);
            String value = answer.path("token").asText(answer.path("access_token").asText(""));
            if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw failure(Reason.TOOL_FAILURE, "the token service " + where(tokenUri) + " sent no usable token");
            }
            return value;
        }

        private void requireScheme(URI uri, String uriHost) {
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (scheme.equals("https") || (scheme.equals("http") && plainHttpHosts.contains(uriHost))) {
                return;
            }
            throw failure(Reason.POLICY, where(uri) + ": only https is allowed for this host (plain http only for "
                    + "registries configured as plain-HTTP)");
        }

        private HttpResponse<InputStream> send(HttpRequest request, URI uri) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                if (e instanceof HttpConnectTimeoutException) {
                    throw failure(Reason.TOOL_FAILURE, "cannot reach the OCI registry at " + where(uri));
                }
                throw deadline.timedOut(where(uri));
            } catch (IOException e) {
                throw failure(Reason.TOOL_FAILURE, "cannot reach the OCI registry at " + where(uri));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(Reason.TIMEOUT, "interrupted while pulling a chart");
            }
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** @return scheme, host, port and path of a URI: never user info or query (they may hold credentials) */
    private static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getPath() == null ? "" : uri.getPath());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    private static RenderException failure(Reason reason, String message) {
        return new RenderException(reason, message, null);
    }
}

package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.semver4j.Semver;

/**
 * Fetches a chart from an HTTP(S) chart repository: reads {@code index.yaml} (with the safe YAML loader and a size
 * cap), picks the version (exact, a range, or the newest stable), downloads the archive (size cap, digest checked
 * when the index has one; archives with a digest are kept in the {@link ChartArchiveCache}). Redirects are followed
 * by hand (at most 5): credentials are chosen per origin (scheme, host, port) and per the render's scope for every
 * request ({@link ChartCredentials}), an https→http downgrade is refused, and response bodies of errors are never
 * echoed. The whole fetch, bodies included, ends by one deadline ({@link FetchDeadline}). Thread-safe.
 */
final class ChartRepositoryClient {
    private final HttpClient http;
    private final ChartCredentials credentials;
    private final YamlLimits limits;
    private final long maxBytes;

    private final ChartArchiveCache cache;

    ChartRepositoryClient(ChartCredentials credentials, YamlLimits limits, long maxBytes, ChartArchiveCache cache) {
        this.cache = cache;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.credentials = credentials;
        this.limits = limits;
        this.maxBytes = maxBytes;
    }

    /**
     * @param scope the render's credentials scope
     * @return the downloaded archive, written into {@code dir}
     */
    Path fetch(String repository, String chart, String version, Path dir, String scope, FetchDeadline deadline) {
        String base = repository.endsWith("/") ? repository : repository + "/";
        URI indexUri = URI.create(base).resolve("index.yaml");
        Path index = download(indexUri, dir.resolve("index.yaml"), scope, deadline);
        Map<?, ?> entry = pick(chart, version, index);
        Object urls = entry.get("urls");
        if (!(urls instanceof List) || ((List<?>) urls).isEmpty() || !(((List<?>) urls).get(0) instanceof String)) {
            throw failure(Reason.INVALID_INPUT, chart + ": the repository index lists no URL");
        }
        URI archiveUri = URI.create(base).resolve((String) ((List<?>) urls).get(0));
        String expected = entry.get("digest") instanceof String
                ? ((String) entry.get("digest")).toLowerCase(Locale.ROOT).replaceFirst("^sha256:", "") : "";
        Path archive = dir.resolve("chart.tgz");
        try {
            if (!expected.isEmpty() && cache.copyTo("sha256:" + expected, archive)) {
                return archive;
            }
            download(archiveUri, archive, scope, deadline);
            if (!expected.isEmpty()) {
                if (!expected.equals(sha256(archive))) {
                    throw failure(Reason.POLICY, chart + ": the archive does not match the digest in the index");
                }
                cache.put("sha256:" + expected, archive);
            }
        } catch (IOException e) {
            throw failure(Reason.TOOL_FAILURE, "cannot write the chart archive");
        }
        return archive;
    }

    private Map<?, ?> pick(String chart, String version, Path index) {
        List<ParsedDocument> docs;
        try {
            docs = new SafeYamlLoader(limits.withMaxDocumentBytes((int) Math.min(Integer.MAX_VALUE, maxBytes)))
                    .load("index.yaml", Files.readString(index, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure(Reason.TOOL_FAILURE, "cannot read the repository index");
        }
        Object root = docs.isEmpty() ? null : docs.get(0).root();
        Object entries = root instanceof Map ? ((Map<?, ?>) root).get("entries") : null;
        Object versions = entries instanceof Map ? ((Map<?, ?>) entries).get(chart) : null;
        if (!(versions instanceof List)) {
            throw failure(Reason.INVALID_INPUT, "chart '" + chart + "' is not in the repository index");
        }
        Map<?, ?> best = null;
        Semver bestVersion = null;
        for (Object v : (List<?>) versions) {
            if (!(v instanceof Map) || !(((Map<?, ?>) v).get("version") instanceof String)) {
                continue;
            }
            String text = (String) ((Map<?, ?>) v).get("version");
            if (text.equals(version)) {
                return (Map<?, ?>) v;
            }
            Semver parsed = Semver.parse(text);
            if (parsed == null) {
                continue;
            }
            boolean fits = version.isEmpty() ? parsed.getPreRelease().isEmpty() : parsed.satisfies(version);
            if (fits && (bestVersion == null || parsed.isGreaterThan(bestVersion))) {
                best = (Map<?, ?>) v;
                bestVersion = parsed;
            }
        }
        if (best == null) {
            throw failure(Reason.INVALID_INPUT, "chart '" + chart + "' has no version matching '" + version + "'");
        }
        return best;
    }

    private Path download(URI uri, Path target, String scope, FetchDeadline deadline) {
        URI current = uri;
        for (int hop = 0; hop <= 5; hop++) {
            String scheme = String.valueOf(current.getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw failure(Reason.POLICY, "only http and https chart repositories are supported");
            }
            Optional<URI> next = get(current, target, scope, deadline);
            if (next.isEmpty()) {
                return target;
            }
            if (scheme.equals("https") && "http".equalsIgnoreCase(next.get().getScheme())) {
                throw failure(Reason.POLICY, where(current) + " redirected from https to http; refused");
            }
            current = next.get();
        }
        throw failure(Reason.TOOL_FAILURE, "too many redirects fetching " + where(uri));
    }

    /** @return the redirect's target, or empty when the body was written to {@code target} */
    private Optional<URI> get(URI uri, Path target, String scope, FetchDeadline deadline) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(deadline.remaining(where(uri))).GET();
        credentials.authorization(new ChartCredentials.Request(scope, ChartCredentials.Origin.of(uri)))
                .ifPresent(a -> request.header("Authorization", a));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            if (e instanceof HttpConnectTimeoutException) {
                throw failure(Reason.TOOL_FAILURE, "cannot reach the chart repository at " + where(uri));
            }
            throw deadline.timedOut(where(uri));
        } catch (IOException e) {
            throw failure(Reason.TOOL_FAILURE, "cannot reach the chart repository at " + where(uri));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Reason.TIMEOUT, "interrupted while fetching a chart");
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            close(response);
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                throw failure(Reason.TOOL_FAILURE, where(uri) + " redirected without a location");
            }
            return Optional.of(uri.resolve(location.get()));
        }
        if (status != 200) {
            close(response);
            throw failure(status == 401 || status == 403 ? Reason.POLICY : Reason.TOOL_FAILURE,
                    where(uri) + " answered HTTP " + status);
        }
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(target)) {
            deadline.copy(where(uri), in, out, maxBytes, null);
        } catch (IOException e) {
            throw failure(Reason.TOOL_FAILURE, "download from " + where(uri) + " failed");
        }
        return Optional.empty();
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

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw failure(Reason.TOOL_FAILURE, "cannot hash the chart archive");
        }
    }

    private static RenderException failure(Reason reason, String message) {
        return new RenderException(reason, message, null);
    }

}

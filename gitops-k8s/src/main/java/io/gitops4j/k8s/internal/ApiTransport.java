package io.gitops4j.k8s.internal;

import io.gitops4j.k8s.Identity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends raw requests through an {@link ApiClient}: its base path, its authentication (bearer tokens, refreshed
 * exec-plugin credentials, client certificates live in the client and its HTTP client) and nothing else of it.
 * Content types, query parameters and headers are exactly what the {@link ApiRequest} says; bodies are bytes.
 *
 * <p>The HTTP client is derived from the {@code ApiClient}'s (sharing its interceptors and TLS settings) with a
 * connection pool and dispatcher of our own, sized for {@code concurrency} requests plus the open watches, and a
 * call timeout. Watches use a sibling client without read timeout on the same pool.
 *
 * <p>Thread-safe. {@link #close()} evicts the pooled connections; the host's {@code ApiClient} stays usable.
 */
public final class ApiTransport implements AutoCloseable {
    private static final String[] AUTH = {"BearerToken"};

    private final ApiClient client;
    private final OkHttpClient http;
    private final OkHttpClient streaming;
    private final ConnectionPool pool;
    private final String userAgent;
    private final HttpUrl base;

    /**
     * @param client the configured client (base path, credentials)
     * @param concurrency requests in flight at once
     * @param requestTimeout the longest one request may take, body included
     * @param userAgent the {@code User-Agent} every request carries
     */
    public ApiTransport(ApiClient client, int concurrency, Duration requestTimeout, String userAgent) {
        this.client = client;
        this.userAgent = userAgent;
        this.base = HttpUrl.parse(client.getBasePath());
        this.pool = new ConnectionPool(concurrency + 16, 5, TimeUnit.MINUTES);
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrency + 64);
        dispatcher.setMaxRequestsPerHost(concurrency + 64);
        this.http = client.getHttpClient().newBuilder()
                .connectionPool(pool)
                .dispatcher(dispatcher)
                .connectTimeout(requestTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .callTimeout(requestTimeout)
                .build();
        this.streaming = http.newBuilder().readTimeout(Duration.ZERO).callTimeout(Duration.ZERO).build();
    }

    /** @return the server's base URL */
    public String baseUrl() {
        return client.getBasePath();
    }

    /**
     * Sends a request and reads the whole answer.
     *
     * @throws IOException when no answer arrived (connection refused or reset, timeout)
     */
    public ApiResponse send(ApiRequest request) throws IOException {
        try (Response response = http.newCall(build(request)).execute()) {
            byte[] body = response.body().bytes();
            return new ApiResponse(response.code(), header(response, "Content-Type"), body,
                    retryAfter(header(response, "Retry-After")));
        }
    }

    /**
     * A call for a streaming answer (a watch), without read timeout; the caller executes it, reads the answer, and
     * may {@linkplain Call#cancel() cancel} it from another thread.
     *
     * @throws IOException when the request cannot be built
     */
    public Call stream(ApiRequest request) throws IOException {
        return streaming.newCall(build(request));
    }

    /**
     * The OkHttp request for {@code r}: the base URL parsed once and the path and query appended to it (the client's
     * {@code buildRequest} parses the whole URL twice per request, a tenth of a cold apply's CPU), with the client's
     * authentication, default headers and cookies applied as its {@code buildRequest} applies them.
     */
    private Request build(ApiRequest r) throws IOException {
        if (base == null) {
            throw new IOException("cannot build " + r + ": the client's base path is not an http(s) URL");
        }
        List<Pair> query = new ArrayList<>(r.query().size());
        for (Map.Entry<String, String> e : r.query()) {
            query.add(new Pair(e.getKey(), e.getValue()));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", r.accept());
        headers.put("User-Agent", userAgent);
        if (!r.contentType().isEmpty()) {
            headers.put("Content-Type", r.contentType());
        }
        Map<String, String> cookies = new HashMap<>();
        try {
            client.updateParamsForAuth(AUTH, query, headers, cookies, null, r.method(), null);
        } catch (ApiException e) {
            throw new IOException("cannot build " + r, e);
        }
        HttpUrl.Builder url = base.newBuilder();
        String path = r.path().startsWith("/") ? r.path().substring(1) : r.path();
        if (!path.isEmpty()) {
            url.addPathSegments(path);
        }
        for (Pair p : query) {
            url.addQueryParameter(p.getName(), p.getValue());
        }
        Request.Builder b = new Request.Builder().url(url.build());
        client.processHeaderParams(headers, b);
        client.processCookieParams(cookies, b);
        b.method(r.method(), body(r));
        if (r.identity().isPresent()) {
            Identity who = r.identity().get();
            b.header("Impersonate-User", who.user());
            who.groups().forEach(g -> b.addHeader("Impersonate-Group", g));
        }
        return b.build();
    }

    /** The body as the client sends one: none for GET, HEAD and a DELETE without one, else the bytes as they are. */
    private static RequestBody body(ApiRequest r) {
        if (r.method().equals("GET") || r.method().equals("HEAD")) {
            return null;
        }
        if (r.body().length == 0 && r.contentType().isEmpty()) {
            return r.method().equals("DELETE") ? null : RequestBody.create(new byte[0], null);
        }
        return RequestBody.create(r.body(), r.contentType().isEmpty() ? null : MediaType.parse(r.contentType()));
    }

    private static String header(Response response, String name) {
        String v = response.header(name);
        return v == null ? "" : v;
    }

    static Optional<Duration> retryAfter(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Evicts pooled connections. Idempotent. */
    @Override
    public void close() {
        pool.evictAll();
    }
}

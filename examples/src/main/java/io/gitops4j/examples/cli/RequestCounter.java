package io.gitops4j.examples.cli;

import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Counts the requests a Kubernetes client sends, by the verb the API server would authorize them as: {@code get},
 * {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch}, {@code delete},
 * {@code deletecollection}, and {@code discovery} for paths that name no resource ({@code /api}, {@code /apis/G/V},
 * {@code /version}, {@code /openapi/...}). An OkHttp application interceptor: every call is counted once when it is
 * sent, retries as calls of their own, whatever the answer; a call that never reached a server (connection refused)
 * is counted too, since it was an attempt.
 *
 * <p>Thread-safe.
 */
final class RequestCounter implements Interceptor {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
        counts.computeIfAbsent(verb(chain.request().method(), chain.request().url()), v -> new LongAdder())
                .increment();
        return chain.proceed(chain.request());
    }

    /** @return {@code client}, its HTTP client now passing every call through this counter */
    ApiClient install(ApiClient client) {
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(this).build());
        return client;
    }

    /** @return the requests counted so far per verb, sorted by verb */
    Map<String, Long> byVerb() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((verb, n) -> out.put(verb, n.sum()));
        return out;
    }

    /** @return every request counted so far */
    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** @return the verb of a request with this method to this URL */
    static String verb(String method, HttpUrl url) {
        List<String> segments = url.pathSegments().stream().filter(s -> !s.isEmpty()).toList();
        int prefix = segments.isEmpty() ? 0 : segments.get(0).equals("api") ? 2 : segments.get(0).equals("apis") ? 3
                : 0;
        if (prefix == 0 || segments.size() <= prefix) {
            return "discovery";
        }
        List<String> rest = segments.subList(prefix, segments.size());
        boolean namespaced = rest.get(0).equals("namespaces") && rest.size() >= 3
                && !(rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize")));
        boolean collection = (namespaced ? rest.size() - 2 : rest.size()) == 1;
        return switch (method) {
            case "GET", "HEAD" -> isWatch(url) ? "watch" : collection ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static boolean isWatch(HttpUrl url) {
        String watch = url.queryParameter("watch");
        return "true".equals(watch) || "1".equals(watch);
    }
}

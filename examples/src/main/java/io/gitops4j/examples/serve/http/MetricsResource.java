package io.gitops4j.examples.serve.http;

import io.gitops4j.examples.serve.ServeMetrics;
import java.io.IOException;

/** {@code GET /metrics}: {@link ServeMetrics} in the Prometheus text format (version 0.0.4). Thread-safe. */
public final class MetricsResource implements ApiCall.Route {
    private final ServeMetrics metrics;

    /** @param metrics what to expose */
    public MetricsResource(ServeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(ApiCall call) throws IOException {
        ApplicationsApi.requireGet(call);
        call.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }
}

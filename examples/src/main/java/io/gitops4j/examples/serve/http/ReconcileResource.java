package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.JsonViews;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/applications/NAME/reconcile}, body optional: {@code {"wait": true, "timeoutSeconds": 120}}.
 * Starts a pass now ({@link io.gitops4j.api.Reconciler#reconcileNow}, coalesced with one in flight). Without
 * {@code wait}: 202 at once. With it: 200 and the pass's result, or 504 when it has not finished in time (the pass
 * goes on). Thread-safe; blocks the calling thread while waiting.
 */
final class ReconcileResource {
    private static final int MAX_WAIT_SECONDS = 600;

    void handle(ApiCall call, Fleet.Placement app) throws IOException {
        ApplicationsApi.requirePost(call);
        ObjectNode body = call.jsonBody(java.util.Set.of("wait", "timeoutSeconds"));
        boolean wait = bool(body, "wait");
        int timeout = seconds(body);
        CompletableFuture<ReconcileResult> pass;
        try {
            pass = app.reconciler().reconcileNow(app.name());
        } catch (IllegalStateException e) {
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
        if (!wait) {
            call.json(202, ApiCall.JSON.createObjectNode().put("application", app.name()).put("accepted", true));
            return;
        }
        call.json(200, JsonViews.result(PassWait.await(pass, timeout, app.name(), e -> null)));
    }

    private static boolean bool(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n != null && !n.isBoolean()) {
            throw new ApiException(400, "INVALID_INPUT", field + " must be true or false");
        }
        return n != null && n.asBoolean();
    }

    /** @return {@code timeoutSeconds} of a body: 120 when absent; 400 unless a whole number from 1 to 600 */
    static int seconds(ObjectNode body) {
        JsonNode n = body.get("timeoutSeconds");
        if (n == null) {
            return 120;
        }
        if (!n.isInt() || n.asInt() < 1 || n.asInt() > MAX_WAIT_SECONDS) {
            throw new ApiException(400, "INVALID_INPUT", "timeoutSeconds must be a whole number from 1 to "
                    + MAX_WAIT_SECONDS);
        }
        return n.asInt();
    }
}

package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.api.deploy.DeployFailedException;
import io.gitops4j.api.deploy.Deployment;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.JsonViews;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /api/applications/NAME/deployments/COMMIT?timeoutSeconds=N} (default 120, at most 600): a long poll
 * through {@link io.gitops4j.api.Reconciler#awaitDeployed}. 200 once a pass applied COMMIT (or a descendant), synced,
 * and every object it applied was seen healthy; 409 {@code DEPLOY_<reason>} when it cannot be (render failed,
 * blocked, failed, an object degraded: the message names it); 504 {@code TIMEOUT} when it is not deployed in time;
 * 400 for a commit that is not a commit id. Thread-safe; blocks the calling thread while it waits.
 */
final class DeploymentResource {
    private static final int MAX_WAIT_SECONDS = 600;

    void handle(ApiCall call, Fleet.Placement app, List<String> rest) throws IOException {
        ApplicationsApi.requireGet(call);
        if (rest.size() != 1) {
            throw new ApiException(404, "NOT_FOUND", "a deploy is awaited at …/deployments/COMMIT");
        }
        int timeout = timeout(call);
        Deployment deployment;
        try {
            deployment = app.reconciler().awaitDeployed(app.name(), rest.get(0), Duration.ofSeconds(timeout))
                    .get(timeout + 5L, TimeUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "INVALID_INPUT", "COMMIT must be a commit id (40 or 64 lower-case hex "
                    + "digits)");
        } catch (IllegalStateException e) {
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeployFailedException d) {
                throw d.reason() == DeployFailedException.Reason.TIMED_OUT
                        ? new ApiException(504, "TIMEOUT", d.getMessage())
                        : new ApiException(409, "DEPLOY_" + d.reason(), d.getMessage());
            }
            throw new ApiException(500, "INTERNAL", e.getCause().getClass().getSimpleName());
        } catch (TimeoutException e) {
            throw new ApiException(504, "TIMEOUT", "not deployed within " + timeout + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
        ObjectNode n = ApiCall.JSON.createObjectNode().put("application", app.name())
                .put("commit", deployment.commit());
        n.set("revision", JsonViews.revision(deployment.revision()));
        n.set("pass", JsonViews.result(deployment.result()));
        call.json(200, n);
    }

    private static int timeout(ApiCall call) {
        String text = call.query("timeoutSeconds").orElse("120");
        try {
            int seconds = Integer.parseInt(text);
            if (seconds >= 1 && seconds <= MAX_WAIT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "INVALID_INPUT", "timeoutSeconds must be a whole number from 1 to "
                + MAX_WAIT_SECONDS);
    }
}

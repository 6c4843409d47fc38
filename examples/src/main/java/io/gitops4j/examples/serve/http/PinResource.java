package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.JsonViews;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PUT /api/applications/NAME/pin} with {@code {"revision": REF_OR_COMMIT, "reason": "…", "untilNewerCommit":
 * false, "timeoutSeconds": 120}}: pins the Application to a revision (a rollback) through
 * {@link io.gitops4j.api.Reconciler#pin} and answers the pass that deploys it with the pin; {@code DELETE …/pin}
 * releases it ({@link io.gitops4j.api.Reconciler#unpin}) and answers the pin released, or null; when the cluster does
 * not let the stored pin be removed it still holds, and the answer is 503 {@code UNPIN_FAILED}. A revision that
 * cannot be resolved is 422 {@code SOURCE_…} and nothing is pinned. Thread-safe; blocks while the pass runs.
 */
final class PinResource {
    void handle(ApiCall call, Fleet.Placement app) throws IOException {
        switch (call.method()) {
            case "PUT" -> pin(call, app);
            case "DELETE" -> {
                Optional<Pin> released;
                try {
                    released = app.reconciler().unpin(app.name());
                } catch (TargetException e) {   // the stored pin was not removed: it still holds
                    throw new ApiException(503, "UNPIN_FAILED", "the pin still holds: " + e.getMessage());
                }
                ObjectNode n = ApiCall.JSON.createObjectNode().put("application", app.name());
                n.set("released", released.map(JsonViews::pin).orElse(null));
                call.json(200, n);
            }
            default -> throw ApiException.methodNotAllowed(call.method(), "PUT or DELETE");
        }
    }

    private void pin(ApiCall call, Fleet.Placement app) throws IOException {
        ObjectNode body = call.jsonBody(Set.of("revision", "reason", "untilNewerCommit", "timeoutSeconds"));
        JsonNode revision = body.get("revision");
        if (revision == null || !revision.isTextual() || revision.asText().isBlank()) {
            throw new ApiException(400, "INVALID_INPUT", "revision must name a commit, tag or branch");
        }
        JsonNode until = body.get("untilNewerCommit");
        if (until != null && !until.isBoolean()) {
            throw new ApiException(400, "INVALID_INPUT", "untilNewerCommit must be true or false");
        }
        JsonNode reason = body.get("reason");
        int timeout = ReconcileResource.seconds(body);
        PinOptions options;
        Revision wanted;
        try {
            options = PinOptions.defaults().withReason(reason == null ? "" : reason.asText());
            if (until != null && until.asBoolean()) {
                options = options.withRelease(PinOptions.Release.UNTIL_NEWER_COMMIT);
            }
            wanted = Revision.ref(revision.asText());
        } catch (InvalidSpecException | IllegalArgumentException e) {
            throw new ApiException(400, "INVALID_INPUT", e.getMessage());
        }
        ReconcileResult result;
        try {
            result = PassWait.await(app.reconciler().pin(app.name(), wanted, options), timeout, app.name(), e -> null);
        } catch (SourceException e) {
            throw new ApiException(422, "SOURCE_" + e.reason(), e.getMessage());
        } catch (GitOpsException e) {
            throw new ApiException(422, "PIN_FAILED", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
        ObjectNode n = ApiCall.JSON.createObjectNode().put("application", app.name());
        n.set("pin", app.reconciler().status(app.name()).pin().map(JsonViews::pin).orElse(null));
        n.set("pass", JsonViews.result(result));
        call.json(200, n);
    }
}

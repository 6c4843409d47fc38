package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.core.plan.format.PlanJson;
import io.gitops4j.core.plan.format.PlanText;
import java.io.IOException;

/**
 * {@code GET /api/applications/NAME/plan?ref=REF} and {@code POST …/plan} with {@code {"ref": REF}}: what a
 * reconcile of any ref (a branch, a tag, {@code refs/pull/1/head}, a commit id) would change, computed by
 * {@link io.gitops4j.api.Reconciler#plan}; nothing is written. Without a ref, the Application's own ref. Answered
 * in the library's plan formats: {@link PlanJson} ({@code gitops4j.plan/v1}, the default) or, with
 * {@code format=text}, {@link PlanText}. A ref that cannot be resolved or rendered is a 422 with the library's typed
 * reason. Every plan shown is kept under its id ({@link PlanStore}) for {@code POST …/plans/ID/apply}. Thread-safe.
 */
final class PlanResource {
    private final PlanStore shown;

    /** @param shown where the plans shown are kept, so they can be applied by id */
    PlanResource(PlanStore shown) {
        this.shown = shown;
    }

    void handle(ApiCall call, Fleet.Placement app) throws IOException {
        String ref;
        if (call.method().equals("GET")) {
            ref = call.query("ref").orElse("");
        } else if (call.method().equals("POST")) {
            JsonNode r = call.jsonBody(java.util.Set.of("ref")).get("ref");
            if (r != null && !r.isTextual()) {
                throw new ApiException(400, "INVALID_INPUT", "ref must be a string");
            }
            ref = r == null ? "" : r.asText();
        } else {
            throw ApiException.methodNotAllowed(call.method(), "GET or POST");
        }
        Plan plan = plan(app, ref);
        shown.keep(plan);
        String format = call.query("format").orElse("json");
        switch (format) {
            case "json" -> call.json(200, ApiCall.JSON.valueToTree(PlanJson.tree(plan)));
            case "text" -> call.text(200, "text/plain; charset=utf-8", PlanText.of(plan));
            default -> throw new ApiException(400, "INVALID_INPUT", "format must be json or text");
        }
    }

    /**
     * @param ref a ref as {@code apps.yaml} writes one ({@code main}, {@code refs/heads/x}, {@code v1.2.0}, a
     *     commit id), or {@code ""} for the Application's own
     * @return the plan
     * @throws ApiException for a bad ref (400) or a ref that cannot be planned (422, 502 when the cluster fails)
     */
    static Plan plan(Fleet.Placement app, String ref) {
        try {
            Revision revision = ref.isEmpty() ? Revision.ref(app.declared().application().source().ref().toString())
                    : Revision.ref(ref);
            return app.reconciler().plan(app.name(), revision);
        } catch (InvalidSpecException e) {
            throw new ApiException(400, "INVALID_INPUT", e.getMessage());
        } catch (SourceException e) {
            throw new ApiException(422, "SOURCE_" + e.reason(), e.getMessage());
        } catch (RenderException e) {
            throw new ApiException(422, "RENDER_" + e.reason(), e.getMessage());
        } catch (TargetException e) {
            throw new ApiException(502, "TARGET_" + e.reason(), e.getMessage());
        } catch (GitOpsException e) {
            throw new ApiException(422, "PLAN_FAILED", e.getMessage());
        }
    }
}

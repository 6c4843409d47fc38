package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.plan.StalePlanException;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.JsonViews;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/applications/NAME/plans/ID/apply}, body {@code {"confirmPrune": true, "timeoutSeconds": 120}}
 * (optional when the plan holds no prune): applies exactly the plan {@code serve} showed under that id, through
 * {@link io.gitops4j.api.Reconciler#apply(Plan)}, and answers the pass. A plan whose prunes a guard held is only
 * applied with {@code confirmPrune: true} (409 {@code CONFIRMATION_REQUIRED} otherwise): applying it confirms those
 * prunes for this plan only. A plan that went stale (its ref moved, its render or a live object changed) is 409
 * {@code PLAN_STALE} with the reason, and nothing is written; an id {@code serve} does not keep is 404
 * {@code UNKNOWN_PLAN}. Thread-safe; blocks while the pass runs.
 */
final class PlanApplyResource {
    private final PlanStore plans;

    PlanApplyResource(PlanStore plans) {
        this.plans = plans;
    }

    void handle(ApiCall call, Fleet.Placement app, List<String> rest) throws IOException {
        if (rest.size() != 2 || !rest.get(1).equals("apply")) {
            throw new ApiException(404, "NOT_FOUND", "a plan is applied at …/plans/ID/apply");
        }
        ApplicationsApi.requirePost(call);
        ObjectNode body = call.jsonBody(Set.of("confirmPrune", "timeoutSeconds"));
        JsonNode confirm = body.get("confirmPrune");
        if (confirm != null && !confirm.isBoolean()) {
            throw new ApiException(400, "INVALID_INPUT", "confirmPrune must be true or false");
        }
        int timeout = ReconcileResource.seconds(body);
        Plan plan = plans.find(app.name(), rest.get(0)).orElseThrow(() -> new ApiException(404, "UNKNOWN_PLAN",
                "no plan " + Names.printable(rest.get(0)) + " of " + app.name() + " is kept; plan again"));
        if (plan.isPruneHeld() && (confirm == null || !confirm.asBoolean())) {
            throw new ApiException(409, "CONFIRMATION_REQUIRED", "the plan holds " + plan.heldPrunes().size()
                    + " prune(s) for confirmation; apply it with \"confirmPrune\": true to delete them");
        }
        ReconcileResult result;
        try {
            result = PassWait.await(app.reconciler().apply(plan), timeout, app.name(), PlanApplyResource::stale);
        } catch (IllegalStateException e) {
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
        call.json(200, JsonViews.result(result));
    }

    private static ApiException stale(Throwable e) {
        return e instanceof StalePlanException s ? new ApiException(409, "PLAN_STALE", s.reason() + ": "
                + s.getMessage()) : null;
    }
}

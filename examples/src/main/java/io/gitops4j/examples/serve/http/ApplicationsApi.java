package io.gitops4j.examples.serve.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.JsonViews;
import io.gitops4j.examples.serve.ObjectHealth;
import java.io.IOException;
import java.util.List;

/**
 * {@code /api/applications…}: finds the Application a path names (404 when {@code apps.yaml} declares none) and
 * hands the call to the resource below it. Answers the list and the single Application itself; history, plans,
 * reconciles, plan applies, pins and deploy waits have their own classes. Thread-safe.
 */
public final class ApplicationsApi implements ApiCall.Route {
    private final Fleet fleet;
    private final PlanResource plans;
    private final ReconcileResource reconciles;
    private final PlanApplyResource planApplies;
    private final PinResource pins = new PinResource();
    private final DeploymentResource deployments = new DeploymentResource();

    /** @param fleet the running Applications */
    public ApplicationsApi(Fleet fleet) {
        this.fleet = fleet;
        PlanStore shown = new PlanStore();
        this.plans = new PlanResource(shown);
        this.planApplies = new PlanApplyResource(shown);
        this.reconciles = new ReconcileResource();
    }

    @Override
    public void handle(ApiCall call) throws IOException {
        List<String> s = call.segments();
        if (s.size() < 2 || !s.get(1).equals("applications")) {
            throw new ApiException(404, "NOT_FOUND", "no API resource at this path");
        }
        if (s.size() == 2) {
            requireGet(call);
            ArrayNode list = ApiCall.JSON.createArrayNode();
            fleet.placements().forEach(p -> list.add(JsonViews.application(p, p.reconciler().status(p.name()))));
            call.json(200, ApiCall.JSON.createObjectNode().set("applications", list));
            return;
        }
        Fleet.Placement app = fleet.find(s.get(2)).orElseThrow(() -> ApiException.unknownApplication(s.get(2)));
        String sub = s.size() > 3 ? s.get(3) : "";
        switch (sub) {
            case "" -> one(call, app);
            case "history" -> history(call, app);
            case "plan" -> plans.handle(call, app);
            case "reconcile" -> reconciles.handle(call, app);
            case "plans" -> planApplies.handle(call, app, s.subList(4, s.size()));
            case "pin" -> pins.handle(call, app);
            case "deployments" -> deployments.handle(call, app, s.subList(4, s.size()));
            default -> throw new ApiException(404, "NOT_FOUND", "no resource '" + Names.printable(sub)
                    + "' under an Application");
        }
    }

    private void one(ApiCall call, Fleet.Placement app) throws IOException {
        requireGet(call);
        var status = app.reconciler().status(app.name());
        ObjectNode n = JsonViews.application(app, status);
        n.set("objects", JsonViews.objects(status.lastResult()
                .map(r -> ObjectHealth.of(r, app.target().view())).orElse(List.of())));
        call.json(200, n);
    }

    private void history(ApiCall call, Fleet.Placement app) throws IOException {
        requireGet(call);
        ArrayNode list = ApiCall.JSON.createArrayNode();
        app.reconciler().history(app.name()).forEach(r -> list.add(JsonViews.result(r)));
        call.json(200, ApiCall.JSON.createObjectNode().put("application", app.name()).set("history", list));
    }

    static void requireGet(ApiCall call) {
        if (!call.method().equals("GET")) {
            throw ApiException.methodNotAllowed(call.method(), "GET");
        }
    }

    static void requirePost(ApiCall call) {
        if (!call.method().equals("POST")) {
            throw ApiException.methodNotAllowed(call.method(), "POST");
        }
    }
}

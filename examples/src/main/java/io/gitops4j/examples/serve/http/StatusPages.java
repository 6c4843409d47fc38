package io.gitops4j.examples.serve.http;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.examples.serve.Fleet;
import io.gitops4j.examples.serve.ObjectHealth;
import io.gitops4j.examples.serve.html.ApplicationPage;
import io.gitops4j.examples.serve.html.OverviewPage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The read-only status pages: {@code GET /} (every Application) and {@code GET /applications/NAME} (one, with its
 * objects' health, the pending plan of its own ref and its history). The pending plan is computed on each request
 * ({@link io.gitops4j.api.Reconciler#plan}: no writes). Thread-safe.
 */
public final class StatusPages implements ApiCall.Route {
    private final Fleet fleet;

    /** @param fleet the running Applications */
    public StatusPages(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void handle(ApiCall call) throws IOException {
        ApplicationsApi.requireGet(call);
        List<String> s = call.segments();
        if (s.isEmpty()) {
            call.html(200, OverviewPage.render(fleet.placements()));
            return;
        }
        if (s.size() != 2 || !s.get(0).equals("applications")) {
            throw new ApiException(404, "NOT_FOUND", "no page at this path");
        }
        Fleet.Placement app = fleet.find(s.get(1)).orElseThrow(() -> ApiException.unknownApplication(s.get(1)));
        var status = app.reconciler().status(app.name());
        List<ObjectHealth.Entry> objects = status.lastResult()
                .map(r -> ObjectHealth.of(r, app.target().view())).orElse(List.of());
        List<ReconcileResult> history = app.reconciler().history(app.name());
        call.html(200, ApplicationPage.render(app, status, objects, pending(app), history));
    }

    private static ApplicationPage.PendingPlan pending(Fleet.Placement app) {
        try {
            return new ApplicationPage.PendingPlan(Optional.of(PlanResource.plan(app, "")), "");
        } catch (ApiException e) {
            return new ApplicationPage.PendingPlan(Optional.empty(), e.getMessage());
        } catch (GitOpsException e) {
            return new ApplicationPage.PendingPlan(Optional.empty(), e.getMessage());
        }
    }
}

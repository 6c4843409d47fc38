package io.gitops4j.examples.serve.http;

import io.gitops4j.examples.serve.Fleet;

/**
 * The endpoints whose engine API is not in gitops4j yet, answered {@code 501 NOT_IMPLEMENTED} with the API each one
 * waits for, instead of an imitation: confirming a held prune by applying a reviewed plan
 * ({@code POST …/plans/ID/apply}, needs {@code Reconciler.apply(plan)}), pinning to a revision
 * ({@code PUT}/{@code DELETE …/pin}, needs pin/unpin), and the long poll for a deploy
 * ({@code GET …/deployments/COMMIT}, needs {@code awaitDeployed}). Their request and answer shapes are in
 * {@code docs/serve.md}. Methods are still checked (405), and the Application must exist (404). Thread-safe.
 */
final class AwaitingEngineApi {
    void handle(ApiCall call, Fleet.Placement app, String resource) {
        String method = call.method();
        switch (resource) {
            case "plans" -> {
                ApplicationsApi.requirePost(call);
                throw notYet("confirming a held prune (apply a reviewed plan)", "Reconciler.apply(plan)");
            }
            case "pin" -> {
                if (!method.equals("PUT") && !method.equals("DELETE")) {
                    throw ApiException.methodNotAllowed(method, "PUT or DELETE");
                }
                throw notYet("pinning " + app.name() + " to a revision", "pin/unpin");
            }
            default -> {
                ApplicationsApi.requireGet(call);
                throw notYet("waiting for a deploy to finish", "awaitDeployed(app, commit, timeout)");
            }
        }
    }

    private static ApiException notYet(String what, String api) {
        return new ApiException(501, "NOT_IMPLEMENTED", what + " needs " + api
                + ", which gitops4j's engine does not offer yet");
    }
}

package io.gitops4j.examples.serve.http;

import io.gitops4j.api.ReconcileResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waits for a pass an endpoint started, up to the time its request allows, and turns what can go wrong into the API's
 * errors: 504 {@code TIMEOUT} (the pass goes on), 503 {@code SHUTTING_DOWN} (interrupted or not run), or what
 * {@code failed} makes of the pass's exception. Stateless; blocks the calling thread.
 */
final class PassWait {
    private PassWait() {}

    /**
     * @param failed maps the exception a pass failed with to the API's error, or to null for the 503 default
     * @return the pass's result
     */
    static ReconcileResult await(CompletableFuture<ReconcileResult> pass, int seconds, String application,
            Function<Throwable, ApiException> failed) {
        try {
            return pass.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "TIMEOUT", "the pass of " + application + " did not finish within " + seconds
                    + " s; it goes on");
        } catch (ExecutionException e) {
            ApiException mapped = failed.apply(e.getCause());
            throw mapped != null ? mapped : new ApiException(503, "SHUTTING_DOWN", "the pass of " + application
                    + " was not run: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
    }
}

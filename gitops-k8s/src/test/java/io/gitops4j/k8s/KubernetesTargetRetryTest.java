package io.gitops4j.k8s;

import static io.gitops4j.k8s.Fixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import io.gitops4j.testkit.server.RequestRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubernetesTargetRetryTest extends OnFakeApiServer {

    private static List<ApplyRequest> configMaps(int n) {
        return IntStream.range(0, n).mapToObj(i -> ApplyRequest.of(configMap("default", "cm-" + i,
                Map.of("i", Integer.toString(i))))).toList();
    }

    @Test
    @DisplayName("DA-03 429 with Retry-After on 20% of writes: every object applied, Retry-After honoured, "
            + "requests <= 1.3 N")
    void da03ThrottledWritesHonourRetryAfter() {
        target.view().kinds(); // discovery first, so only writes meet the rule
        Faults.of(server.kube()).reseed(7).on(Verb.PATCH).fraction(0.2).inject(Fault.tooManyRequests(1));
        int n = 100;

        List<ObjectResult> results = target.applyAll(configMaps(n), ApplyOptions.defaults(), WriteContext.of("shop",
                60));

        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED));
        List<RequestRecord> patches = server.requests().records(r -> r.verb().equals("patch"));
        assertThat(patches.size()).isLessThanOrEqualTo((int) (1.3 * n));
        long throttled = patches.stream().filter(r -> r.status() == 429).count();
        assertThat(throttled).isGreaterThan(5);
        Map<String, RequestRecord> last429 = new HashMap<>();
        List<Duration> waits = new ArrayList<>();
        for (RequestRecord r : patches) {
            RequestRecord before = last429.remove(r.path());
            if (before != null) {
                waits.add(Duration.between(before.time(), r.time()));
            }
            if (r.status() == 429) {
                last429.put(r.path(), r);
            }
        }
        assertThat(waits).hasSize((int) throttled)
                .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMillis(950)));
    }

    @Test
    @DisplayName("DA-04 500, 503, 504 and a reset connection are retried; each object exists once")
    void da04ServerErrorsAndResetsAreRetried() {
        target.view().kinds();
        Faults faults = Faults.of(server.kube());
        faults.on(Verb.PATCH).name("cm-0").next(1).inject(Fault.internalError());
        faults.on(Verb.PATCH).name("cm-1").next(1).inject(Fault.serviceUnavailable());
        faults.on(Verb.PATCH).name("cm-2").next(1).inject(Fault.gatewayTimeout());
        faults.on(Verb.PATCH).name("cm-3").next(2).inject(Fault.connectionReset());

        List<ObjectResult> results = target.applyAll(configMaps(5), ApplyOptions.defaults(), WriteContext.of("shop",
                10));

        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED));
        var kube = server.kube();
        assertThat(kube.list(kube.type("", "v1", "configmaps"), "default",
                io.gitops4j.testkit.kube.ListOptions.defaults()).items()).hasSize(5);
        assertThat(faults.injected()).hasSize(5);
    }

    @Test
    @DisplayName("DA-03 retries stop when the pass's budget is spent: the failure stands, requests = N + budget")
    void da03RetriesSpendThePassBudget() {
        target.view().kinds();
        Faults.of(server.kube()).on(Verb.PATCH).inject(Fault.serviceUnavailable());

        List<ObjectResult> results = target.applyAll(configMaps(4), ApplyOptions.defaults(), WriteContext.of("shop",
                3));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(r.failure().orElseThrow().message()).contains("503").doesNotContain("http://");
        });
        assertThat(server.requests().count("patch")).isEqualTo(4 + 3);
    }

    /**
     * Applies {@code n} ConfigMaps with {@code writers} writers, the first patch of cm-0 answered 429 Retry-After: 3.
     *
     * @return the patches, as the server answered them; every object was created
     */
    private List<RequestRecord> applyWhileCm0Waits(int writers, int n) {
        try (KubernetesTarget t = Fixtures.builder(server).concurrency(writers).build()) {
            t.view().kinds();
            Faults.of(server.kube()).on(Verb.PATCH).name("cm-0").next(1).inject(Fault.tooManyRequests(3));

            List<ObjectResult> results = t.applyAll(configMaps(n), ApplyOptions.defaults(), WriteContext.of("shop", n));

            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED));
            return server.requests().records(r -> r.verb().equals("patch"));
        }
    }

    /** @return "NAME STATUS" of a request for an object */
    private static String seen(RequestRecord r) {
        return r.path().substring(r.path().lastIndexOf('/') + 1) + " " + r.status();
    }

    @Test
    @DisplayName("DA-20 a 429 Retry-After: 3 keeps that write waiting 3 s; the other writer goes on and writes the "
            + "rest meanwhile")
    void da20AWriterToldToWaitWaitsAloneTheOthersGoOn() {
        List<RequestRecord> patches = applyWhileCm0Waits(2, 4);

        List<String> seen = patches.stream().map(KubernetesTargetRetryTest::seen).toList();
        assertThat(seen).containsExactlyInAnyOrder("cm-0 429", "cm-1 201", "cm-2 201", "cm-3 201", "cm-0 201")
                .endsWith("cm-0 201"); // the others were written while cm-0's writer waited
        RequestRecord throttled = patches.get(seen.indexOf("cm-0 429"));
        assertThat(Duration.between(throttled.time(), patches.get(4).time()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2950));
    }

    @Test
    @DisplayName("DA-23 a write waiting out a Retry-After does not hold a slot: with 1 writer, the other objects are "
            + "written while the first one waits")
    void da23AWriteWaitingOutARetryAfterHoldsNoSlot() {
        assertThat(applyWhileCm0Waits(1, 3)).extracting(KubernetesTargetRetryTest::seen)
                .containsExactly("cm-0 429", "cm-1 201", "cm-2 201", "cm-0 201");
    }

    @Test
    @DisplayName("DA-23 writes waiting out Retry-Afters give their slots back, yet no more requests than the writers "
            + "are ever in flight at the server")
    void da23InFlightRequestsNeverExceedTheWriters() {
        try (KubernetesTarget two = Fixtures.builder(server).concurrency(2).build()) {
            two.view().kinds();
            Faults faults = Faults.of(server.kube()).reseed(3);
            Duration latency = Duration.ofMillis(60);
            faults.on(Verb.PATCH).inject(Fault.latency(latency));
            faults.on(Verb.PATCH).fraction(0.3).inject(Fault.tooManyRequests(1));
            int n = 16;

            List<ObjectResult> results = two.applyAll(configMaps(n), ApplyOptions.defaults(), WriteContext.of("shop",
                    60));

            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED));
            List<RequestRecord> patches = server.requests().records(r -> r.verb().equals("patch"));
            assertThat(patches).as("some writes waited").anySatisfy(r -> assertThat(r.status()).isEqualTo(429));
            // every request is at the server from its arrival for at least the injected latency; a writer sends its
            // next request only after the answer to its last one, so windows of one writer never overlap
            Duration window = latency.minusMillis(10);
            int most = 0;
            for (RequestRecord r : patches) {
                int overlapping = (int) patches.stream().filter(o -> !o.time().isAfter(r.time())
                        && o.time().plus(window).isAfter(r.time())).count();
                most = Math.max(most, overlapping);
            }
            assertThat(most).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("EN-11 a batch interrupted while its writes wait out Retry-After: 30 (1 writer, each object sent "
            + "once meanwhile) ends at once with UNAVAILABLE, and no write is sent after")
    void en11ABatchInterruptedWhileWritesWaitSendsNothingAfter() throws Exception {
        try (KubernetesTarget one = Fixtures.builder(server).concurrency(1).build()) {
            one.view().kinds();
            Faults.of(server.kube()).on(Verb.PATCH).inject(Fault.tooManyRequests(30));
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread writer = applying(one, 3, failure, new AtomicBoolean());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.requests().count("patch") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.requests().count("patch")).as("every object was sent while the others waited")
                    .isEqualTo(3);

            writer.interrupt();
            Throwable thrown = failure.get(20, TimeUnit.SECONDS);

            assertThat(thrown).isInstanceOfSatisfying(TargetException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
            while (writesWaiting() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(writesWaiting()).as("the waiting writes ended").isFalse();
            assertThat(server.requests().count("patch")).isEqualTo(3);
        }
    }

    /**
     * Starts a thread applying {@code n} ConfigMaps (a budget of 10 retries) through {@code t}.
     *
     * @param failure completed with what the apply threw, or null when it returned
     * @param interrupted set to whether the thread's interrupt was kept when the apply ended
     */
    private static Thread applying(KubernetesTarget t, int n, CompletableFuture<Throwable> failure,
            AtomicBoolean interrupted) {
        Thread writer = new Thread(() -> {
            try {
                t.applyAll(configMaps(n), ApplyOptions.defaults(), WriteContext.of("shop", 10));
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(e);
            } finally {
                interrupted.set(Thread.currentThread().isInterrupted());
            }
        }, "en11-writer");
        writer.start();
        return writer;
    }

    /** @return true while a write thread is still inside a request's retries */
    private static boolean writesWaiting() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("gitops4j-k8s-write-"))
                .anyMatch(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(
                        "io.gitops4j.k8s.internal.Retrying")));
    }

    @Test
    @DisplayName("DA-20 a retry the pass's budget no longer covers is not waited for: with Retry-After: 30 and no "
            + "budget left, every object fails at once with the 429")
    void da20ASpentBudgetIsNotWaitedFor() {
        target.view().kinds();
        Faults.of(server.kube()).on(Verb.PATCH).inject(Fault.tooManyRequests(30));
        long t0 = System.nanoTime();

        List<ObjectResult> results = target.applyAll(configMaps(3), ApplyOptions.defaults(), WriteContext.of("shop",
                0));

        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.failure().orElseThrow().reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(r.failure().orElseThrow().message()).contains("429");
        });
        assertThat(server.requests().count("patch")).isEqualTo(3);
        assertThat(took).as("no 30 s wait before finding the budget spent").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    @DisplayName("EN-11 a write waiting out a Retry-After: 30 stops waiting when its thread is interrupted: "
            + "UNAVAILABLE at once, the interrupt kept")
    void en11AWaitForRetryAfterEndsWhenInterrupted() throws Exception {
        target.view().kinds();
        Faults.of(server.kube()).on(Verb.PATCH).inject(Fault.tooManyRequests(30));
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread writer = applying(target, 1, failure, stillInterrupted);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.requests().count("patch") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.requests().count("patch")).as("the first attempt was answered 429").isEqualTo(1);
        long t0 = System.nanoTime();

        writer.interrupt();
        Throwable thrown = failure.get(20, TimeUnit.SECONDS);
        writer.join(Duration.ofSeconds(20).toMillis());

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(thrown).isInstanceOfSatisfying(TargetException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
        assertThat(stillInterrupted).isTrue();
        assertThat(server.requests().count("patch")).isEqualTo(1);
    }

    @Test
    @DisplayName("DA-04 a delete whose answer was lost (the server deleted, the client timed out) is DELETED when the "
            + "retry finds the object gone, not 'already gone'")
    void da04DeleteWithLostAnswerIsDeleted() {
        var created = target.applyAll(configMaps(1), ApplyOptions.defaults(), WriteContext.of("shop", 1)).get(0)
                .object().orElseThrow();
        try (KubernetesTarget impatient = Fixtures.builder(server).requestTimeout(Duration.ofMillis(150))
                .retries(RetryOptions.defaults().withInitialDelay(Duration.ofSeconds(1))).build()) {
            impatient.view().kinds();
            Faults.of(server.kube()).on(Verb.DELETE).next(1).inject(Fault.latency(Duration.ofMillis(300)));

            ObjectResult r = impatient.deleteAll(List.of(new io.gitops4j.api.target.DeleteRequest(created.key(),
                    io.gitops4j.api.target.Precondition.uid(created.uid()))),
                    io.gitops4j.api.target.DeleteOptions.defaults(), WriteContext.of("shop", 3)).get(0);

            assertThat(r.outcome()).isEqualTo(ObjectOutcome.DELETED);
            assertThat(server.requests().records(q -> q.verb().equals("delete"))).extracting(RequestRecord::status)
                    .contains(404);
        }
    }

    @Test
    void aServerThatNeverAnswersFailsTheWholeBatch() {
        target.view().kinds();
        Faults.of(server.kube()).on(Verb.PATCH).inject(Fault.connectionReset());

        assertThatThrownBy(() -> target.applyAll(configMaps(3), ApplyOptions.defaults(), WriteContext.of("shop", 2)))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("ConfigMap default/cm-0").contains("no answer");
                });
    }
}

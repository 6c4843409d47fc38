package io.gitops4j.examples.serve;

import static io.gitops4j.examples.serve.ServeFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.fault.Fault;
import io.gitops4j.testkit.fault.Faults;
import io.gitops4j.testkit.fault.Verb;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while a pass is writing (the fake API server answers the ConfigMap's apply slowly): {@code serve} stops
 * accepting requests and lets the pass finish within the deadline, or interrupts it at the deadline, then exits.
 */
class ServeShutdownIT {
    private static void awaitReconciling(ServeFixture serve) throws InterruptedException {
        ServeFixture.awaitTrue("the pass to be in flight", Duration.ofSeconds(60), () -> {
            try {
                return json(serve.get("/api/applications/shop")).at("/status/reconciling").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Syncs, commits a change, slows the ConfigMap's apply down, and starts a pass that is then in flight. */
    private static void startSlowPass(ServeFixture serve, Duration applyLatency) throws Exception {
        assertThat(json(serve.post("/api/applications/shop/reconcile", "{\"wait\": true}")).get("outcome")
                .asText()).isEqualTo("SYNCED");
        serve.commitShop("green", ServeFixture.SECRET_VALUE, "main");
        Faults.of(serve.cluster.kube()).on(Verb.PATCH).resource("configmaps").next(1)
                .inject(Fault.latency(applyLatency));
        assertThat(serve.post("/api/applications/shop/reconcile", "{}").statusCode()).isEqualTo(202);
        awaitReconciling(serve);
    }

    private static Object color(ServeFixture serve) {
        var type = serve.cluster.kube().typeOf("v1", "ConfigMap");
        return ((Map<?, ?>) serve.cluster.kube().get(type, "shop", "settings").get("data")).get("color");
    }

    @Test
    void en11_sigtermLetsThePassInFlightFinishThenExits() throws Exception {
        try (ServeFixture serve = ServeFixture.start("--shutdown-timeout", "60")) {
            startSlowPass(serve, Duration.ofSeconds(4));

            assertThat(serve.terminate(Duration.ofSeconds(60))).as(serve.output()).isTrue();
            assertThat(serve.output()).contains("serve: shutting down; 1 pass(es) in flight, deadline 60 s",
                    "serve: stopped; every pass in flight finished");
            assertThat(color(serve)).isEqualTo("green");
            assertThat(serve.output()).contains("pass: shop SYNCED main@sha1:" + serve.repo.head("main")
                    .orElseThrow().substring(0, 12));
        }
    }

    @Test
    void en11_sigtermInterruptsAPassStillRunningAtTheDeadline() throws Exception {
        try (ServeFixture serve = ServeFixture.start("--shutdown-timeout", "1")) {
            startSlowPass(serve, Duration.ofSeconds(30));

            long start = System.nanoTime();
            assertThat(serve.terminate(Duration.ofSeconds(25))).as(serve.output()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
            assertThat(serve.output()).contains("serve: shutting down; 1 pass(es) in flight, deadline 1 s",
                    "serve: stopped; passes still running at the deadline were interrupted");
        }
    }
}

package io.gitops4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.core.target.InMemoryTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's three steps, judged by what they did to the cluster and what their results say, not by the words they
 * print: create everything, then update two objects and prune one, then a pass with nothing to do and zero writes.
 */
class DemoTest {
    private static final ResourceKey NAMESPACE = ResourceKey.of("v1", "Namespace", "", "shop");
    private static final ResourceKey SETTINGS = ResourceKey.of("v1", "ConfigMap", "shop", "web-settings");
    private static final ResourceKey FLAGS = ResourceKey.of("v1", "ConfigMap", "shop", "feature-flags");
    private static final ResourceKey DEPLOYMENT = ResourceKey.of("apps/v1", "Deployment", "shop", "web");
    private static final ResourceKey SERVICE = ResourceKey.of("v1", "Service", "shop", "web");

    @Test
    void demoCreatesThenUpdatesAndPrunesThenMakesANoOpPassWithZeroWrites() throws Exception {
        InMemoryTarget cluster = InMemoryTarget.create();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<Demo.Step> steps = new Demo(new PrintStream(printed, true, StandardCharsets.UTF_8), cluster).run();

        assertThat(steps).hasSize(3);
        Demo.Step created = steps.get(0);
        assertThat(created.result().outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(created.result().changes().keys(Action.CREATE))
                .containsExactlyInAnyOrder(NAMESPACE, SETTINGS, FLAGS, DEPLOYMENT, SERVICE);
        assertThat(created.result().keys(ObjectOutcome.CREATED))
                .containsExactlyInAnyOrder(NAMESPACE, SETTINGS, FLAGS, DEPLOYMENT, SERVICE);
        assertThat(created.inCluster()).containsExactlyInAnyOrder(NAMESPACE, SETTINGS, FLAGS, DEPLOYMENT, SERVICE);
        assertThat(created.writes()).as("five objects and the inventory").isGreaterThanOrEqualTo(6);

        Demo.Step changed = steps.get(1);
        assertThat(changed.result().outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(changed.result().changes().keys(Action.UPDATE)).containsExactlyInAnyOrder(SETTINGS, DEPLOYMENT);
        assertThat(changed.result().changes().keys(Action.PRUNE)).containsExactly(FLAGS);
        assertThat(changed.result().changes().keys(Action.UNCHANGED)).containsExactlyInAnyOrder(NAMESPACE, SERVICE);
        assertThat(changed.result().keys(ObjectOutcome.CONFIGURED)).containsExactlyInAnyOrder(SETTINGS, DEPLOYMENT);
        assertThat(changed.result().keys(ObjectOutcome.DELETED)).containsExactly(FLAGS);
        assertThat(changed.inCluster()).containsExactlyInAnyOrder(NAMESPACE, SETTINGS, DEPLOYMENT, SERVICE);

        Demo.Step again = steps.get(2);
        assertThat(again.result().outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(again.result().changes().changes()).hasSize(4)
                .allSatisfy(c -> assertThat(c.action()).isEqualTo(Action.UNCHANGED));
        assertThat(again.writes()).isZero();
        assertThat(again.result().writes()).isZero();
        assertThat(again.inCluster()).isEqualTo(changed.inCluster());

        assertThat(cluster.view().get(SETTINGS).orElseThrow().manifest().get("data", "greeting"))
                .contains("Hello again, from the second commit");
        assertThat(cluster.view().get(DEPLOYMENT).orElseThrow().manifest().get("spec", "replicas")).contains(3L);
        assertThat(Demo.succeeded(steps)).isTrue();
    }
}

package io.gitops4j.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code createAll} of the in-memory target: a POST, generateName honoured, a taken name refused. */
class InMemoryTargetCreateTest {
    private final InMemoryTarget target = InMemoryTarget.create();
    private final WriteContext context = WriteContext.of("shop", 1);

    private static Manifest job(String nameField, String value) {
        return Manifest.of(Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", Map.of(nameField, value,
                "namespace", "shop")));
    }

    @Test
    void anObjectWithGenerateNameIsNamedByTheTargetEachTimeAnew() {
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        target.view().watch(Set.of(new GroupKind("batch", "Job")), events::add);

        List<ObjectResult> results = target.createAll(List.of(job("generateName", "migrate-"),
                job("generateName", "migrate-")), ApplyOptions.defaults(), context);

        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ObjectOutcome.CREATED));
        List<String> names = results.stream().map(r -> r.object().orElseThrow().key().name()).toList();
        assertThat(names).allMatch(n -> n.matches("migrate-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        assertThat(names.get(0)).isNotEqualTo(names.get(1));
        assertThat(results.get(0).object().orElseThrow().uid()).isNotEmpty();
        assertThat(target.all()).hasSize(2);
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(ChangeEvent.Type.ADDED);
            assertThat(e.ownWrite()).isTrue();
        });
    }

    @Test
    void aNamedCreateOfAnExistingObjectFailsStaleAndADryRunStoresNothing() {
        target.createAll(List.of(job("name", "migrate")), ApplyOptions.defaults(), context);

        ObjectResult again = target.createAll(List.of(job("name", "migrate")), ApplyOptions.defaults(), context)
                .get(0);
        ObjectResult dry = target.createAll(List.of(job("name", "other")), ApplyOptions.defaults().withDryRun(true),
                context).get(0);

        assertThat(again.failure().orElseThrow().reason()).isEqualTo(TargetException.Reason.STALE);
        assertThat(again.failure().orElseThrow().message()).isEqualTo("Job.batch shop/migrate: already exists");
        assertThat(dry.outcome()).isEqualTo(ObjectOutcome.CREATED);
        assertThat(target.all()).hasSize(1);
    }
}

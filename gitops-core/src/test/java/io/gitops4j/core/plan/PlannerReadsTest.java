package io.gitops4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.core.engine.DelegatingView;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the planner reads live state: the desired objects in one {@link ClusterView#getAll} call (DA-21). */
class PlannerReadsTest {
    private static final String LABEL = Tracking.APPLICATION_LABEL;

    /** A view that records its object reads and passes every call on. */
    private static final class Recording extends DelegatingView {
        final List<String> calls = new ArrayList<>();
        final List<ResourceKey> batched = new ArrayList<>();

        Recording(ClusterView view) {
            super(view);
        }

        @Override
        public Map<ResourceKey, LiveObject> getAll(Collection<ResourceKey> keys) {
            calls.add("getAll");
            batched.addAll(keys);
            return super.getAll(keys);
        }

        @Override
        public Optional<LiveObject> get(ResourceKey key) {
            calls.add("get " + key.name());
            return super.get(key);
        }

        @Override
        public Optional<LiveObject> get(ObjectId id) {
            calls.add("get id " + id.name());
            return super.get(id);
        }

        @Override
        public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
            calls.add("list " + kind.kind());
            return super.list(kind, namespace, labelSelector);
        }
    }

    private static Manifest object(String apiVersion, String kind, String name, Map<String, String> labels,
            Map<String, Object> body) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        meta.put("namespace", "shop");
        meta.put("labels", labels);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", apiVersion);
        tree.put("kind", kind);
        tree.put("metadata", meta);
        tree.putAll(body);
        return Manifest.of(tree);
    }

    private static Manifest configMap(String name, Map<String, String> labels) {
        return object("v1", "ConfigMap", name, labels, Map.of("data", Map.of("name", name)));
    }

    @Test
    @DisplayName("DA-21 the desired objects are read with one getAll: a missing one is created, an unlabelled one "
            + "adopted, another Application's skipped; a kind not served in its version is read in the served one")
    void da21DesiredObjectsAreReadInOneCall() {
        InMemoryTarget target = InMemoryTarget.create();
        target.put(configMap("cm-1", Map.of()));
        target.put(configMap("cm-2", Map.of(LABEL, "billing")));
        Map<String, Object> spec = Map.of("spec", Map.of("minReplicas", 1, "maxReplicas", 3));
        target.put(object("autoscaling/v2", "HorizontalPodAutoscaler", "h", Map.of(LABEL, "shop"), spec));
        Recording view = new Recording(target.view());
        ManifestSet rendered = ManifestSet.of(configMap("cm-0", Map.of()), configMap("cm-1", Map.of()),
                configMap("cm-2", Map.of()),
                object("autoscaling/v1", "HorizontalPodAutoscaler", "h", Map.of(), spec));
        Application app = Application.builder("shop").source(SourceSpec.local(Path.of("repo")))
                .targetNamespace("shop").build();
        Scopes scopes = Scopes.of(view, rendered);
        DesiredState desired = DesiredState.of(app, rendered, scopes, view);

        List<Change> changes = new Planner("gitops4j").plan(app, Revision.ref("main"), desired,
                Inventory.empty("shop"), view, scopes, false).plan().changes().changes();

        assertThat(view.calls).containsExactly("getAll", "get id h");
        assertThat(view.batched).extracting(ResourceKey::name).containsExactly("cm-0", "cm-1", "cm-2");
        Map<String, Change> byName = changes.stream().collect(Collectors.toMap(c -> c.key().name(), c -> c));
        assertThat(byName.get("cm-0").action()).isEqualTo(Action.CREATE);
        assertThat(byName.get("cm-1").action()).isEqualTo(Action.UPDATE);
        assertThat(byName.get("cm-1").reason()).startsWith("adopting");
        assertThat(byName.get("cm-2").action()).isEqualTo(Action.SKIP);
        assertThat(byName.get("cm-2").reason()).isEqualTo("owned by application 'billing'");
        assertThat(byName.get("h").action()).isEqualTo(Action.UNCHANGED);
    }
}

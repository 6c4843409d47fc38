package io.gitops4j.testkit.engine;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a {@link FakeKube} went through, in order, as the tests of waves and hooks read it: {@code "added Job
 * migrate"}, {@code "deleted Job migrate"}, and the first time an object shows a condition
 * ({@code Complete}, {@code Failed}, {@code Available}) True, {@code "Complete Job migrate"}. Inventory ConfigMaps are
 * left out. Thread-safe: the fake's writing threads record, the test reads.
 */
final class ClusterEvents {
    private static final List<String> CONDITIONS = List.of("Complete", "Failed", "Available");

    private final List<String> events = new CopyOnWriteArrayList<>();

    private ClusterEvents() {}

    /** @return the events of {@code kube} from now on */
    static ClusterEvents of(FakeKube kube) {
        ClusterEvents recorded = new ClusterEvents();
        kube.addObserver((type, event) -> {
            if (EngineFixture.isInventory(event.object())) {
                return;
            }
            Map<?, ?> metadata = (Map<?, ?>) event.object().get("metadata");
            String what = event.object().get("kind") + " " + metadata.get("name");
            switch (event.type().name()) {
                case "ADDED" -> recorded.events.add("added " + what);
                case "DELETED" -> recorded.events.add("deleted " + what);
                default -> {
                    String conditions = event.object().get("status") instanceof Map<?, ?> status
                            ? String.valueOf(status.get("conditions")) : "";
                    for (String c : CONDITIONS) {
                        if (conditions.contains("type=" + c + ", status=True")
                                && !recorded.events.contains(c + " " + what)) {
                            recorded.events.add(c + " " + what);
                        }
                    }
                }
            }
        });
        return recorded;
    }

    /** @return the events so far, oldest first */
    List<String> list() {
        return List.copyOf(events);
    }

    /** Forgets the events so far. */
    void clear() {
        events.clear();
    }

    /** A Deployment of {@code replicas} nginx Pods labelled {@code app: name}. */
    static String deployment(String name, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: c, image: nginx}]}
                """.formatted(name, replicas, name, name);
    }
}

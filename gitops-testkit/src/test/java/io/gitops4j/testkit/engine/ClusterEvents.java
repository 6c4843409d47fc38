package io.gitops4j.testkit.engine;

import io.gitops4j.testkit.FakeKube;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a {@link FakeKube} went through, in order, as the tests of waves and hooks read it: {@code "added Job
 * migrate"}, {@code "deleted Job migrate"}, and the first time an object shows a condition
 * ({@code Complete}, {@code Failed}, {@code Available}) True, {@code "Complete Job migrate"}. Inventory ConfigMaps are
 * left out. Thread-safe: the fake's writing threads record, the test reads. The fake tells its observers after it
 * releases its lock, so two threads' notes can arrive out of order (a Job's Failed status, then the deletion the engine
 * made on seeing it through the watch): they are listed in the order of their resourceVersions, the order the changes
 * were committed in.
 */
final class ClusterEvents {
    private static final List<String> CONDITIONS = List.of("Complete", "Failed", "Available");

    /** One note and the resourceVersion of the change it notes. */
    private record Note(long resourceVersion, String text) {}

    private final List<Note> events = new CopyOnWriteArrayList<>();

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
            long rv = Long.parseLong(String.valueOf(metadata.get("resourceVersion")));
            switch (event.type().name()) {
                case "ADDED" -> recorded.add(rv, "added " + what);
                case "DELETED" -> recorded.add(rv, "deleted " + what);
                default -> {
                    String conditions = event.object().get("status") instanceof Map<?, ?> status
                            ? String.valueOf(status.get("conditions")) : "";
                    for (String c : CONDITIONS) {
                        if (conditions.contains("type=" + c + ", status=True")) {
                            recorded.addFirstTime(rv, c + " " + what);
                        }
                    }
                }
            }
        });
        return recorded;
    }

    private void add(long resourceVersion, String text) {
        events.add(new Note(resourceVersion, text));
    }

    /** Notes {@code text} unless it was noted already; a later-committed copy noted first gives way to this one. */
    private synchronized void addFirstTime(long resourceVersion, String text) {
        for (Note n : events) {
            if (n.text().equals(text)) {
                if (n.resourceVersion() <= resourceVersion) {
                    return;
                }
                events.remove(n);
                break;
            }
        }
        add(resourceVersion, text);
    }

    /** @return the events so far, in the order they were committed (oldest first) */
    List<String> list() {
        return events.stream().sorted(java.util.Comparator.comparingLong(Note::resourceVersion)).map(Note::text)
                .toList();
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

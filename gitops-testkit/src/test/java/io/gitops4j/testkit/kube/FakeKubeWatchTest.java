package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakeKubeWatchTest {

    private final FakeKube kube = FakeKube.builder().watchHistory(5).bookmarkInterval(Duration.ofMillis(50)).build();
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");

    private String put(String name, String labels) {
        return str(kube.create(configMaps, "default", yaml("metadata: {name: " + name + ", labels: {" + labels
                + "}}"), WriteOptions.defaults()).object(), "metadata.resourceVersion");
    }

    private static List<String> drain(Watch w) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Optional<WatchEvent> e;
        while ((e = w.next(Duration.ofMillis(20))).isPresent()) {
            if (e.get().type() != WatchEvent.Type.BOOKMARK) {
                out.add(e.get().type() + " " + str(e.get().object(), "metadata.name"));
            }
        }
        return out;
    }

    @Test
    void watchWithoutVersionStartsWithSyntheticAdded() throws Exception {
        put("a", "");
        put("b", "");
        try (Watch w = kube.watch(configMaps, "default", WatchOptions.defaults())) {
            assertThat(drain(w)).containsExactly("ADDED a", "ADDED b");
            kube.patch(configMaps, "default", "a", PatchType.MERGE, "{\"data\":{\"x\":\"1\"}}",
                    WriteOptions.defaults());
            kube.delete(configMaps, "default", "b", DeleteOptions.defaults());
            assertThat(drain(w)).containsExactly("MODIFIED a", "DELETED b");
        }
    }

    @Test
    void watchFromAVersionReplaysLaterChanges() throws Exception {
        String rv = put("a", "");
        put("b", "");
        kube.delete(configMaps, "default", "a", DeleteOptions.defaults());
        try (Watch w = kube.watch(configMaps, "", WatchOptions.defaults().withResourceVersion(rv))) {
            assertThat(drain(w)).containsExactly("ADDED b", "DELETED a");
        }
    }

    @Test
    void deletedEventCarriesTheDeletionVersion() throws Exception {
        put("a", "");
        try (Watch w = kube.watch(configMaps, "", WatchOptions.defaults().withResourceVersion(kube.resourceVersion()))) {
            kube.delete(configMaps, "default", "a", DeleteOptions.defaults());
            WatchEvent e = w.next(Duration.ofSeconds(1)).orElseThrow();
            assertThat(e.type()).isEqualTo(WatchEvent.Type.DELETED);
            assertThat(str(e.object(), "metadata.resourceVersion")).isEqualTo(kube.resourceVersion());
        }
    }

    @Test
    void tooOldVersionIsExpired() {
        String rv = put("a", "");
        for (int i = 0; i < 10; i++) {
            put("n" + i, "");
        }
        assertThatThrownBy(() -> kube.watch(configMaps, "", WatchOptions.defaults().withResourceVersion(rv)))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(410);
                    assertThat(e.reason()).isEqualTo("Expired");
                    assertThat(e.getMessage()).startsWith("too old resource version: " + rv);
                });
    }

    @Test
    void selectorsTranslateTransitionsIntoAddedAndDeleted() throws Exception {
        put("a", "app: web");
        try (Watch w = kube.watch(configMaps, "", WatchOptions.defaults().withLabelSelector("app=web"))) {
            assertThat(drain(w)).containsExactly("ADDED a");
            put("other", "app: db");
            kube.patch(configMaps, "default", "a", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"app\":\"db\"}}}",
                    WriteOptions.defaults());
            kube.patch(configMaps, "default", "other", PatchType.MERGE,
                    "{\"metadata\":{\"labels\":{\"app\":\"web\"}}}", WriteOptions.defaults());
            assertThat(drain(w)).containsExactly("DELETED a", "ADDED other");
        }
    }

    @Test
    void fieldSelectorOnNameFollowsOneObject() throws Exception {
        try (Watch w = kube.watch(configMaps, "default",
                WatchOptions.defaults().withFieldSelector("metadata.name=b"))) {
            put("a", "");
            put("b", "");
            assertThat(drain(w)).containsExactly("ADDED b");
        }
    }

    @Test
    void bookmarksCarryTheCurrentVersionWhenAsked() throws Exception {
        put("a", "");
        try (Watch w = kube.watch(configMaps, "", WatchOptions.defaults()
                .withResourceVersion(kube.resourceVersion()).withBookmarks(true))) {
            WatchEvent e = w.next(Duration.ofSeconds(2)).orElseThrow();
            assertThat(e.type()).isEqualTo(WatchEvent.Type.BOOKMARK);
            assertThat(str(e.object(), "metadata.resourceVersion")).isEqualTo(kube.resourceVersion());
            assertThat(e.object().get("kind")).isEqualTo("ConfigMap");
        }
        try (Watch w = kube.watch(configMaps, "", WatchOptions.defaults())) {
            w.next(Duration.ofMillis(10));
            assertThat(w.next(Duration.ofMillis(150))).as("no bookmarks unless asked").isEmpty();
        }
    }

    @Test
    void timeoutEndsTheWatchAndCloseIsIdempotent() throws Exception {
        Watch w = kube.watch(configMaps, "", WatchOptions.defaults().withTimeoutSeconds(1));
        assertThat(w.isOpen()).isTrue();
        long start = System.nanoTime();
        while (w.next(Duration.ofMillis(200)).isPresent() || w.isOpen()) {
            assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
        }
        assertThat(w.isOpen()).isFalse();
        w.close();
        w.close();
        put("late", "");
        assertThat(w.next(Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void dryRunWritesEmitNothing() throws Exception {
        put("a", "");
        try (Watch w = kube.watch(configMaps, "", WatchOptions.defaults().withResourceVersion(kube.resourceVersion()))) {
            kube.create(configMaps, "default", yaml("metadata: {name: b}"), WriteOptions.defaults().withDryRun(true));
            kube.delete(configMaps, "default", "a", DeleteOptions.defaults().withDryRun(true));
            assertThat(drain(w)).isEmpty();
        }
    }
}

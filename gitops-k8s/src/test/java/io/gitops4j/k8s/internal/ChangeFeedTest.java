package io.gitops4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.KindInfo;
import io.gitops4j.api.target.LiveObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The own-write and ordering rules of the change feed, with the races made deterministic. */
class ChangeFeedTest {
    private static final GroupKind CM = new GroupKind("", "ConfigMap");
    private static final ObjectId ID = new ObjectId("", "ConfigMap", "default", "s");

    private final ChangeFeed feed = new ChangeFeed();
    private final KindCache cache = new KindCache(new ServedKind(new KindInfo(CM, "configmaps", true, List.of("v1"),
            Set.of("get", "list", "watch", "patch")), Set.of()));
    private final List<ChangeEvent> events = new CopyOnWriteArrayList<>();

    ChangeFeedTest() {
        feed.attach(cache);
        feed.listed(cache, List.of());
        feed.subscribe(Set.of(CM), events::add);
    }

    @AfterEach
    void stop() {
        feed.close();
    }

    private static LiveObject object(String uid, String rv, String value) {
        return LiveObject.of(Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of(
                "name", "s", "namespace", "default", "uid", uid, "resourceVersion", rv,
                "labels", Map.of("gitops4j.io/application", "shop")), "data", Map.of("a", value))));
    }

    private List<String> delivered(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (events.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return events.stream().map(e -> e.type() + " " + e.object().orElseThrow().resourceVersion()
                + (e.ownWrite() ? " own" : "")).toList();
    }

    @Test
    void theEchoArrivingBeforeTheWriteAnswerIsHeldThenMarkedOwn() {
        feed.starting(ID);
        feed.observed(cache, ChangeEvent.Type.ADDED, object("u1", "5", "1"));
        assertThat(events).isEmpty();

        feed.finished(ID, Optional.of(object("u1", "5", "1")), Optional.empty());

        assertThat(delivered(1)).containsExactly("ADDED 5 own");
    }

    @Test
    void someoneElsesChangeDuringOurWriteIsReleasedInOrderAndNotOwn() {
        feed.starting(ID);
        feed.observed(cache, ChangeEvent.Type.ADDED, object("u1", "5", "1"));
        feed.observed(cache, ChangeEvent.Type.MODIFIED, object("u1", "6", "edited"));

        feed.finished(ID, Optional.of(object("u1", "5", "1")), Optional.empty());

        assertThat(delivered(2)).containsExactly("ADDED 5 own", "MODIFIED 6");
        assertThat(cache.get(ID).orElseThrow().resourceVersion()).isEqualTo("6");
    }

    @Test
    @DisplayName("DA-12 an object someone deletes while our write of it is in flight is not put back by the answer")
    void da12SomeoneElsesDeleteDuringOurWriteIsNotUndoneByItsAnswer() {
        feed.starting(ID);
        feed.observed(cache, ChangeEvent.Type.ADDED, object("u1", "5", "1"));
        feed.observed(cache, ChangeEvent.Type.DELETED, object("u1", "6", "1"));

        feed.finished(ID, Optional.of(object("u1", "5", "1")), Optional.empty());

        assertThat(feed.cached(ID)).isEmpty();
        assertThat(delivered(2)).containsExactly("ADDED 5 own", "DELETED 6");
    }

    @Test
    @DisplayName("DA-12 an object deleted and created again by someone else while our write is in flight stays as "
            + "the watch told")
    void da12AnObjectReCreatedDuringOurWriteIsKept() {
        feed.starting(ID);
        feed.observed(cache, ChangeEvent.Type.ADDED, object("u1", "5", "1"));
        feed.observed(cache, ChangeEvent.Type.DELETED, object("u1", "6", "1"));
        feed.observed(cache, ChangeEvent.Type.ADDED, object("u2", "7", "theirs"));

        feed.finished(ID, Optional.of(object("u1", "5", "1")), Optional.empty());

        assertThat(feed.cached(ID).orElseThrow().uid()).isEqualTo("u2");
        assertThat(delivered(3)).containsExactly("ADDED 5 own", "DELETED 6", "ADDED 7");
    }

    @Test
    void anOlderWatchEventNeverReplacesTheCachedAnswerOfOurWrite() {
        feed.starting(ID);
        feed.finished(ID, Optional.of(object("u1", "7", "mine")), Optional.empty());

        feed.observed(cache, ChangeEvent.Type.MODIFIED, object("u1", "6", "older"));

        assertThat(feed.cached(ID).orElseThrow().resourceVersion()).isEqualTo("7");
    }

    @Test
    void aDeleteIsOwnAndItsObjectIsNotBroughtBackByLateEvents() {
        feed.observed(cache, ChangeEvent.Type.ADDED, object("u1", "5", "1"));
        feed.starting(ID);
        feed.finished(ID, Optional.empty(), Optional.of("u1"));
        assertThat(feed.cached(ID)).isEmpty();

        feed.observed(cache, ChangeEvent.Type.MODIFIED, object("u1", "6", "late"));
        assertThat(feed.cached(ID)).isEmpty();
        feed.observed(cache, ChangeEvent.Type.DELETED, object("u1", "7", "late"));

        assertThat(delivered(3)).containsExactly("ADDED 5", "MODIFIED 6", "DELETED 7 own");
    }
}

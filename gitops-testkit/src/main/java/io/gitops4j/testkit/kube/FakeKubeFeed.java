package io.gitops4j.testkit.kube;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.testkit.FakeKube;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One change-feed subscription of a {@link FakeKubeTarget}: a daemon thread that watches each subscribed kind (in its
 * preferred version, from the fake's resourceVersion at subscription) and delivers the events in commit order per
 * kind, each marked as an own write when the target's writes committed it. A watch that ends (its timeout, or its
 * type went away) is resumed from the last resourceVersion delivered; when the fake no longer has that far back
 * (410 Expired, e.g. after {@link FakeKube#compact()}), the kind is re-listed and a RESYNCED event says events may
 * have been missed. A kind not served yet is watched from the moment it is. A listener that throws is ignored.
 */
final class FakeKubeFeed implements Runnable, AutoCloseable {
    private final FakeKube kube;
    private final Consumer<ChangeEvent> listener;
    private final OwnWrites own;
    private final long timeoutSeconds;
    private final Map<GroupKind, KindWatch> streams = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean open = true;

    /** The watch of one kind and the last resourceVersion it delivered. */
    private static final class KindWatch {
        Watch watch;
        String version;
    }

    FakeKubeFeed(FakeKube kube, Set<GroupKind> kinds, Consumer<ChangeEvent> listener, OwnWrites own,
            Duration watchTimeout) {
        this.kube = kube;
        this.listener = listener;
        this.own = own;
        this.timeoutSeconds = watchTimeout.isZero() ? 0 : Math.max(1, watchTimeout.toSeconds());
        String now = kube.resourceVersion();
        for (GroupKind k : kinds) {
            KindWatch s = new KindWatch();
            s.version = now;
            streams.put(k, s);
        }
        this.thread = new Thread(this, "fakekube-target-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (open) {
                boolean any = false;
                for (Map.Entry<GroupKind, KindWatch> e : streams.entrySet()) {
                    any |= drain(e.getKey(), e.getValue(), Duration.ZERO);
                }
                if (!any) {
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.values().stream().filter(s -> s.watch != null).forEach(s -> s.watch.close());
        }
    }

    /** @return true when an event was delivered */
    private boolean drain(GroupKind kind, KindWatch s, Duration wait) throws InterruptedException {
        if (s.watch == null || !s.watch.isOpen()) {
            if (s.watch != null && deliverQueued(kind, s)) {
                return true;
            }
            s.watch = null;
            if (!resume(kind, s)) {
                return false;
            }
        }
        Optional<WatchEvent> event = s.watch.next(wait);
        if (event.isEmpty()) {
            return false;
        }
        deliver(kind, s, event.get());
        return true;
    }

    private boolean deliverQueued(GroupKind kind, KindWatch s) throws InterruptedException {
        Optional<WatchEvent> event = s.watch.next(Duration.ZERO);
        event.ifPresent(e -> deliver(kind, s, e));
        return event.isPresent();
    }

    /** Starts the kind's watch from the last version delivered; re-lists and says RESYNCED when that is too old. */
    private boolean resume(GroupKind kind, KindWatch s) {
        Optional<ResourceType> type = FakeKubeTypes.preferred(kube, kind);
        if (type.isEmpty()) {
            return false;
        }
        WatchOptions options = WatchOptions.defaults().withTimeoutSeconds(timeoutSeconds);
        try {
            s.watch = kube.watch(type.get(), "", options.withResourceVersion(s.version));
        } catch (FakeKubeException e) {
            if (e.code() != 410) {
                return false;
            }
            s.version = kube.list(type.get(), "", ListOptions.defaults()).resourceVersion();
            s.watch = kube.watch(type.get(), "", options.withResourceVersion(s.version));
            notify(ChangeEvent.resynced(kind));
        }
        return true;
    }

    private void deliver(GroupKind kind, KindWatch s, WatchEvent event) {
        ChangeEvent.Type type = switch (event.type()) {
            case ADDED -> ChangeEvent.Type.ADDED;
            case MODIFIED -> ChangeEvent.Type.MODIFIED;
            case DELETED -> ChangeEvent.Type.DELETED;
            default -> null;
        };
        Object meta = event.object().get("metadata");
        if (meta instanceof Map<?, ?> m && m.get("resourceVersion") instanceof String rv && !rv.isEmpty()) {
            s.version = rv;
        }
        if (type != null && open) {
            LiveObject object = LiveObject.of(Manifest.of(event.object()));
            notify(ChangeEvent.of(type, object, own.isOwn(event.object())));
        }
    }

    private void notify(ChangeEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException ignored) {
            // a failing listener must not stop the subscription
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
    }
}

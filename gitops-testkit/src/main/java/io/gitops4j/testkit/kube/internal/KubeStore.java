package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.kube.DeleteResult;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ListResult;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceRegistry;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.Watch;
import io.gitops4j.testkit.kube.WatchOptions;
import io.gitops4j.testkit.kube.WriteObserver;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.kube.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The object store behind {@code FakeKube}. Internal: use {@code FakeKube}. */
public final class KubeStore {

    private final ResourceRegistry registry = ResourceRegistry.builtin();

    public KubeStore(Clock clock, int watchHistory, Duration bookmarkInterval) {
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public String resourceVersion() {
        throw new UnsupportedOperationException("not yet");
    }

    public Map<String, Object> get(ResourceType type, String namespace, String name, String subresource) {
        throw new UnsupportedOperationException("not yet");
    }

    public ListResult list(ResourceType type, String namespace, ListOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    public WriteResult create(ResourceType type, String namespace, Map<String, Object> body, WriteOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    public WriteResult update(ResourceType type, String namespace, String name, String subresource,
                              Map<String, Object> body, WriteOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    public WriteResult patch(ResourceType type, String namespace, String name, String subresource,
                             PatchType patchType, String patch, WriteOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    public ListResult deleteCollection(ResourceType type, String namespace, ListOptions selection,
                                       DeleteOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    public Watch watch(ResourceType type, String namespace, WatchOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    public void compact() {
    }

    public void addObserver(WriteObserver observer) {
    }

    public void removeObserver(WriteObserver observer) {
    }
}

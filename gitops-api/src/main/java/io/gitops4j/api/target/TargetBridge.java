package io.gitops4j.api.target;

import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The batch-shaped {@link Target} methods over the single-object ones, for implementations written against the
 * previous shape of the SPI. Removed together with those methods.
 */
@SuppressWarnings("removal")
final class TargetBridge {
    private TargetBridge() {}

    static UnsupportedOperationException moved(String method, String replacement) {
        return new UnsupportedOperationException("Target." + method + " is replaced by " + replacement);
    }

    static List<ObjectResult> applyAll(Target target, List<ApplyRequest> requests, ApplyOptions options) {
        List<ObjectResult> out = new ArrayList<>(requests.size());
        for (ApplyRequest r : requests) {
            try {
                Optional<LiveObject> before = target.get(r.key());
                if (!r.expected().isNone() && before.isPresent() && !matches(r.expected(), before.get())) {
                    out.add(ObjectResult.failed(r.key(), new WriteFailure(TargetException.Reason.STALE,
                            r.key().displayName() + ": the object changed since it was read", List.of())));
                    continue;
                }
                LiveObject after = target.apply(r.desired(), options);
                ObjectOutcome outcome = before.isEmpty() ? ObjectOutcome.CREATED
                        : before.get().resourceVersion().equals(after.resourceVersion()) ? ObjectOutcome.UNCHANGED
                        : ObjectOutcome.CONFIGURED;
                out.add(ObjectResult.written(outcome, after));
            } catch (TargetException e) {
                out.add(ObjectResult.failed(r.key(), WriteFailure.of(e)));
            }
        }
        return out;
    }

    static List<ObjectResult> deleteAll(Target target, List<DeleteRequest> requests, DeleteOptions options) {
        List<ObjectResult> out = new ArrayList<>(requests.size());
        for (DeleteRequest r : requests) {
            DeleteOptions each = new DeleteOptions(r.expected().uid(), r.expected().resourceVersion(),
                    options.propagation(), options.dryRun());
            try {
                out.add(target.delete(r.key(), each) ? ObjectResult.deleted(r.key())
                        : ObjectResult.skipped(r.key(), "already gone"));
            } catch (TargetException e) {
                out.add(ObjectResult.failed(r.key(), WriteFailure.of(e)));
            }
        }
        return out;
    }

    private static boolean matches(Precondition p, LiveObject live) {
        return (p.uid().isEmpty() || p.uid().equals(live.uid()))
                && (p.resourceVersion().isEmpty() || p.resourceVersion().equals(live.resourceVersion()));
    }

    /** The read side over the single-object reads. Kinds are unknown to targets of the previous shape. */
    record View(Target target) implements ClusterView {
        @Override
        public Optional<LiveObject> get(ResourceKey key) {
            return target.get(key);
        }

        @Override
        public Optional<LiveObject> get(ObjectId id) {
            return target.get(id.inVersion("v1"));
        }

        @Override
        public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
            return target.list(kind, namespace, labelSelector);
        }

        @Override
        public Optional<KindInfo> kind(GroupKind kind) {
            return Optional.empty();
        }

        @Override
        public List<KindInfo> kinds() {
            return List.of();
        }

        @Override
        public Optional<ServerVersion> serverVersion() {
            return Optional.empty();
        }

        @Override
        public AutoCloseable watch(Set<GroupKind> kinds, Consumer<ChangeEvent> listener) {
            return target.watch(List.copyOf(kinds), listener);
        }
    }

    /** The inventory store over the single-object inventory methods; the version is the content's hash code. */
    record Inventories(Target target) implements InventoryStore {
        @Override
        public Optional<StoredInventory> read(String application) {
            return target.readInventory(application).map(i -> new StoredInventory(i, version(i)));
        }

        @Override
        public synchronized StoredInventory write(Inventory inventory, String expectedVersion) {
            String current = target.readInventory(inventory.application()).map(Inventories::version).orElse("");
            if (!current.equals(expectedVersion)) {
                throw new TargetException(null, TargetException.Reason.STALE, "inventory of "
                        + inventory.application() + ": changed since it was read");
            }
            target.writeInventory(inventory);
            return new StoredInventory(inventory, version(inventory));
        }

        private static String version(Inventory i) {
            return Integer.toHexString(i.entries().hashCode()) + "-" + i.size();
        }
    }
}

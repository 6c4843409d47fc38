package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.DeleteOptions;
import io.gitops4j.testkit.kube.DeleteResult;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ListResult;
import io.gitops4j.testkit.kube.PropagationPolicy;
import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletion with the behaviour of the API server plus its controllers, run synchronously: finalizers keep an
 * object (with {@code deletionTimestamp}) until the last one is removed; propagation Background/Foreground/Orphan
 * with garbage collection through ownerReferences; namespace termination (contents first, then the namespace);
 * CRD deletion removing its custom resources and its types; claims and volumes held while in use
 * ({@link StorageProtection}). All under the store's write lock.
 */
final class Deletes {

    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    private final KubeStore store;
    private final Set<KubeStore.Ref> foregroundOwners = new LinkedHashSet<>();
    private final Set<String> terminatingNamespaces = new LinkedHashSet<>();
    private final Set<String> terminatingCrds = new LinkedHashSet<>();
    private final Set<KubeStore.Ref> protectedStorage = new LinkedHashSet<>();
    private boolean settling;

    Deletes(KubeStore store) {
        this.store = store;
    }

    DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        String ns = KubeStore.namespaceFor(type, namespace, true);
        return store.write(() -> deleteLocked(type, ns, name, options));
    }

    ListResult deleteCollection(ResourceType type, String namespace, ListOptions selection, DeleteOptions options) {
        if (!type.supports("deletecollection")) {
            throw FakeKubeException.methodNotAllowed("the server does not allow this method on the requested "
                    + "resource");
        }
        String ns = KubeStore.namespaceFor(type, namespace, false);
        return store.write(() -> {
            ListResult matching = store.list(type, ns, selection.withLimit(0).withContinue(""));
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> o : matching.items()) {
                String name = Trees.metaString(o, "name");
                String objectNs = Trees.metaString(o, "namespace");
                DeleteResult r = deleteLocked(type, objectNs, name, options);
                out.add(r.body().get("kind") instanceof String k && k.equals("Status") ? o : r.body());
            }
            return new ListResult(type.apiVersion(), type.listKind(), out, store.resourceVersion(), "", -1,
                    !ObjectRules.isBuiltin(type));
        });
    }

    private DeleteResult deleteLocked(ResourceType type, String ns, String name, DeleteOptions options) {
        String key = KubeStore.key(ns, name);
        Map<String, Object> object = store.bucket(type).objects.get(key);
        if (object == null) {
            throw FakeKubeException.notFound(type, name);
        }
        checkPreconditions(type, name, object, options);
        boolean namespace = ObjectRules.isNamespaces(type);
        boolean crd = ObjectRules.isCrd(type);
        if (!Trees.metaString(object, "deletionTimestamp").isEmpty()) {
            return new DeleteResult(KubeStore.present(type, object), false);
        }
        List<String> finalizers = Writes.finalizers(object);
        boolean foreground = options.propagationPolicy() == PropagationPolicy.FOREGROUND;
        boolean keep = namespace || crd || foreground || !finalizers.isEmpty();
        if (options.dryRun()) {
            if (keep) {
                Map<String, Object> shown = KubeStore.present(type, object);
                Trees.meta(shown).put("deletionTimestamp", store.timestamp());
                Trees.meta(shown).put("deletionGracePeriodSeconds", 0L);
                return new DeleteResult(shown, false);
            }
            return new DeleteResult(success(type, object), false);
        }
        String uid = Trees.metaString(object, "uid");
        if (options.propagationPolicy() == PropagationPolicy.ORPHAN) {
            orphanDependents(uid);
            object = store.bucket(type).objects.get(key);
        }
        if (!keep) {
            Map<String, Object> last = removeNow(type, key, Trees.copy(object));
            return new DeleteResult(returnsObject(type) ? KubeStore.present(type, last) : success(type, last), true);
        }
        Map<String, Object> marked = Trees.copy(object);
        Map<String, Object> meta = Trees.meta(marked);
        meta.put("deletionTimestamp", store.timestamp());
        meta.put("deletionGracePeriodSeconds", 0L);
        if (foreground && !finalizers.contains(FOREGROUND)) {
            List<Object> f = new ArrayList<>(finalizers);
            f.add(FOREGROUND);
            meta.put("finalizers", f);
        }
        if (namespace) {
            Trees.mapOrCreate(marked, "status").put("phase", "Terminating");
        }
        if (crd) {
            Crds.markTerminating(marked, store.timestamp());
        }
        marked = Writes.canonical(marked);
        meta = Trees.meta(marked);
        meta.put("resourceVersion", String.valueOf(store.nextVersion()));
        store.commitPut(type, key, object, marked);
        Map<String, Object> shown = KubeStore.present(type, marked);
        if (foreground) {
            foregroundOwners.add(new KubeStore.Ref(ObjectRules.storage(type), key));
            for (KubeStore.Ref dep : store.dependentsOf(uid)) {
                deleteDependent(dep, PropagationPolicy.FOREGROUND);
            }
        }
        if (namespace) {
            terminatingNamespaces.add(name);
            for (KubeStore.Bucket b : store.buckets()) {
                if (!b.type.namespaced()) {
                    continue;
                }
                for (String k : new ArrayList<>(b.objects.subMap(name + '\0', name + '\u0001').keySet())) {
                    deleteDependent(new KubeStore.Ref(ObjectRules.storage(b.type), k), PropagationPolicy.BACKGROUND);
                }
            }
        }
        String protection = StorageProtection.finalizerOf(type);
        if (protection != null && Writes.finalizers(marked).contains(protection)) {
            protectedStorage.add(new KubeStore.Ref(ObjectRules.storage(type), key));
        }
        if (crd) {
            terminatingCrds.add(name);
            KubeStore.Bucket b = store.bucket(Crds.storageOf(marked));
            if (b != null) {
                for (String k : new ArrayList<>(b.objects.keySet())) {
                    deleteDependent(new KubeStore.Ref(ObjectRules.storage(b.type), k), PropagationPolicy.BACKGROUND);
                }
            }
        }
        settle();
        boolean gone = store.bucket(ObjectRules.storage(type)) == null
                || !store.bucket(type).objects.containsKey(key);
        return new DeleteResult(shown, gone);
    }

    /** Whether an update left an object that is being deleted with nothing holding it. */
    static boolean finishedDeleting(ResourceType type, Map<String, Object> object) {
        if (Trees.metaString(object, "deletionTimestamp").isEmpty() || !Writes.finalizers(object).isEmpty()) {
            return false;
        }
        if (ObjectRules.isNamespaces(type)) {
            List<Object> spec = Trees.list(Trees.map(object, "spec"), "finalizers");
            return spec == null || spec.isEmpty();
        }
        return true;
    }

    /**
     * Removes an object now (its final state gets the deletion's resourceVersion), then collects its dependents
     * and finishes whatever its removal unblocks.
     *
     * @return the final state
     */
    Map<String, Object> removeNow(ResourceType type, String key, Map<String, Object> last) {
        Trees.meta(last).put("resourceVersion", String.valueOf(store.nextVersion()));
        store.commitRemove(type, key, last);
        if (ObjectRules.isCrd(type)) {
            terminatingCrds.remove(Trees.metaString(last, "name"));
            Crds.removed(store, last);
        }
        if (ObjectRules.isNamespaces(type)) {
            terminatingNamespaces.remove(Trees.metaString(last, "name"));
        }
        foregroundOwners.remove(new KubeStore.Ref(ObjectRules.storage(type), key));
        collectGarbage(Trees.metaString(last, "uid"));
        settle();
        return last;
    }

    /** Background garbage collection of the dependents of a removed owner. */
    private void collectGarbage(String ownerUid) {
        for (KubeStore.Ref dep : store.dependentsOf(ownerUid)) {
            KubeStore.Bucket b = store.bucket(dep.storage());
            Map<String, Object> o = b == null ? null : b.objects.get(dep.key());
            if (o == null) {
                continue;
            }
            boolean otherOwner = KubeStore.ownerUids(o).stream()
                    .anyMatch(u -> !u.equals(ownerUid) && store.exists(u));
            if (otherOwner) {
                stripOwner(b.type, dep.key(), o, ownerUid);
            } else {
                deleteDependent(dep, PropagationPolicy.BACKGROUND);
            }
        }
    }

    private void orphanDependents(String ownerUid) {
        for (KubeStore.Ref dep : store.dependentsOf(ownerUid)) {
            KubeStore.Bucket b = store.bucket(dep.storage());
            Map<String, Object> o = b == null ? null : b.objects.get(dep.key());
            if (o != null) {
                stripOwner(b.type, dep.key(), o, ownerUid);
            }
        }
    }

    private void stripOwner(ResourceType type, String key, Map<String, Object> object, String ownerUid) {
        Map<String, Object> next = Trees.copy(object);
        List<Object> refs = Trees.list(Trees.meta(next), "ownerReferences");
        if (refs == null) {
            return;
        }
        refs.removeIf(r -> r instanceof Map<?, ?> m && ownerUid.equals(m.get("uid")));
        if (refs.isEmpty()) {
            Trees.meta(next).remove("ownerReferences");
        }
        Trees.meta(next).put("resourceVersion", String.valueOf(store.nextVersion()));
        store.commitPut(type, key, object, next);
    }

    private void deleteDependent(KubeStore.Ref ref, PropagationPolicy policy) {
        KubeStore.Bucket b = store.bucket(ref.storage());
        Map<String, Object> o = b == null ? null : b.objects.get(ref.key());
        if (o == null || !Trees.metaString(o, "deletionTimestamp").isEmpty()) {
            return;
        }
        deleteLocked(b.type, Trees.metaString(o, "namespace"), Trees.metaString(o, "name"),
                DeleteOptions.defaults().withPropagationPolicy(policy));
    }

    /** Finishes foreground deletions, namespace terminations and CRD deletions that nothing blocks any more. */
    void settle() {
        if (settling) {
            return;
        }
        settling = true;
        try {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (KubeStore.Ref owner : new ArrayList<>(foregroundOwners)) {
                    progress |= finishForeground(owner);
                }
                for (String ns : new ArrayList<>(terminatingNamespaces)) {
                    progress |= finishNamespace(ns);
                }
                for (String crd : new ArrayList<>(terminatingCrds)) {
                    progress |= finishCrd(crd);
                }
                for (KubeStore.Ref ref : new ArrayList<>(protectedStorage)) {
                    progress |= releaseStorage(ref);
                }
            }
        } finally {
            settling = false;
        }
    }

    private boolean finishForeground(KubeStore.Ref owner) {
        KubeStore.Bucket b = store.bucket(owner.storage());
        Map<String, Object> o = b == null ? null : b.objects.get(owner.key());
        if (o == null) {
            foregroundOwners.remove(owner);
            return true;
        }
        if (!store.dependentsOf(Trees.metaString(o, "uid")).isEmpty()) {
            return false;
        }
        foregroundOwners.remove(owner);
        dropFinalizer(b.type, owner.key(), o, FOREGROUND);
        return true;
    }

    private boolean finishNamespace(String name) {
        for (KubeStore.Bucket b : store.buckets()) {
            if (b.type.namespaced() && !b.objects.subMap(name + '\0', name + '\u0001').isEmpty()) {
                return false;
            }
        }
        terminatingNamespaces.remove(name);
        ResourceType type = store.registry().require("", "v1", "namespaces");
        String key = KubeStore.key("", name);
        Map<String, Object> ns = store.bucket(type).objects.get(key);
        if (ns == null) {
            return true;
        }
        Map<String, Object> next = Trees.copy(ns);
        Trees.mapOrCreate(next, "spec").put("finalizers", new ArrayList<>());
        if (finishedDeleting(type, next)) {
            removeNow(type, key, next);
        } else {
            Trees.meta(next).put("resourceVersion", String.valueOf(store.nextVersion()));
            store.commitPut(type, key, ns, next);
        }
        return true;
    }

    private boolean finishCrd(String name) {
        ResourceType type = store.registry().require("apiextensions.k8s.io", "v1", "customresourcedefinitions");
        String key = KubeStore.key("", name);
        Map<String, Object> crd = store.bucket(type).objects.get(key);
        if (crd == null) {
            terminatingCrds.remove(name);
            return true;
        }
        KubeStore.Bucket objects = store.bucket(Crds.storageOf(crd));
        if (objects != null && !objects.objects.isEmpty()) {
            return false;
        }
        terminatingCrds.remove(name);
        dropFinalizer(type, key, crd, CrdTypes.CLEANUP_FINALIZER);
        return true;
    }

    /** Drops the protection finalizer of a claim or volume being deleted once nothing uses it. */
    private boolean releaseStorage(KubeStore.Ref ref) {
        KubeStore.Bucket b = store.bucket(ref.storage());
        Map<String, Object> o = b == null ? null : b.objects.get(ref.key());
        String finalizer = b == null ? null : StorageProtection.finalizerOf(b.type);
        if (o == null || !Writes.finalizers(o).contains(finalizer)) {
            protectedStorage.remove(ref);
            return o == null;
        }
        if (StorageProtection.inUse(store, b.type, o)) {
            return false;
        }
        protectedStorage.remove(ref);
        dropFinalizer(b.type, ref.key(), o, finalizer);
        return true;
    }

    private void dropFinalizer(ResourceType type, String key, Map<String, Object> object, String finalizer) {
        Map<String, Object> next = Trees.copy(object);
        List<Object> f = Trees.list(Trees.meta(next), "finalizers");
        if (f != null) {
            f.remove(finalizer);
            if (f.isEmpty()) {
                Trees.meta(next).remove("finalizers");
            }
        }
        if (finishedDeleting(type, next)) {
            removeNow(type, key, next);
        } else {
            Trees.meta(next).put("resourceVersion", String.valueOf(store.nextVersion()));
            store.commitPut(type, key, object, next);
        }
    }

    private static void checkPreconditions(ResourceType type, String name, Map<String, Object> object,
                                           DeleteOptions options) {
        String uid = Trees.metaString(object, "uid");
        if (!options.uidPrecondition().isEmpty() && !options.uidPrecondition().equals(uid)) {
            throw FakeKubeException.conflict(type, name, "Precondition failed: UID in precondition: "
                    + options.uidPrecondition() + ", UID in object meta: " + uid);
        }
        String rv = Trees.metaString(object, "resourceVersion");
        if (!options.resourceVersionPrecondition().isEmpty() && !options.resourceVersionPrecondition().equals(rv)) {
            throw FakeKubeException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                    + options.resourceVersionPrecondition() + ", ResourceVersion in object meta: " + rv);
        }
    }

    private static boolean returnsObject(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("pods");
    }

    private static Map<String, Object> success(ResourceType type, Map<String, Object> object) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", Trees.metaString(object, "name"));
        if (!type.group().isEmpty()) {
            details.put("group", type.group());
        }
        details.put("kind", type.plural());
        details.put("uid", Trees.metaString(object, "uid"));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", new LinkedHashMap<>());
        status.put("status", "Success");
        status.put("details", details);
        return status;
    }
}

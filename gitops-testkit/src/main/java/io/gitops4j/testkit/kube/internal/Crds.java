package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store side of CustomResourceDefinitions: the cleanup finalizer and status on create/update, registering
 * the served types (and their schemas for server-side apply) when a CRD is stored, and removing them with its
 * objects when it goes. Call under the store's write lock.
 */
final class Crds {

    private Crds() {
    }

    /** Storage key ("group/plural") of a CRD's custom resources. */
    static String storageOf(Map<String, Object> crd) {
        Map<String, Object> spec = Trees.map(crd, "spec");
        return Trees.string(spec, "group") + "/" + Trees.string(Trees.map(spec, "names"), "plural");
    }

    static void prepareCreate(KubeStore store, Map<String, Object> crd) {
        List<Object> finalizers = Trees.list(Trees.meta(crd), "finalizers");
        List<Object> f = finalizers == null ? new ArrayList<>() : new ArrayList<>(finalizers);
        if (!f.contains(CrdTypes.CLEANUP_FINALIZER)) {
            f.add(CrdTypes.CLEANUP_FINALIZER);
        }
        Trees.meta(crd).put("finalizers", f);
        establish(store, crd);
    }

    static void prepareUpdate(KubeStore store, Map<String, Object> crd) {
        if (Trees.metaString(crd, "deletionTimestamp").isEmpty()) {
            establish(store, crd);
        }
    }

    private static void establish(KubeStore store, Map<String, Object> crd) {
        String conflict = conflict(store, crd);
        CrdTypes.establish(crd, store.timestamp(), conflict.isEmpty(), conflict);
    }

    /** A name conflict with a type served by something else than this CRD, or "". */
    private static String conflict(KubeStore store, Map<String, Object> crd) {
        Map<String, Object> spec = Trees.map(crd, "spec");
        Map<String, Object> names = Trees.map(spec, "names");
        String group = Trees.string(spec, "group");
        String plural = Trees.string(names, "plural");
        String kind = Trees.string(names, "kind");
        for (ResourceType t : store.registry().types()) {
            if (!t.group().equals(group)) {
                continue;
            }
            boolean builtin = ObjectRules.isBuiltin(t);
            if (builtin && t.plural().equals(plural)) {
                return "\"" + plural + "\" is already in use";
            }
            if (!t.plural().equals(plural) && t.kind().equals(kind)) {
                return "\"" + kind + "\" is already in use";
            }
        }
        return "";
    }

    static void markTerminating(Map<String, Object> crd, String now) {
        Map<String, Object> status = Trees.mapOrCreate(crd, "status");
        List<Object> conditions = Trees.list(status, "conditions");
        List<Object> next = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
        next.removeIf(c -> c instanceof Map<?, ?> m && "Terminating".equals(m.get("type")));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "Terminating");
        c.put("status", "True");
        c.put("lastTransitionTime", now);
        c.put("reason", "InstanceDeletionInProgress");
        c.put("message", "CustomResource deletion is in progress");
        next.add(c);
        status.put("conditions", next);
    }

    /** A CRD was stored: serve its types (when its names are accepted). */
    static void changed(KubeStore store, Map<String, Object> crd) {
        List<ResourceType> types = accepted(crd) ? CrdTypes.typesOf(crd) : List.of();
        if (!types.isEmpty()) {
            store.addBucket(types.get(0));
        }
        store.ownership().typesChanged(store.crds());
        Map<String, Object> spec = Trees.map(crd, "spec");
        String group = Trees.string(spec, "group");
        String plural = Trees.string(Trees.map(spec, "names"), "plural");
        store.afterUnlock(() -> store.registry().replace(group, plural, types));
    }

    /** A CRD was removed: its objects are already gone; stop serving its types. */
    static void removed(KubeStore store, Map<String, Object> crd) {
        if (!accepted(crd)) {
            return;
        }
        List<ResourceType> types = CrdTypes.typesOf(crd);
        if (!types.isEmpty() && !ObjectRules.isBuiltin(types.get(0))) {
            store.removeBucket(types.get(0));
        }
        store.ownership().typesChanged(store.crds());
        Map<String, Object> spec = Trees.map(crd, "spec");
        String group = Trees.string(spec, "group");
        String plural = Trees.string(Trees.map(spec, "names"), "plural");
        store.afterUnlock(() -> store.registry().unregister(group, plural));
    }

    private static boolean accepted(Map<String, Object> crd) {
        List<Object> conditions = Trees.list(Trees.map(crd, "status"), "conditions");
        if (conditions == null) {
            return false;
        }
        return conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m && "Established".equals(m.get("type"))
                && "True".equals(m.get("status")));
    }
}

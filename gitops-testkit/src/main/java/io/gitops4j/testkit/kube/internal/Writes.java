package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.PatchType;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.kube.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Create, update (PUT) and patch (all four patch types, subresources included) on the store, with the real server's
 * order of checks: request shape (400), namespace lifecycle (404/403), validation (422), existence and optimistic
 * concurrency (409), then ownership (managedFields) and the no-op check that keeps resourceVersion still.
 */
final class Writes {

    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final List<String> META_ORDER = List.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    private final KubeStore store;

    Writes(KubeStore store) {
        this.store = store;
    }

    // ------------------------------------------------------------------------------------------------ create

    WriteResult create(ResourceType type, String namespace, Map<String, Object> body, WriteOptions options) {
        String ns = KubeStore.namespaceFor(type, namespace, true);
        Map<String, Object> object = Trees.copy(Objects.requireNonNull(body, "body"));
        checkTypeMeta(type, object, false);
        checkBodyNamespace(type, ns, object);
        List<String> warnings = validateFields(type, object, options);
        return store.write(() -> {
            Map<String, Object> created = createLocked(type, ns, object, options, false);
            return new WriteResult(store.shown(type, created), true, warnings);
        });
    }

    private Map<String, Object> createLocked(ResourceType type, String ns, Map<String, Object> object,
                                             WriteOptions options, boolean applied) {
        Map<String, Object> meta = Trees.meta(object);
        if (type.namespaced()) {
            checkNamespaceOpen(type, ns, Trees.string(meta, "name"));
        }
        KubeStore.Bucket bucket = store.bucket(type);
        String name = Trees.string(meta, "name");
        String generateName = Trees.string(meta, "generateName");
        if (name.isEmpty() && !generateName.isEmpty()) {
            String base = generateName.length() > 58 ? generateName.substring(0, 58) : generateName;
            do {
                StringBuilder b = new StringBuilder(base);
                for (int i = 0; i < 5; i++) {
                    b.append(NAME_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(NAME_ALPHABET.length())));
                }
                name = b.toString();
            } while (bucket.objects.containsKey(KubeStore.key(ns, name)));
            meta.put("name", name);
        }
        ObjectRules.prepareCreate(type, object);
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", store.timestamp());
        if (type.namespaced()) {
            meta.put("namespace", ns);
        } else {
            meta.remove("namespace");
        }
        if (ObjectRules.tracksGeneration(type)) {
            meta.put("generation", 1L);
        } else {
            meta.remove("generation");
        }
        ObjectValidator.validate(type, object);
        ObjectRules.validateSpec(type, null, object);
        if (ObjectRules.isCrd(type)) {
            CrdTypes.validate(type, object);
        }
        String key = KubeStore.key(ns, name);
        if (bucket.objects.containsKey(key)) {
            throw FakeKubeException.alreadyExists(type, name);
        }
        Map<String, Object> result = applied ? object
                : store.ownership().update(type, null, object, options.effectiveManager(), "", store.now());
        ObjectRules.resetStatus(type, result);
        CreateAdmission.admit(store, type, result);
        if (ObjectRules.isCrd(type)) {
            Crds.prepareCreate(store, result);
        }
        if (!options.dryRun()) {
            Trees.meta(result).put("resourceVersion", "");
        }
        result = canonical(result);
        if (options.dryRun()) {
            return result;
        }
        Trees.meta(result).put("resourceVersion", String.valueOf(store.nextVersion()));
        store.commitPut(type, key, null, result);
        if (ObjectRules.isCrd(type)) {
            Crds.changed(store, result);
        }
        if (ObjectRules.isNamespaces(type) && store.namespaceDefaults()) {
            WriteOptions controller = WriteOptions.defaults().withFieldManager(NamespaceContents.CONTROLLER_MANAGER);
            for (NamespaceContents.Seed seed : NamespaceContents.of(name)) {
                createLocked(store.registry().require("", "v1", seed.plural()), name, seed.body(), controller,
                        false);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------ update

    WriteResult update(ResourceType type, String namespace, String name, String subresource,
                       Map<String, Object> body, WriteOptions options) {
        String ns = KubeStore.namespaceFor(type, namespace, true);
        KubeStore.checkSubresource(type, subresource);
        Map<String, Object> object = Trees.copy(Objects.requireNonNull(body, "body"));
        checkBody(type, ns, name, subresource, object);
        List<String> warnings = subresource.equals("scale") ? List.of() : validateFields(type, object, options);
        return store.write(() -> result(type, subresource,
                updateLocked(type, ns, name, subresource, object, options, false), warnings));
    }

    private WriteResult result(ResourceType type, String subresource, Map<String, Object> object,
                               List<String> warnings) {
        Map<String, Object> shown = subresource.equals("scale") ? Scales.view(store, type, object)
                : store.shown(type, object);
        return new WriteResult(shown, false, warnings);
    }

    /**
     * {@code fieldValidation}: Strict fails with 400 on fields the schema does not declare; Warn (the server's
     * default) and Ignore drop them, Warn reporting each as a warning.
     */
    private List<String> validateFields(ResourceType type, Map<String, Object> object, WriteOptions options) {
        String mode = options.fieldValidation().isEmpty() ? "Warn" : options.fieldValidation();
        if (!mode.equals("Strict") && !mode.equals("Warn") && !mode.equals("Ignore")) {
            throw FakeKubeException.badRequest("fieldValidation: Unsupported value: \"" + mode
                    + "\": supported values: \"Ignore\", \"Warn\", \"Strict\"");
        }
        List<String> unknown = store.ownership().unknownFields(type, object, !mode.equals("Strict"));
        if (unknown.isEmpty() || mode.equals("Ignore")) {
            return List.of();
        }
        List<String> messages = new ArrayList<>();
        unknown.forEach(p -> messages.add("unknown field \"" + p + "\""));
        if (mode.equals("Strict")) {
            throw FakeKubeException.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
                    + String.join(", ", messages));
        }
        return messages;
    }

    /** Server-side apply fails on fields outside the schema whatever the field validation asks for. */
    private void checkAppliedFields(ResourceType type, String ns, String name, Map<String, Object> config) {
        List<String> unknown = store.ownership().unknownFields(type, config, false); // only looks
        if (!unknown.isEmpty()) {
            String gvk = (type.group().isEmpty() ? "" : type.group()) + "/" + type.version() + ", Kind="
                    + type.kind();
            List<String> lines = new ArrayList<>();
            unknown.forEach(p -> lines.add("." + p + ": field not declared in schema"));
            throw FakeKubeException.badRequest("failed to create typed patch object (" + ns + "/" + name + "; "
                    + gvk + "): " + String.join("\n", lines));
        }
    }

    private Map<String, Object> updateLocked(ResourceType type, String ns, String name, String subresource,
                                             Map<String, Object> body, WriteOptions options, boolean applied) {
        String key = KubeStore.key(ns, name);
        Map<String, Object> old = store.bucket(type).objects.get(key);
        if (old == null) {
            throw FakeKubeException.notFound(type, name);
        }
        String bodyVersion = Trees.metaString(body, "resourceVersion");
        if (!bodyVersion.isEmpty() && !bodyVersion.equals(Trees.metaString(old, "resourceVersion"))) {
            throw FakeKubeException.modified(type, name);
        }
        Map<String, Object> next;
        switch (subresource) {
            case "status" -> next = ObjectRules.statusUpdate(old, body);
            case "scale" -> next = Scales.apply(store, type, old, body);
            default -> {
                next = body;
                keepSystemMeta(type, old, next);
                ObjectRules.prepareUpdate(type, old, next);
            }
        }
        return finish(type, key, old, next, options, subresource, applied);
    }

    private Map<String, Object> finish(ResourceType type, String key, Map<String, Object> old,
                                       Map<String, Object> next, WriteOptions options, String subresource,
                                       boolean applied) {
        Map<String, Object> meta = Trees.meta(next);
        meta.put("resourceVersion", Trees.metaString(old, "resourceVersion"));
        ObjectValidator.validate(type, next);
        if (!subresource.equals("status")) {
            ObjectRules.validateSpec(type, old, next);
            QuotaAdmission.admitUpdate(store, type, old, next);
        }
        checkFinalizers(type, old, next);
        if (ObjectRules.isCrd(type)) {
            CrdTypes.validate(type, next);
        }
        if (ObjectRules.tracksGeneration(type)) {
            Object g = Trees.path(old, "metadata.generation");
            long generation = g instanceof Number n ? n.longValue() : 1L;
            meta.put("generation", ObjectRules.specChanged(type, old, next) ? generation + 1 : generation);
        }
        Map<String, Object> result = next;
        if (!applied) {
            String manager = options.effectiveManager();
            result = store.ownership().update(type, old, next, manager, subresource, store.now());
        }
        if (ObjectRules.isCrd(type) && subresource.isEmpty()) {
            Crds.prepareUpdate(store, result);
        }
        result = canonical(result);
        boolean same = sameIgnoringTimes(old, result);
        if (same || options.dryRun()) {
            return same ? old : result;
        }
        if (Deletes.finishedDeleting(type, result)) {
            return store.deletes().removeNow(type, key, result);
        }
        Trees.meta(result).put("resourceVersion", String.valueOf(store.nextVersion()));
        store.commitPut(type, key, old, result);
        if (ObjectRules.isCrd(type)) {
            Crds.changed(store, result);
        }
        if (!Trees.metaString(result, "deletionTimestamp").isEmpty()
                || subresource.equals("status") && ObjectRules.storage(type).equals("/pods")) {
            store.deletes().settle(); // a Pod that finished may free the claim it held
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------ patch

    WriteResult patch(ResourceType type, String namespace, String name, String subresource, PatchType patchType,
                      String patch, WriteOptions options) {
        String ns = KubeStore.namespaceFor(type, namespace, true);
        KubeStore.checkSubresource(type, subresource);
        checkPatchOptions(patchType, options);
        if (patchType == PatchType.STRATEGIC && !ObjectRules.isBuiltin(type)) {
            throw FakeKubeException.unsupportedMediaType("the body of the request was in an unknown format - "
                    + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml");
        }
        Map<String, Object> config = patchType == PatchType.APPLY ? Patches.parseApplyBody(patch) : null;
        Map<String, Object> mergePatch = patchType == PatchType.MERGE || patchType == PatchType.STRATEGIC
                ? Patches.parseJsonObject(patch) : null;
        if (config != null) {
            checkTypeMeta(type, config, true);
            checkName(type, name, subresource, config);
            checkBodyNamespace(type, ns, config);
            checkAppliedFields(type, ns, name, config);
        }
        return store.write(() -> {
            String key = KubeStore.key(ns, name);
            Map<String, Object> old = store.bucket(type).objects.get(key);
            if (patchType == PatchType.APPLY) {
                return applyLocked(type, ns, name, subresource, old, config, options);
            }
            if (old == null) {
                throw FakeKubeException.notFound(type, name);
            }
            Map<String, Object> base = subresource.equals("scale") ? Scales.view(store, type, old)
                    : KubeStore.present(type, old);
            Map<String, Object> patched = switch (patchType) {
                case JSON -> Patches.jsonPatch(base, patch);
                case MERGE -> Patches.mergePatch(base, mergePatch);
                default -> store.ownership().strategicMerge(type, base, mergePatch);
            };
            checkBody(type, ns, name, subresource, patched);
            List<String> warnings = subresource.equals("scale") ? List.of() : validateFields(type, patched, options);
            return result(type, subresource, updateLocked(type, ns, name, subresource, patched, options, false),
                    warnings);
        });
    }

    private WriteResult applyLocked(ResourceType type, String ns, String name, String subresource,
                                    Map<String, Object> old, Map<String, Object> config, WriteOptions options) {
        String manager = options.fieldManager();
        if (old == null) {
            if (!subresource.isEmpty()) {
                throw FakeKubeException.notFound(type, name);
            }
            Map<String, Object> merged = store.ownership().apply(type, null, config, manager, options.force(), "",
                    store.now());
            Map<String, Object> created = createLocked(type, ns, merged, options, true);
            return new WriteResult(KubeStore.present(type, created), true, List.of());
        }
        String bodyVersion = Trees.metaString(config, "resourceVersion");
        if (!bodyVersion.isEmpty() && !bodyVersion.equals(Trees.metaString(old, "resourceVersion"))) {
            throw FakeKubeException.modified(type, name);
        }
        Map<String, Object> merged = store.ownership().apply(type, old, config, manager, options.force(),
                subresource, store.now());
        Map<String, Object> next;
        if (subresource.equals("status")) {
            next = ObjectRules.statusUpdate(old, merged);
        } else {
            next = merged;
            keepSystemMeta(type, old, next);
            ObjectRules.prepareUpdate(type, old, next);
        }
        String key = KubeStore.key(ns, name);
        return result(type, subresource, finish(type, key, old, next, options, subresource, true), List.of());
    }

    // ------------------------------------------------------------------------------------------------ checks

    private static void checkPatchOptions(PatchType patchType, WriteOptions options) {
        List<Map<String, Object>> causes = new ArrayList<>();
        if (patchType != PatchType.APPLY && options.force()) {
            causes.add(FakeKubeException.cause("FieldValueForbidden",
                    "Forbidden: may not be specified for non-apply patch", "force"));
        }
        if (patchType == PatchType.APPLY && options.fieldManager().isEmpty()) {
            causes.add(ObjectValidator.required("fieldManager", "is required for apply patch"));
        }
        if (options.fieldManager().length() > 128) {
            causes.add(FakeKubeException.cause("FieldValueTooLong", "Too long: may not be more than 128 bytes",
                    "fieldManager"));
        }
        if (!causes.isEmpty()) {
            ResourceType patchOptions = new ResourceType("meta.k8s.io", "v1", "patchoptions", "patchoptions",
                    "PatchOptions", false, null, null, null, null, null, null);
            throw FakeKubeException.invalid(patchOptions, "", causes);
        }
    }

    private void checkNamespaceOpen(ResourceType type, String ns, String name) {
        ResourceType nsType = store.registry().require("", "v1", "namespaces");
        Map<String, Object> namespace = store.bucket(nsType).objects.get(KubeStore.key("", ns));
        if (namespace == null) {
            throw FakeKubeException.notFound("", "namespaces", ns);
        }
        if (!Trees.metaString(namespace, "deletionTimestamp").isEmpty()) {
            throw FakeKubeException.forbidden(type, name, type.groupResource() + " \"" + name + "\" is forbidden: "
                    + "unable to create new content in namespace " + ns + " because it is being terminated",
                    List.of(FakeKubeException.cause("NamespaceTerminating", "namespace " + ns
                            + " is being terminated", "metadata.namespace")));
        }
    }

    private static void checkTypeMeta(ResourceType type, Map<String, Object> object, boolean required) {
        String apiVersion = Trees.string(object, "apiVersion");
        String kind = Trees.string(object, "kind");
        if (required && kind.isEmpty()) {
            throw FakeKubeException.badRequest("Object 'Kind' is missing in the apply configuration");
        }
        if (required && apiVersion.isEmpty()) {
            throw FakeKubeException.badRequest("Object 'apiVersion' is missing in the apply configuration");
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw FakeKubeException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw FakeKubeException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", type.apiVersion());
        out.put("kind", type.kind());
        out.putAll(object);
        object.clear();
        object.putAll(out);
        object.put("apiVersion", type.apiVersion());
        object.put("kind", type.kind());
    }

    private static void checkBody(ResourceType type, String ns, String name, String subresource,
                                  Map<String, Object> object) {
        if (!subresource.equals("scale")) {
            checkTypeMeta(type, object, false);
        }
        checkName(type, name, subresource, object);
        if (!subresource.equals("scale")) {
            checkBodyNamespace(type, ns, object);
        }
    }

    private static void checkName(ResourceType type, String name, String subresource, Map<String, Object> object) {
        String bodyName = Trees.metaString(object, "name");
        if (bodyName.isEmpty()) {
            Trees.meta(object).put("name", name);
        } else if (!bodyName.equals(name)) {
            throw FakeKubeException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
    }

    private static void checkBodyNamespace(ResourceType type, String ns, Map<String, Object> object) {
        if (!type.namespaced()) {
            Map<String, Object> meta = Trees.map(object, "metadata");
            if (meta != null) {
                meta.remove("namespace");
            }
            return;
        }
        String bodyNs = Trees.metaString(object, "namespace");
        if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
            throw FakeKubeException.badRequest("the namespace of the provided object does not match the namespace "
                    + "sent on the request");
        }
    }

    private static void keepSystemMeta(ResourceType type, Map<String, Object> old, Map<String, Object> next) {
        Map<String, Object> meta = Trees.meta(next);
        Map<String, Object> oldMeta = Trees.map(old, "metadata");
        String uid = Trees.string(meta, "uid");
        if (!uid.isEmpty() && !uid.equals(Trees.string(oldMeta, "uid"))) {
            throw FakeKubeException.invalid(type, Trees.string(oldMeta, "name"),
                    List.of(ObjectValidator.invalid("metadata.uid", uid, "field is immutable")));
        }
        for (String k : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation", "namespace", "generateName")) {
            if (oldMeta.containsKey(k)) {
                meta.put(k, oldMeta.get(k));
            } else {
                meta.remove(k);
            }
        }
        meta.remove("selfLink");
    }

    private static void checkFinalizers(ResourceType type, Map<String, Object> old, Map<String, Object> next) {
        if (Trees.metaString(old, "deletionTimestamp").isEmpty()) {
            return;
        }
        List<String> before = finalizers(old);
        for (String f : finalizers(next)) {
            if (!before.contains(f)) {
                throw FakeKubeException.invalid(type, Trees.metaString(old, "name"), List.of(FakeKubeException.cause(
                        "FieldValueForbidden", "Forbidden: no new finalizers can be added if the object is being "
                                + "deleted, found new finalizers []string{\"" + f + "\"}", "metadata.finalizers")));
            }
        }
    }

    static List<String> finalizers(Map<String, Object> object) {
        List<Object> raw = Trees.list(Trees.map(object, "metadata"), "finalizers");
        List<String> out = new ArrayList<>();
        if (raw != null) {
            raw.forEach(f -> out.add(String.valueOf(f)));
        }
        return out;
    }

    /** The object with apiVersion, kind, metadata first and metadata fields in the API server's order. */
    static Map<String, Object> canonical(Map<String, Object> object) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("apiVersion", "kind")) {
            if (object.containsKey(k)) {
                out.put(k, object.get(k));
            }
        }
        Map<String, Object> meta = Trees.map(object, "metadata");
        if (meta != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : META_ORDER) {
                if (meta.containsKey(k)) {
                    m.put(k, meta.get(k));
                }
            }
            meta.forEach(m::putIfAbsent);
            List<Object> finalizers = Trees.list(m, "finalizers");
            if (finalizers != null && finalizers.isEmpty()) {
                m.remove("finalizers");
            }
            out.put("metadata", m);
        }
        object.forEach(out::putIfAbsent);
        return out;
    }

    /** True when both objects are equal except for the {@code time} of their managedFields entries. */
    private static boolean sameIgnoringTimes(Map<String, Object> a, Map<String, Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            Object other = b.get(e.getKey());
            boolean same = e.getKey().equals("metadata") && e.getValue() instanceof Map<?, ?> m
                    && other instanceof Map<?, ?> n ? sameMetaIgnoringTimes(m, n)
                    : Objects.equals(e.getValue(), other) && (other != null || b.containsKey(e.getKey()));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameMetaIgnoringTimes(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<?, ?> e : a.entrySet()) {
            Object other = b.get(e.getKey());
            if (e.getKey().equals("managedFields") && e.getValue() instanceof List<?> x && other instanceof List<?> y) {
                if (!sameEntriesIgnoringTimes(x, y)) {
                    return false;
                }
            } else if (!Objects.equals(e.getValue(), other) || (other == null && !b.containsKey(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameEntriesIgnoringTimes(List<?> x, List<?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) instanceof Map<?, ?> p && y.get(i) instanceof Map<?, ?> q) {
                if (p.size() - (p.containsKey("time") ? 1 : 0) != q.size() - (q.containsKey("time") ? 1 : 0)) {
                    return false;
                }
                for (Map.Entry<?, ?> e : p.entrySet()) {
                    if (!e.getKey().equals("time") && (!Objects.equals(e.getValue(), q.get(e.getKey()))
                            || (e.getValue() == null && !q.containsKey(e.getKey())))) {
                        return false;
                    }
                }
            } else if (!Objects.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }
}

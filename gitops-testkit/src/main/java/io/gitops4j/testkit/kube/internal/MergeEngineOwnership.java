package io.gitops4j.testkit.kube.internal;

import io.gitops4j.core.merge.ApplyConflictException;
import io.gitops4j.core.merge.ApplyRequest;
import io.gitops4j.core.merge.BuiltInSchemas;
import io.gitops4j.core.merge.Conflict;
import io.gitops4j.core.merge.CrdSchemas;
import io.gitops4j.core.merge.FieldScope;
import io.gitops4j.core.merge.MergeException;
import io.gitops4j.core.merge.SchemaRegistry;
import io.gitops4j.core.merge.ServerSideApply;
import io.gitops4j.core.merge.StrategicMergePatch;
import io.gitops4j.core.merge.TypeSchema;
import io.gitops4j.core.merge.UnsupportedPatchException;
import io.gitops4j.core.merge.UpdateRequest;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ResourceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FieldOwnership} through the structured-merge engine of gitops-core: built-in kinds use its v1.33 schemas,
 * custom resources the schema of their CRD, anything else is untyped. Engine errors become Status errors
 * (409 for apply conflicts, 415 for strategic merge without a schema, 400/422 for malformed input).
 * Thread-safe: the CRD schema registry is swapped atomically.
 */
final class MergeEngineOwnership implements FieldOwnership {

    private final ServerSideApply engine = new ServerSideApply();
    private volatile SchemaRegistry crdSchemas = SchemaRegistry.empty();

    @Override
    public Map<String, Object> apply(ResourceType type, Map<String, Object> live, Map<String, Object> config,
                                     String manager, boolean force, String subresource, Instant now) {
        ApplyRequest request = new ApplyRequest(manager, force, type.apiVersion(), now, scope(type, subresource),
                subresource);
        try {
            return engine.apply(live, config, request, schema(type)).object();
        } catch (ApplyConflictException e) {
            List<Map<String, Object>> causes = new ArrayList<>();
            for (Conflict c : e.conflicts()) {
                causes.add(FakeKubeException.cause("FieldManagerConflict", c.message(), c.field()));
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", Trees.metaString(live, "name"));
            if (!type.group().isEmpty()) {
                details.put("group", type.group());
            }
            details.put("kind", type.plural());
            details.put("causes", causes);
            throw new FakeKubeException(409, "Conflict", e.getMessage(), details);
        } catch (MergeException e) {
            throw FakeKubeException.badRequest(e.getMessage());
        }
    }

    @Override
    public Map<String, Object> update(ResourceType type, Map<String, Object> live, Map<String, Object> updated,
                                      String manager, String subresource, Instant now) {
        UpdateRequest request = new UpdateRequest(manager, type.apiVersion(), now, scope(type, subresource),
                subresource);
        try {
            return engine.updateTaking(live, updated, request, schema(type)).object();
        } catch (MergeException e) {
            throw FakeKubeException.badRequest(e.getMessage());
        }
    }

    @Override
    public Map<String, Object> strategicMerge(ResourceType type, Map<String, Object> live,
                                              Map<String, Object> patch) {
        try {
            return StrategicMergePatch.apply(live, patch, schema(type));
        } catch (UnsupportedPatchException e) {
            throw FakeKubeException.unsupportedMediaType(e.getMessage());
        } catch (MergeException e) {
            throw FakeKubeException.badRequest(e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw FakeKubeException.unsupportedMediaType("strategic merge patch is not available: " + e.getMessage());
        }
    }

    @Override
    public List<String> unknownFields(ResourceType type, Map<String, Object> object, boolean drop) {
        return UnknownFields.find(object, schema(type), drop);
    }

    @Override
    public void typesChanged(List<Map<String, Object>> crds) {
        SchemaRegistry next = SchemaRegistry.empty();
        for (Map<String, Object> crd : crds) {
            try {
                next = next.orElse(CrdSchemas.registry(crd));
            } catch (RuntimeException | LinkageError e) {
                // a CRD whose schema the engine cannot read (or built-in schemas missing): merged untyped
            }
        }
        crdSchemas = next;
    }

    private TypeSchema schema(ResourceType type) {
        if (ObjectRules.isBuiltin(type)) {
            try {
                return BuiltInSchemas.registry().find(type.apiVersion(), type.kind()).orElse(TypeSchema.UNTYPED);
            } catch (RuntimeException | LinkageError e) {
                return TypeSchema.UNTYPED;
            }
        }
        return crdSchemas.find(type.apiVersion(), type.kind()).orElse(TypeSchema.UNTYPED);
    }

    private static FieldScope scope(ResourceType type, String subresource) {
        if (subresource.equals("status")) {
            return FieldScope.only("status");
        }
        return type.hasStatus() ? FieldScope.ignoring("status") : FieldScope.all();
    }
}

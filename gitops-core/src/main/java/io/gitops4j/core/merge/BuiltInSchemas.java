package io.gitops4j.core.merge;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Schemas of the Kubernetes 1.33 built-in kinds, derived from the upstream OpenAPI v3 documents (see
 * {@code README.md} beside the resource for provenance and how to regenerate it).
 *
 * <p>The resource is read once per JVM, on first use; thread-safe.
 */
public final class BuiltInSchemas {

    /** Classpath location of the generated schema resource. */
    public static final String RESOURCE = "/io/gitops4j/core/merge/k8s-1.33-schemas.json.gz";

    private BuiltInSchemas() {
    }

    /** The registry of built-in kinds, keyed by apiVersion and kind (e.g. {@code apps/v1}, {@code Deployment}). */
    public static SchemaRegistry registry() {
        return Holder.REGISTRY;
    }

    /** The schema of {@code ObjectMeta} (used to type the metadata of custom resources). */
    public static TypeSchema objectMeta() {
        return Holder.OBJECT_META;
    }

    private static final class Holder {
        static final Map<String, TypeSchema> BY_KEY = load();
        static final SchemaRegistry REGISTRY = (apiVersion, kind) ->
                Optional.ofNullable(BY_KEY.get(SchemaRegistry.key(apiVersion, kind)));
        static final TypeSchema OBJECT_META = BY_KEY.get("v1/ConfigMap").fieldType("metadata")
                .orElse(TypeSchema.UNTYPED);

        private static Map<String, TypeSchema> load() {
            try (InputStream raw = BuiltInSchemas.class.getResourceAsStream(RESOURCE)) {
                if (raw == null) {
                    throw new IllegalStateException("missing classpath resource " + RESOURCE);
                }
                Map<String, Object> doc = new ObjectMapper().readValue(new GZIPInputStream(raw),
                        new TypeReference<Map<String, Object>>() { });
                return SchemaReader.read(doc);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}

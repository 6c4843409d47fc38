package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.resource.Manifest;

/**
 * Size checks on rendered objects (RD-03): any object over {@link YamlLimits#maxObjectBytes()} and a ConfigMap or
 * Secret over {@link YamlLimits#maxConfigObjectBytes()} are "too large" before anything is applied. Sizes are those of
 * the canonical JSON. Stateless.
 */
final class ObjectSizes {
    private ObjectSizes() {}

    /** @throws RenderException with reason {@link Reason#LIMIT} naming the object (never its content) */
    static void check(Manifest manifest, YamlLimits limits) {
        int size = manifest.canonicalJson().length();
        String kind = manifest.kind();
        boolean config = manifest.apiVersion().equals("v1") && (kind.equals("ConfigMap") || kind.equals("Secret"));
        int limit = config ? limits.maxConfigObjectBytes() : limits.maxObjectBytes();
        if (size > limit) {
            throw new RenderException(Reason.LIMIT, manifest.origin().file(), 0, kind + " " + manifest.name()
                    + " too large: " + size + " bytes, the limit is " + limit, null);
        }
    }
}

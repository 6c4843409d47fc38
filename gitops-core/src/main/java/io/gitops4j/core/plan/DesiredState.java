package io.gitops4j.core.plan;

import io.gitops4j.api.Application;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a rendered set concrete for one Application: namespaced objects without a namespace get the
 * Application's target namespace, cluster-scoped objects lose any namespace, and every object is marked with the
 * tracking label.
 */
public final class DesiredState {
    private DesiredState() {}

    /**
     * @throws RenderException naming the origin when a namespaced object has no namespace and the Application has
     *     no target namespace
     */
    public static ManifestSet of(Application app, ManifestSet rendered) {
        Scopes scopes = Scopes.of(rendered);
        List<Manifest> out = new ArrayList<>(rendered.size());
        for (Manifest m : rendered) {
            Manifest placed = m;
            if (scopes.isClusterScoped(m.groupKind())) {
                placed = m.namespace().isEmpty() ? m : m.withNamespace("");
            } else if (m.namespace().isEmpty()) {
                if (app.targetNamespace().isEmpty()) {
                    throw new RenderException(m.origin().file(), 0, m.kind() + " " + m.name()
                            + " has no namespace and the Application sets no target namespace", null);
                }
                placed = m.withNamespace(app.targetNamespace());
            }
            out.add(Tracking.mark(placed, app.name()));
        }
        return ManifestSet.of(out);
    }
}

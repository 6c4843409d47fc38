package io.gitops4j.core.plan;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.target.LiveObject;
import java.util.Optional;

/**
 * How the engine marks the objects an Application owns: the label {@value #APPLICATION_LABEL} with the
 * Application's name. Prune and adoption read it to refuse objects another Application claims (PR-05, PR-06).
 */
public final class Tracking {
    /** The label naming the owning Application. */
    public static final String APPLICATION_LABEL = "gitops4j.io/application";

    private Tracking() {}

    /** @return the manifest labelled as owned by {@code application} */
    public static Manifest mark(Manifest manifest, String application) {
        return manifest.withLabel(APPLICATION_LABEL, application);
    }

    /** @return the Application a live object claims to belong to, if it carries the label */
    public static Optional<String> owner(LiveObject live) {
        return Optional.ofNullable(live.manifest().labels().get(APPLICATION_LABEL));
    }
}

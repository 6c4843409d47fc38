package io.gitops4j.core.merge;

import java.util.List;

/** Version conversion is out of the model's reach: strict mode refuses managers recorded at another version. */
final class Versions {

    private Versions() {
    }

    static void requireSame(List<ManagedFieldsEntry> entries, String apiVersion) {
        for (ManagedFieldsEntry e : entries) {
            if (!e.apiVersion().isEmpty() && !e.apiVersion().equals(apiVersion)) {
                throw new UnsupportedMergeException("manager " + e.describe() + " owns fields at " + e.apiVersion()
                        + " but the request uses " + apiVersion + ": version conversion is not supported");
            }
        }
    }
}

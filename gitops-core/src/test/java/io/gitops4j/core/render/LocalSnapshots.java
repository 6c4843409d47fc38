package io.gitops4j.core.render;

import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.source.LocalDirectorySource;
import java.nio.file.Path;

/** Opens a directory as a snapshot with the core's real {@link LocalDirectorySource}, as the engine would. */
final class LocalSnapshots {
    private LocalSnapshots() {}

    /** @return a snapshot of the directory as it is now; the caller closes it */
    static Snapshot open(Path dir) {
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec spec = SourceSpec.local(dir);
        return source.open(spec, source.resolve(spec));
    }
}

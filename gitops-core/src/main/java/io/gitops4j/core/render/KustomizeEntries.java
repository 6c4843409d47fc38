package io.gitops4j.core.render;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one entry of a kustomization means on disk: inline YAML or a path, where the path leads, and what is there.
 * Every refusal is a {@link KustomizeRefusal} whose message names the field and the entry; {@link
 * KustomizationScanner} turns it into a render error naming the kustomization file. Stateless.
 */
final class KustomizeEntries {
    private KustomizeEntries() {}

    /**
     * Resolves a path entry against the directory of the kustomization that holds it, checking the text itself the
     * way kustomize joins and cleans it (Go's {@code filepath.Join}), so an entry is confined whether or not it
     * exists and whatever else it could be read as.
     *
     * @return the repo-relative path; empty for a name no snapshot can hold (a backslash, a control character),
     *     which kustomize will not find either
     * @throws KustomizeRefusal for an absolute path or one that leaves the repository
     */
    static Optional<String> resolve(KustomizeReference ref, String directory) {
        String entry = ref.entry();
        if (entry.startsWith("/")) {
            throw new KustomizeRefusal(described(ref) + " is an absolute path; entries must stay inside the "
                    + "repository");
        }
        if (leavesRoot(directory, entry)) {
            throw new KustomizeRefusal(described(ref) + " leaves the repository");
        }
        try {
            return Optional.of(SnapshotPaths.resolve(directory, entry));
        } catch (SourceException e) {
            return Optional.empty();
        }
    }

    /**
     * @return {@link FileEntry.Type#FILE} or {@link FileEntry.Type#DIRECTORY} after following links in the tree, or
     *     empty when nothing is there
     * @throws KustomizeRefusal when a link on the way leaves the tree
     */
    static Optional<FileEntry.Type> typeOf(Snapshot snapshot, String path, KustomizeReference ref) {
        try {
            Optional<FileEntry> entry = snapshot.stat(path);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            if (entry.get().type() != FileEntry.Type.SYMLINK) {
                return Optional.of(entry.get().type());
            }
            if (!snapshot.exists(path)) {
                return Optional.empty();
            }
            return Optional.of(snapshot.list(path).isEmpty() ? FileEntry.Type.FILE : FileEntry.Type.DIRECTORY);
        } catch (SourceException e) {
            if (e.reason() != SourceException.Reason.PATH_ESCAPE) {
                throw e;
            }
            throw new KustomizeRefusal(described(ref) + " leaves the repository (through a link)");
        }
    }

    /**
     * Reads an entry that kustomize first tries as inline YAML ({@code patchesStrategicMerge}, plugin configs).
     *
     * @return the mappings when the entry is inline YAML; empty when it is a plain scalar (a path)
     * @throws KustomizeRefusal when the text is neither (what kustomize would make of it cannot be told)
     */
    static Optional<List<Map<?, ?>>> inline(SafeYamlLoader yaml, String file, KustomizeReference ref) {
        List<ParsedDocument> docs;
        try {
            docs = yaml.load(file, ref.entry());
        } catch (io.gitops4j.api.render.RenderException e) {
            throw new KustomizeRefusal(described(ref) + " is neither a path nor YAML gitops4j can read");
        }
        List<Map<?, ?>> maps = new ArrayList<>();
        for (ParsedDocument doc : docs) {
            if (doc.root() instanceof Map) {
                maps.add((Map<?, ?>) doc.root());
            } else if (doc.root() instanceof List) {
                throw new KustomizeRefusal(described(ref) + " is an inline list; give one mapping per "
                        + "document");
            }
        }
        return maps.isEmpty() ? Optional.empty() : Optional.of(maps);
    }

    /** @return true when joining the entry to the directory and cleaning it (as Go's filepath does) leaves the root */
    static boolean leavesRoot(String directory, String entry) {
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : (directory + "/" + entry).split("/", -1)) {
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    return true;
                }
                parts.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                parts.addLast(segment);
            }
        }
        return false;
    }

    /** @return {@code FIELD entry 'ENTRY'} for messages, the entry shortened and without control characters */
    static String described(KustomizeReference ref) {
        return ref.field() + " entry '" + KustomizationFields.shown(ref.entry()) + "'";
    }
}

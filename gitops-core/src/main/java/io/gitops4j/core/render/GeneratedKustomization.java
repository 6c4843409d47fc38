package io.gitops4j.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kustomization Flux's kustomize-controller generates for a path that has none (its documented behaviour for
 * {@code spec.path}): the directory is walked in name order; a directory holding a kustomization ({@link
 * KustomizationScanner#FILE_NAMES}) is listed as one resource and not entered; every other directory is entered;
 * every {@code .yaml} and {@code .yml} file is listed. Files inside a listed kustomization directory are therefore
 * only ever read by kustomize, as that kustomization says, never as objects of their own. Entries whose name starts
 * with {@code .} are left out (Flux's source-controller leaves {@code .github/}, {@code .gitlab-ci.yml} and the
 * like out of its artifacts). Stateless and thread-safe.
 */
final class GeneratedKustomization {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GeneratedKustomization() {}

    /**
     * @param directory a directory of the snapshot without a kustomization of its own
     * @return the repo-relative files and kustomization directories the generated kustomization lists, walk order
     */
    static List<String> resources(Snapshot snapshot, String directory) {
        List<String> out = new ArrayList<>();
        collect(snapshot, directory, out, false);
        return out;
    }

    /** @return whether a directory below {@code directory} (at any depth, hidden ones aside) holds a kustomization */
    static boolean kustomizationBelow(Snapshot snapshot, String directory) {
        List<String> found = new ArrayList<>();
        collect(snapshot, directory, found, true);
        return !found.isEmpty();
    }

    /** Walks {@code directory}; with {@code firstOnly}, collects only the first kustomization directory. */
    private static boolean collect(Snapshot snapshot, String directory, List<String> out, boolean firstOnly) {
        for (FileEntry entry : snapshot.list(directory)) {
            String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
            if (name.startsWith(".")) {
                continue;
            }
            if (entry.type() == FileEntry.Type.DIRECTORY) {
                if (KustomizationScanner.kustomizationFile(snapshot, entry.path()).isPresent()) {
                    out.add(entry.path());
                    if (firstOnly) {
                        return true;
                    }
                } else if (collect(snapshot, entry.path(), out, firstOnly) && firstOnly) {
                    return true;
                }
            } else if (!firstOnly && entry.type() != FileEntry.Type.SUBMODULE
                    && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                out.add(entry.path());
            }
        }
        return false;
    }

    /**
     * @param root the materialized snapshot root
     * @param at the directory the kustomization is written to (kustomize wants relative paths)
     * @param resources repo-relative entries from {@link #resources}
     * @return the kustomization text (JSON, which is valid YAML)
     */
    static String text(Path root, Path at, List<String> resources) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        List<String> relative = new ArrayList<>();
        for (String resource : resources) {
            relative.add(at.relativize(root.resolve(resource)).toString().replace('\\', '/'));
        }
        k.put("resources", relative);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(k);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}

package io.gitops4j.core.render;

import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies an Application's Helm values into a private directory (RD-10): each values file is read through the
 * snapshot (so it is confined to the repository and links out of it are refused), checked with the safe YAML
 * loader, and written as {@code values-N.yaml}; inline values follow as the last file. Errors identify a values
 * file by its position only, never by its path. Stateless.
 */
final class HelmValues {
    private HelmValues() {}

    /** @return the files to pass to Helm, in precedence order */
    static List<Path> write(Snapshot snapshot, HelmOptions options, Path scratch, YamlLimits limits,
            WriteBudget budget) throws IOException {
        List<Path> out = new ArrayList<>();
        SafeYamlLoader yaml = new SafeYamlLoader(limits);
        int i = 0;
        for (String file : options.valuesFiles()) {
            i++;
            String label = "values file #" + i;
            if (file.contains("://") || file.startsWith("/") || file.startsWith("~")) {
                throw refused(label, "must be a path inside the repository");
            }
            byte[] content;
            try {
                content = snapshot.read(SnapshotPaths.normalize(file));
            } catch (SourceException e) {
                throw e.reason() == SourceException.Reason.NOT_FOUND ? new RenderException(Reason.INVALID_INPUT,
                        label + " does not exist in the repository", null)
                        : refused(label, "is outside the repository or not readable");
            }
            String text = new String(content, StandardCharsets.UTF_8);
            yaml.load(label, text);
            Path target = scratch.resolve("values-" + i + ".yaml");
            budget.charge(label, content.length);
            Files.writeString(target, text, StandardCharsets.UTF_8);
            out.add(target);
        }
        if (!options.values().isBlank()) {
            yaml.load("inline values", options.values());
            Path target = scratch.resolve("values-inline.yaml");
            budget.charge("inline values", options.values().length());
            Files.writeString(target, options.values(), StandardCharsets.UTF_8);
            out.add(target);
        }
        return out;
    }

    private static RenderException refused(String label, String why) {
        return new RenderException(Reason.POLICY, label + " " + why, null);
    }
}

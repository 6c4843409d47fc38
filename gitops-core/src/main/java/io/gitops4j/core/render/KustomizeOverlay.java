package io.gitops4j.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kustomization that applies an Application's overrides ({@link KustomizeOptions}) around the render path:
 * images, name prefix and suffix, namespace, labels (added to metadata and pod templates, never to selectors, which
 * are immutable), annotations, replicas, inline patches and components. Written as JSON, which is valid YAML.
 * It references only directories (the render path and the components, which {@link KustomizationScanner} has
 * confined to the repository) and inline patches, so it never needs {@code LoadRestrictionsNone}. Stateless.
 */
final class KustomizeOverlay {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KustomizeOverlay() {}

    /**
     * @param base absolute path of the render path in the materialized tree
     * @param overlay absolute path of the directory the overlay is written to (kustomize wants relative paths)
     * @return the kustomization text
     */
    static String text(Path base, Path overlay, KustomizeOptions options, YamlLimits limits) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        k.put("resources", List.of(overlay.relativize(base).toString()));
        if (!options.components().isEmpty()) {
            List<String> components = new ArrayList<>();
            for (String c : options.components()) {
                components.add(KustomizeRemote.isRemote(c) ? c
                        : overlay.relativize(base.resolve(c).normalize()).toString());
            }
            k.put("components", components);
        }
        if (!options.namePrefix().isEmpty()) {
            k.put("namePrefix", options.namePrefix());
        }
        if (!options.nameSuffix().isEmpty()) {
            k.put("nameSuffix", options.nameSuffix());
        }
        if (!options.namespace().isEmpty()) {
            k.put("namespace", options.namespace());
        }
        if (!options.commonLabels().isEmpty()) {
            k.put("labels", List.of(Map.of("pairs", new TreeMap<>(options.commonLabels()), "includeSelectors", false,
                    "includeTemplates", true)));
        }
        if (!options.commonAnnotations().isEmpty()) {
            k.put("commonAnnotations", new TreeMap<>(options.commonAnnotations()));
        }
        if (!options.images().isEmpty()) {
            List<Map<String, String>> images = new ArrayList<>();
            for (String image : options.images()) {
                images.add(image(image));
            }
            k.put("images", images);
        }
        if (!options.replicas().isEmpty()) {
            List<Map<String, Object>> replicas = new ArrayList<>();
            new TreeMap<>(options.replicas()).forEach((name, count) -> replicas.add(Map.of("name", name, "count",
                    count)));
            k.put("replicas", replicas);
        }
        if (!options.patches().isEmpty()) {
            SafeYamlLoader yaml = new SafeYamlLoader(limits);
            List<Object> patches = new ArrayList<>();
            int i = 0;
            for (String patch : options.patches()) {
                List<ParsedDocument> docs = yaml.load("options.patches[" + i++ + "]", patch);
                Object root = docs.isEmpty() ? null : docs.get(0).root();
                if (root instanceof Map && (((Map<?, ?>) root).containsKey("patch")
                        || ((Map<?, ?>) root).containsKey("path"))) {
                    if (((Map<?, ?>) root).containsKey("path")) {
                        throw new RenderException(Reason.POLICY, "options.patches: patches given as options must "
                                + "be inline (patch:), not files (path:)", null);
                    }
                    patches.add(root);
                } else {
                    patches.add(Map.of("patch", patch));
                }
            }
            k.put("patches", patches);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(k);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /** Parses {@code name=newName:tag}, {@code name=newName@digest}, {@code name:tag} or {@code name@digest}. */
    static Map<String, String> image(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = spec;
        String replacement = spec;
        int eq = spec.indexOf('=');
        if (eq >= 0) {
            name = spec.substring(0, eq);
            replacement = spec.substring(eq + 1);
        }
        String newName = replacement;
        String tag = "";
        String digest = "";
        int at = replacement.indexOf('@');
        if (at >= 0) {
            digest = replacement.substring(at + 1);
            newName = replacement.substring(0, at);
        } else {
            int colon = replacement.lastIndexOf(':');
            if (colon > replacement.lastIndexOf('/')) {
                tag = replacement.substring(colon + 1);
                newName = replacement.substring(0, colon);
            }
        }
        if (eq < 0) {
            name = newName;
        }
        if (name.isEmpty()) {
            throw new RenderException(Reason.INVALID_INPUT, "options.images: '" + spec + "' names no image", null);
        }
        out.put("name", name);
        if (eq >= 0 && !newName.isEmpty() && !newName.equals(name)) {
            out.put("newName", newName);
        }
        if (!tag.isEmpty()) {
            out.put("newTag", tag);
        }
        if (!digest.isEmpty()) {
            out.put("digest", digest);
        }
        return out;
    }
}

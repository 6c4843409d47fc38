package io.gitops4j.core.render;

import io.gitops4j.core.render.KustomizeReference.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plugin configs kustomize accepts in {@code generators}, {@code transformers} and {@code validators} without
 * any flag, and the fields through which each reads files (RD-24). Kustomize runs a config as one of its builtin
 * plugins when its {@code apiVersion} is exactly {@code builtin}; the plugin then reads its {@code files}, {@code
 * path}, {@code paths} … through the loader of the kustomization that lists it. Every other config is an external
 * plugin (exec, container, Go plugin, KRM function), which gitops4j never enables and refuses up front.
 *
 * <p>Allowed kinds are the builtins whose fields are known here; any other kind is refused, even with {@code
 * apiVersion: builtin}, so a builtin added by a later kustomize cannot read files unchecked. {@code
 * HelmChartInflationGenerator} is allowed only when Helm is enabled. Stateless.
 */
final class KustomizePlugins {
    /** Builtins that read no file. */
    private static final Set<String> NO_FILES = Set.of("AnnotationsTransformer", "HashTransformer",
            "IAMPolicyGenerator", "ImageTagTransformer", "LabelTransformer", "LegacyOrderTransformer",
            "NamespaceTransformer", "PrefixSuffixTransformer", "PrefixTransformer", "SuffixTransformer",
            "ReplicaCountTransformer", "SortOrderTransformer", "ValueAddTransformer");
    private static final String HELM = "HelmChartInflationGenerator";

    private KustomizePlugins() {}

    /**
     * @param config one plugin config document
     * @param where the config's name in messages ({@code generators[gen.yaml]} or {@code generators[inline]})
     * @param enableHelm whether Helm chart inflation is enabled
     * @return the references the plugin will read or fetch
     * @throws KustomizeRefusal with the refusal, for an external plugin or a kind not known to be safe
     */
    static List<KustomizeReference> references(Map<?, ?> config, String where, boolean enableHelm) {
        Object apiVersion = config.get("apiVersion");
        Object kind = config.get("kind");
        if (!"builtin".equals(apiVersion)) {
            throw new KustomizeRefusal(where + " is an external plugin (apiVersion '"
                    + KustomizationFields.shown(String.valueOf(apiVersion)) + "', kind '"
                    + KustomizationFields.shown(String.valueOf(kind)) + "'); only kustomize's builtin plugins "
                    + "(apiVersion: builtin) are allowed");
        }
        String k = String.valueOf(kind);
        Optional<String> odd = GoJsonFields.nonAsciiKey(config);
        if (odd.isPresent()) {
            throw new KustomizeRefusal(where + " has a key with characters outside ASCII ('"
                    + KustomizationFields.shown(odd.get()) + "')");
        }
        String field = where + "." ;
        List<KustomizeReference> out = new ArrayList<>();
        switch (k) {
            case "ConfigMapGenerator", "SecretGenerator" -> KustomizationFields.generatorSources(config, field, out);
            case "PatchTransformer", "PatchJson6902Transformer" -> add(out, field + "path", config, "path", Kind.FILE);
            case "PatchStrategicMergeTransformer" -> add(out, field + "paths", config, "paths", Kind.INLINE_OR_FILE);
            case "ReplacementTransformer" -> {
                for (Object list : GoJsonFields.values(config, "replacements")) {
                    for (Map<?, ?> r : GoJsonFields.maps(list)) {
                        add(out, field + "replacements.path", r, "path", Kind.FILE);
                    }
                }
            }
            case HELM -> {
                if (!enableHelm) {
                    throw new KustomizeRefusal(where + " (" + HELM + ") inflates a Helm chart; refused "
                            + "unless enableHelm is set");
                }
                KustomizationFields.helmChart(config, field, out);
                add(out, field + "chartHome", config, "chartHome", Kind.TREE);
                add(out, field + "configHome", config, "configHome", Kind.TREE);
            }
            default -> {
                if (!NO_FILES.contains(k)) {
                    throw new KustomizeRefusal(where + " is builtin plugin kind '"
                            + KustomizationFields.shown(k) + "', which gitops4j does not know to be safe");
                }
            }
        }
        return out;
    }

    private static void add(List<KustomizeReference> out, String field, Map<?, ?> struct, String name, Kind kind) {
        for (Object v : GoJsonFields.values(struct, name)) {
            for (String s : GoJsonFields.strings(v)) {
                out.add(new KustomizeReference(field, s, kind));
            }
        }
    }
}

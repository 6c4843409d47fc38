package io.gitops4j.core.render;

import io.gitops4j.core.render.KustomizeReference.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every field of a kustomization (or component) through which kustomize 5 reads or fetches something, read the
 * way kustomize reads them ({@link GoJsonFields}: keys match field names ignoring case, every matching key
 * counts). Kustomize refuses a kustomization with any other field, so these are all the ways in; the plugin configs
 * a kustomization lists are read by {@link KustomizePlugins}. Stateless.
 */
final class KustomizationFields {
    private KustomizationFields() {}

    /**
     * @param k the kustomization
     * @param enableHelm whether Helm chart inflation is enabled
     * @return the references in the order they are written
     * @throws KustomizeRefusal with the refusal: Helm fields while Helm is not enabled, a key outside ASCII
     */
    static List<KustomizeReference> references(Map<?, ?> k, boolean enableHelm) {
        Optional<String> odd = GoJsonFields.nonAsciiKey(k);
        if (odd.isPresent()) {
            throw new KustomizeRefusal("key '" + shown(odd.get()) + "' has characters outside ASCII");
        }
        for (String helm : List.of("helmCharts", "helmChartInflationGenerator", "helmGlobals")) {
            if (GoJsonFields.has(k, helm) && !enableHelm) {
                throw new KustomizeRefusal(helm + ": Helm charts in kustomizations are refused unless "
                        + "enableHelm is set");
            }
        }
        List<KustomizeReference> out = new ArrayList<>();
        strings(out, k, "resources", Kind.FILE_OR_DIRECTORY);
        strings(out, k, "bases", Kind.DIRECTORY);
        strings(out, k, "components", Kind.DIRECTORY);
        strings(out, k, "crds", Kind.FILE);
        strings(out, k, "configurations", Kind.FILE);
        strings(out, k, "patchesStrategicMerge", Kind.INLINE_OR_FILE);
        strings(out, k, "generators", Kind.PLUGIN_CONFIG);
        strings(out, k, "transformers", Kind.PLUGIN_CONFIG);
        strings(out, k, "validators", Kind.PLUGIN_CONFIG);
        for (String list : List.of("patches", "patchesJson6902", "replacements")) {
            for (Object v : GoJsonFields.values(k, list)) {
                for (Map<?, ?> entry : GoJsonFields.maps(v)) {
                    structKeys(entry, list);
                    strings(out, entry, "path", Kind.FILE, list + ".path");
                }
            }
        }
        for (Object v : GoJsonFields.values(k, "openapi")) {
            for (Map<?, ?> openapi : GoJsonFields.maps(v)) {
                strings(out, openapi, "path", Kind.FILE, "openapi.path");
            }
        }
        for (String generator : List.of("configMapGenerator", "secretGenerator")) {
            for (Object v : GoJsonFields.values(k, generator)) {
                for (Map<?, ?> g : GoJsonFields.maps(v)) {
                    structKeys(g, generator);
                    generatorSources(g, generator + ".", out);
                }
            }
        }
        for (String charts : List.of("helmCharts", "helmChartInflationGenerator")) {
            for (Object v : GoJsonFields.values(k, charts)) {
                for (Map<?, ?> chart : GoJsonFields.maps(v)) {
                    structKeys(chart, charts);
                    helmChart(chart, charts + ".", out);
                }
            }
        }
        for (Object v : GoJsonFields.values(k, "helmGlobals")) {
            for (Map<?, ?> globals : GoJsonFields.maps(v)) {
                structKeys(globals, "helmGlobals");
                strings(out, globals, "chartHome", Kind.TREE, "helmGlobals.chartHome");
                strings(out, globals, "configHome", Kind.TREE, "helmGlobals.configHome");
            }
        }
        return out;
    }

    /** The sources of a ConfigMap or Secret generator: {@code files} ({@code [key=]path}), {@code envs}, {@code env}. */
    static void generatorSources(Map<?, ?> g, String prefix, List<KustomizeReference> out) {
        for (Object v : GoJsonFields.values(g, "files")) {
            for (String f : GoJsonFields.strings(v)) {
                int eq = f.indexOf('=');
                out.add(new KustomizeReference(prefix + "files", eq >= 0 ? f.substring(eq + 1) : f, Kind.FILE));
            }
        }
        strings(out, g, "envs", Kind.FILE, prefix + "envs");
        strings(out, g, "env", Kind.FILE, prefix + "env");
    }

    /** A Helm chart's values files and chart repository. */
    static void helmChart(Map<?, ?> chart, String prefix, List<KustomizeReference> out) {
        strings(out, chart, "valuesFile", Kind.FILE, prefix + "valuesFile");
        strings(out, chart, "additionalValuesFiles", Kind.FILE, prefix + "additionalValuesFiles");
        for (Object v : GoJsonFields.values(chart, "repo")) {
            for (String repo : GoJsonFields.strings(v)) {
                if (!repo.isBlank()) {
                    out.add(new KustomizeReference(prefix + "repo", repo, Kind.REMOTE));
                }
            }
        }
    }

    private static void strings(List<KustomizeReference> out, Map<?, ?> struct, String field, Kind kind) {
        strings(out, struct, field, kind, field);
    }

    private static void strings(List<KustomizeReference> out, Map<?, ?> struct, String field, Kind kind,
            String shownField) {
        for (Object v : GoJsonFields.values(struct, field)) {
            for (String s : GoJsonFields.strings(v)) {
                out.add(new KustomizeReference(shownField, s, kind));
            }
        }
    }

    private static void structKeys(Map<?, ?> struct, String field) {
        Optional<String> odd = GoJsonFields.nonAsciiKey(struct);
        if (odd.isPresent()) {
            throw new KustomizeRefusal(field + ": key '" + shown(odd.get()) + "' has characters outside "
                    + "ASCII");
        }
    }

    /** @return text safe for a message: at most 120 characters, control characters replaced */
    static String shown(String entry) {
        String s = entry.length() > 120 ? entry.substring(0, 120) + "…" : entry;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}

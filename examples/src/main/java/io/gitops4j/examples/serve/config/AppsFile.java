package io.gitops4j.examples.serve.config;

import io.gitops4j.api.Application;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.KubernetesNames;
import io.gitops4j.api.source.SourceSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates {@code apps.yaml} (format: {@code docs/serve.md}). Every refusal is a {@link ConfigException}
 * naming the file, the line and the field; nothing is started before the whole file is valid. The YAML is read
 * into nodes only (no objects are constructed from tags, aliases are capped), and the file is capped at 1 MiB.
 * Relative file names in it resolve against the file's own directory. Stateless and thread-safe.
 */
public final class AppsFile {
    /** The largest {@code apps.yaml} read. */
    public static final int MAX_BYTES = 1 << 20;
    private static final Set<String> TOP = Set.of("applications", "clusters", "git", "webhooks");
    private static final Set<String> APP = Set.of("name", "repository", "ref", "path", "renderer", "namespace",
            "cluster", "sync", "helm");
    private static final Set<String> SYNC = Set.of("mode", "interval", "prune", "drift", "allowEmpty",
            "pruneGuard", "suspended");
    private static final Set<String> GUARD = Set.of("maxPercent", "maxCount", "confirmCriticalKinds");
    private static final Set<String> HELM = Set.of("release", "valuesFiles");
    private static final Set<String> CLUSTER = Set.of("kubeconfig", "context");
    private static final Map<String, String> RENDERERS = Map.of("plain", RenderSpec.PLAIN, "kustomize",
            RenderSpec.KUSTOMIZE, "helm", RenderSpec.HELM, "auto", RenderSpec.AUTO);

    private AppsFile() {}

    /**
     * @param file {@code apps.yaml}
     * @return the validated configuration
     * @throws ConfigException when the file cannot be read or anything in it is invalid
     */
    public static AppsConfig load(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(name, 0, "", "larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(name, new String(bytes, StandardCharsets.UTF_8), dir);
    }

    /**
     * @param name the file's name, for messages
     * @param text the file's content
     * @param directory what relative file names resolve against
     * @return the validated configuration
     * @throws ConfigException when anything is invalid
     */
    public static AppsConfig parse(String name, String text, Path directory) {
        ConfigNode root = new ConfigNode(name, "", compose(name, new StringReader(text)));
        ConfigNode.Fields top = root.fields(TOP);
        Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
        top.optional("clusters").ifPresent(c -> c.namedEntries().forEach((cluster, node) ->
                clusters.put(cluster, cluster(cluster, node, directory))));
        SecretsSection secrets = SecretsSection.read(top, directory);
        List<DeclaredApp> apps = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ConfigNode item : top.required("applications").items()) {
            DeclaredApp app = application(item, clusters);
            Integer first = seen.putIfAbsent(app.name(), item.line());
            if (first != null) {
                throw item.error("Application " + app.name() + " is declared twice (first on line " + first + ")");
            }
            apps.add(app);
        }
        if (apps.isEmpty()) {
            throw top.required("applications").error("declares no Application");
        }
        return new AppsConfig(apps, clusters, secrets.credentials(), secrets.allowPlainHttp(), secrets.webhooks());
    }

    private static Node compose(String name, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        try {
            Node node = new Yaml(new SafeConstructor(options)).compose(reader);
            if (node == null) {
                throw new ConfigException(name, 0, "", "is empty; it must declare applications");
            }
            return node;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(name, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(name, 0, "", "not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ClusterConfig cluster(String name, ConfigNode node, Path directory) {
        if (name.equals(ClusterConfig.DEFAULT)) {
            throw node.error("the cluster 'default' is the one --kubeconfig gives; name this one otherwise");
        }
        ConfigNode.Fields f = node.fields(CLUSTER);
        Path kubeconfig = directory.resolve(f.required("kubeconfig").text());
        return new ClusterConfig(name, kubeconfig, f.optional("context").map(ConfigNode::text).orElse(""));
    }

    private static DeclaredApp application(ConfigNode item, Map<String, ClusterConfig> clusters) {
        ConfigNode.Fields f = item.fields(APP);
        String name = f.required("name").text();
        ConfigNode at = item;
        try {
            at = f.required("name");
            KubernetesNames.requireDns1123Label(name, "name");
            Application.Builder b = Application.builder(name);
            at = f.required("repository");
            String path = f.optional("path").map(ConfigNode::text).orElse("");
            String ref = f.optional("ref").map(ConfigNode::text).orElse("main");
            b.source(SourceSpec.git(at.text(), ref, path));
            at = f.optional("renderer").orElse(item);
            b.renderer(renderSpec(f, name));
            at = f.optional("namespace").orElse(item);
            b.targetNamespace(f.optional("namespace").map(ConfigNode::text).orElse(""));
            at = f.optional("sync").orElse(item);
            b.syncPolicy(f.optional("sync").map(AppsFile::syncPolicy).orElse(SyncPolicy.automated()));
            at = item;
            Application app = b.build();
            String cluster = f.optional("cluster").map(ConfigNode::text).orElse(ClusterConfig.DEFAULT);
            if (!cluster.equals(ClusterConfig.DEFAULT) && !clusters.containsKey(cluster)) {
                throw f.required("cluster").error("names no cluster declared under clusters");
            }
            return new DeclaredApp(app, cluster);
        } catch (InvalidSpecException e) {
            throw at.error(e.getMessage());
        }
    }

    private static RenderSpec renderSpec(ConfigNode.Fields f, String appName) {
        String renderer = f.optional("renderer").map(ConfigNode::text).orElse("auto");
        String id = RENDERERS.get(renderer);
        if (id == null) {
            throw f.required("renderer").error("must be one of auto, plain, kustomize, helm");
        }
        if (f.optional("helm").isPresent() && !id.equals(RenderSpec.HELM)) {
            throw f.required("helm").error("only for renderer: helm");
        }
        return switch (id) {
            case RenderSpec.PLAIN -> RenderSpec.plainYaml();
            case RenderSpec.KUSTOMIZE -> RenderSpec.kustomize();
            case RenderSpec.HELM -> RenderSpec.helm(helmOptions(f, appName));
            default -> RenderSpec.auto();
        };
    }

    private static HelmOptions helmOptions(ConfigNode.Fields app, String appName) {
        if (app.optional("helm").isEmpty()) {
            return HelmOptions.release(appName);
        }
        ConfigNode.Fields f = app.required("helm").fields(HELM);
        HelmOptions options = HelmOptions.release(f.optional("release").map(ConfigNode::text).orElse(appName));
        List<String> values = new ArrayList<>();
        f.optional("valuesFiles").ifPresent(v -> v.items().forEach(i -> values.add(i.text())));
        return options.withValuesFiles(values);
    }

    private static SyncPolicy syncPolicy(ConfigNode node) {
        ConfigNode.Fields f = node.fields(SYNC);
        String mode = f.optional("mode").map(ConfigNode::text).orElse("automated");
        SyncPolicy p = switch (mode) {
            case "automated" -> SyncPolicy.automated();
            case "manual" -> SyncPolicy.manual();
            default -> throw f.required("mode").error("must be automated or manual");
        };
        if (f.optional("interval").isPresent()) {
            ConfigNode interval = f.required("interval");
            try {
                p = p.withInterval(interval.duration());
            } catch (InvalidSpecException e) {
                throw interval.error("must be between 1s and 24h");
            }
        }
        p = p.withPrune(f.optional("prune").map(ConfigNode::bool).orElse(p.prune()));
        if (f.optional("drift").isPresent()) {
            ConfigNode drift = f.required("drift");
            DriftMode m = switch (drift.text()) {
                case "correct" -> DriftMode.CORRECT;
                case "report" -> DriftMode.REPORT;
                case "ignore" -> DriftMode.IGNORE;
                default -> throw drift.error("must be correct, report or ignore");
            };
            try {
                p = p.withDrift(m);
            } catch (InvalidSpecException e) {
                throw drift.error("a manual policy reports or ignores drift: must be report or ignore");
            }
        }
        p = p.withAllowEmpty(f.optional("allowEmpty").map(ConfigNode::bool).orElse(p.allowEmpty()));
        p = p.withSuspended(f.optional("suspended").map(ConfigNode::bool).orElse(p.suspended()));
        if (f.optional("pruneGuard").isPresent()) {
            ConfigNode.Fields g = f.required("pruneGuard").fields(GUARD);
            PruneGuard d = PruneGuard.defaults();
            p = p.withPruneGuard(new PruneGuard(
                    g.optional("maxPercent").map(n -> n.integer(0, 100)).orElse(d.maxPercent()),
                    g.optional("maxCount").map(n -> n.integer(0, Integer.MAX_VALUE)).orElse(d.maxCount()),
                    g.optional("confirmCriticalKinds").map(ConfigNode::bool).orElse(d.confirmCriticalKinds())));
        }
        return p;
    }
}

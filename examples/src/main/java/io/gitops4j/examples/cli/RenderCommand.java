package io.gitops4j.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.render.AutoOptions;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.render.HelmRenderer;
import io.gitops4j.core.render.KustomizeRenderer;
import io.gitops4j.core.render.ManifestYaml;
import io.gitops4j.core.render.PlainYamlRenderer;
import io.gitops4j.core.render.RendererDetection;
import io.gitops4j.core.source.LocalDirectorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code render}: renders a local directory with one of the built-in renderers and prints the objects in a stable
 * order, as multi-document YAML (like {@code kubectl kustomize}) or as one JSON {@code List}. The tree the renderer
 * sees (and is confined to) is {@code --root}, else the enclosing Git work tree, else the {@code --path} directory.
 * {@code --renderer auto} (the default) chooses the renderer from the files at the path as the engine does ({@link
 * RendererDetection}); {@code --substitute NAME=VALUE} and {@code --substitute-strict} apply Flux's post-build
 * variable substitution to the output. A render error exits 1 with file, line and reason on stderr and prints no
 * object; zero objects exits 0 and says so on stderr.
 */
@Command(name = "render", description = "Render a local directory (plain YAML, Kustomize or Helm) and print the "
        + "objects.")
final class RenderCommand implements Callable<Integer> {
    @Option(names = "--renderer", defaultValue = RenderSpec.AUTO, description = "auto, plain, kustomize or helm "
            + "(default auto: Chart.yaml -> helm, a kustomization here or below -> kustomize, else plain)")
    private String renderer;

    @Option(names = "--substitute", paramLabel = "NAME=VALUE", description = "a variable for Flux-style post-build "
            + "substitution of ${NAME} in the output (repeatable)")
    private List<String> substitute = new ArrayList<>();

    @Option(names = "--substitute-strict", description = "an undefined variable without a default is an error")
    private boolean substituteStrict;

    @Option(names = "--path", required = true, description = "the directory to render")
    private Path path;

    @Option(names = "--root", description = "the tree root (default: enclosing Git work tree, else --path)")
    private Path root;

    @Option(names = "--recursive", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "plain: read subdirectories (default true; --no-recursive to disable)")
    private boolean recursive;

    @Option(names = "--include", description = "plain: include glob (repeatable)")
    private List<String> include = new ArrayList<>();

    @Option(names = "--exclude", description = "plain: exclude glob (repeatable)")
    private List<String> exclude = new ArrayList<>();

    @Option(names = "--values", description = "helm: values file (repeatable, inside the tree)")
    private List<Path> values = new ArrayList<>();

    @Option(names = "--set", description = "helm: key=value (repeatable)")
    private List<String> set = new ArrayList<>();

    @Option(names = "--kube-version", defaultValue = "", description = "helm: the Kubernetes version the chart is "
            + "rendered for, such as 1.31 (default: the newest supported, 1.33)")
    private String kubeVersion;

    @Option(names = "--release", defaultValue = "release", description = "helm: release name (default release)")
    private String release;

    @Option(names = "--namespace", defaultValue = "", description = "helm: release namespace; kustomize: namespace "
            + "override")
    private String namespace;

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json")
    private String output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--path " + path + " is not a directory");
        }
        if (!output.equals("yaml") && !output.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o must be yaml or json");
        }
        Path tree = root != null ? root.toAbsolutePath().normalize() : gitWorkTree(dir);
        if (!dir.startsWith(tree)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--path must be inside --root");
        }
        String relative = tree.relativize(dir).toString().replace('\\', '/');
        if (!List.of(RenderSpec.AUTO, RenderSpec.PLAIN, RenderSpec.KUSTOMIZE, RenderSpec.HELM).contains(renderer)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--renderer must be auto, plain, kustomize or helm");
        }
        RenderSpec asked;
        try {
            asked = new RenderSpec(renderer, relative, options(renderer, tree)).withSubstitution(substitution());
        } catch (InvalidSpecException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec sourceSpec = SourceSpec.local(tree);
        Revision revision = source.resolve(sourceSpec);
        ManifestSet set;
        try (Snapshot snapshot = source.open(sourceSpec, revision)) {
            RenderSpec chosen = RendererDetection.resolve(snapshot, asked, release);
            set = rendererNamed(chosen.renderer()).render(snapshot, chosen);
        } catch (RenderException e) {
            spec.commandLine().getErr().println("error: " + Main.oneLine(e));
            spec.commandLine().getErr().flush();
            return 1;
        }
        var out = spec.commandLine().getOut();
        if (output.equals("json")) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            list.put("items", set.stream().map(Manifest::tree).toList());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
        } else {
            out.print(ManifestYaml.documents(set.manifests()));
        }
        out.flush();
        if (set.isEmpty()) {
            spec.commandLine().getErr().println("render: zero objects");
        } else {
            spec.commandLine().getErr().println("render: " + set.size() + " objects");
        }
        spec.commandLine().getErr().flush();
        return 0;
    }

    private static Renderer rendererNamed(String name) {
        return switch (name) {
            case RenderSpec.KUSTOMIZE -> KustomizeRenderer.detect();
            case RenderSpec.HELM -> new HelmRenderer();
            default -> new PlainYamlRenderer();
        };
    }

    /** The variables of {@code --substitute}; a bad one is a usage error naming it, never its value. */
    private Substitution substitution() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : substitute) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (eq <= 0 || variables.containsKey(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--substitute takes NAME=VALUE, once per "
                        + "NAME" + (eq > 0 ? ": " + name + " is given twice" : ""));
            }
            variables.put(name, entry.substring(eq + 1));
        }
        return new Substitution(variables, substituteStrict);
    }

    private RenderOptions options(String name, Path tree) {
        return switch (name) {
            case RenderSpec.AUTO -> AutoOptions.defaults().withPlain(plainOptions()).withKustomize(kustomizeOptions())
                    .withHelm(helmOptions(tree));
            case RenderSpec.PLAIN -> plainOptions();
            case RenderSpec.KUSTOMIZE -> kustomizeOptions();
            default -> helmOptions(tree);
        };
    }

    private PlainYamlOptions plainOptions() {
        PlainYamlOptions o = PlainYamlOptions.defaults().withRecursive(recursive);
        if (!include.isEmpty()) {
            o = o.withInclude(include);
        }
        return o.withExclude(exclude);
    }

    private KustomizeOptions kustomizeOptions() {
        return KustomizeOptions.defaults().withNamespace(namespace);
    }

    private HelmOptions helmOptions(Path tree) {
        List<String> files = new ArrayList<>();
        for (Path v : values) {
            Path abs = v.toAbsolutePath().normalize();
            files.add(abs.startsWith(tree) ? tree.relativize(abs).toString().replace('\\', '/') : v.toString());
        }
        HelmOptions options = HelmOptions.release(release).withNamespace(namespace).withValuesFiles(files).withSet(set);
        try {
            return options.withKubeVersion(kubeVersion);
        } catch (InvalidSpecException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kube-version " + kubeVersion
                    + " is not a Kubernetes version such as 1.31");
        }
    }

    private static Path gitWorkTree(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return dir;
    }
}

package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the host through Kustomize, each performed against the real kustomize ({@code kubectl kustomize}):
 * host files read through builtin plugin configs and components, remote references kustomize would fetch, and
 * output or memory that would exhaust the host. Each test checks gitops4j's own refusal (type, reason, the entry
 * named) and that the host file's content appears nowhere.
 */
class KustomizeEscapesIT {
    private static final String CANARY = "CANARY-HOST-FILE-5f1e";
    private static Path kubectl;
    private static KustomizeRenderer renderer;

    @TempDir
    Path repo;
    @TempDir
    Path host;
    private Path hostFile;

    @BeforeAll
    static void tool() {
        kubectl = KubectlTool.require();
        renderer = new KustomizeRenderer(KustomizeTool.kubectl(kubectl), YamlLimits.defaults());
    }

    @BeforeEach
    void hostFile() throws IOException {
        hostFile = host.resolve("host-secret.txt");
        Files.writeString(hostFile, CANARY + "\n");
        write("base/kustomization.yaml", "resources:\n- cm.yaml\n");
        write("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\ndata:\n  a: b\n");
    }

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private ManifestSet render(KustomizeRenderer with, String path, KustomizeOptions options) {
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            return with.render(snapshot, new RenderSpec("kustomize", path, options));
        }
    }

    /** Renders; returns the refusal, and fails when the render succeeded or the host file leaked into any text. */
    private RenderException refused(String path, KustomizeOptions options) {
        return refused(renderer, path, options);
    }

    private RenderException refused(KustomizeRenderer with, String path, KustomizeOptions options) {
        try {
            ManifestSet set = render(with, path, options);
            String all = set.manifests().toString();
            throw new AssertionError("render of " + path + " succeeded" + (all.contains(CANARY)
                    ? " and holds the host file" : "") + ": " + all);
        } catch (RenderException e) {
            assertThat(e.getMessage()).doesNotContain(CANARY);
            return e;
        }
    }

    private static String generator(String files) {
        return "apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: stolen\n" + files;
    }

    @Test
    @DisplayName("RD-24 a builtin ConfigMapGenerator config file reading a host file (tree needing "
            + "LoadRestrictionsNone) is refused, the entry named")
    void builtinGeneratorConfigFile() throws IOException {
        write("app/kustomization.yaml", "resources:\n- ../base\ngenerators:\n- gen.yaml\n");
        write("app/gen.yaml", generator("files:\n- " + hostFile + "\n"));
        RenderException e = refused("app", KustomizeOptions.defaults());
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("app/kustomization.yaml: generators[gen.yaml].files entry '" + hostFile
                + "' is an absolute path; entries must stay inside the repository");
    }

    @Test
    @DisplayName("RD-24 the same config given inline in generators: is refused")
    void builtinGeneratorConfigInline() throws IOException {
        write("app/kustomization.yaml", "resources:\n- ../base\ngenerators:\n- |\n"
                + generator("files:\n- " + hostFile + "\n").indent(2));
        RenderException e = refused("app", KustomizeOptions.defaults());
        assertThat(e.getMessage()).isEqualTo("app/kustomization.yaml: generators[inline].files entry '" + hostFile
                + "' is an absolute path; entries must stay inside the repository");
    }

    @Test
    @DisplayName("RD-24 a field spelt in another case (FILES:, ConfigMapGenerator:) is read as kustomize reads it")
    void fieldNamesInAnyCase() throws IOException {
        write("app/kustomization.yaml", "resources:\n- ../base\ngenerators:\n- gen.yaml\n");
        write("app/gen.yaml", generator("FiLeS:\n- " + hostFile + "\n"));
        assertThat(refused("app", KustomizeOptions.defaults()).getMessage()).isEqualTo("app/kustomization.yaml: "
                + "generators[gen.yaml].files entry '" + hostFile + "' is an absolute path; entries must stay inside "
                + "the repository");
        write("top/kustomization.yaml", "Resources:\n- ../base\nConfigMapGenerator:\n- name: x\n  FILES:\n  - "
                + "k=../../../../../../../../../.." + hostFile + "\n");
        assertThat(refused("top", KustomizeOptions.defaults()).getMessage()).isEqualTo("top/kustomization.yaml: "
                + "configMapGenerator.files entry '../../../../../../../../../.." + hostFile + "' leaves the "
                + "repository");
    }

    @Test
    @DisplayName("RD-24 a kustomization file whose first YAML document is only a comment is read as kustomize reads it")
    void documentAfterALeadingComment() throws IOException {
        write("doc/kustomization.yaml", "# generated\n---\nresources:\n- ../base\nconfigMapGenerator:\n- name: x\n"
                + "  files:\n  - " + hostFile + "\n");
        assertThat(refused("doc", KustomizeOptions.defaults()).getMessage()).isEqualTo("doc/kustomization.yaml: "
                + "configMapGenerator.files entry '" + hostFile + "' is an absolute path; entries must stay inside the "
                + "repository");
    }

    @Test
    @DisplayName("RD-24 every builtin that reads a file is confined: PatchTransformer path, "
            + "PatchStrategicMergeTransformer paths, ReplacementTransformer replacements")
    void otherBuiltinsThatReadFiles() throws IOException {
        String escape = "../".repeat(12) + hostFile.toString().substring(1);
        Map<String, String> configs = Map.of(
                "PatchTransformer", "path: " + hostFile,
                "PatchStrategicMergeTransformer", "paths:\n- " + escape,
                "ReplacementTransformer", "replacements:\n- path: " + hostFile);
        for (Map.Entry<String, String> c : configs.entrySet()) {
            write("t/kustomization.yaml", "resources:\n- ../base\ntransformers:\n- t.yaml\n");
            write("t/t.yaml", "apiVersion: builtin\nkind: " + c.getKey() + "\nmetadata:\n  name: t\n" + c.getValue()
                    + "\n");
            RenderException e = refused("t", KustomizeOptions.defaults());
            assertThat(e.reason()).as(c.getKey()).isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).as(c.getKey()).startsWith("t/kustomization.yaml: transformers[t.yaml].")
                    .containsAnyOf("' is an absolute path", "' leaves the repository");
        }
    }

    @Test
    @DisplayName("RD-24 external plugins, unknown builtin kinds, List wrappers and directories of configs are "
            + "refused")
    void pluginsNotKnownToBeSafe() throws IOException {
        write("x/kustomization.yaml", "resources:\n- ../base\ngenerators:\n- g.yaml\n");
        write("x/g.yaml", "apiVersion: builtin\nkind: FutureGenerator\nmetadata:\n  name: f\n");
        assertThat(refused("x", KustomizeOptions.defaults()).getMessage()).isEqualTo("x/kustomization.yaml: "
                + "generators[g.yaml] is builtin plugin kind 'FutureGenerator', which gitops4j does not know to be "
                + "safe");
        write("x/g.yaml", "apiVersion: v1\nkind: List\nitems:\n- " + generator("files: [" + hostFile + "]\n")
                .indent(2).strip() + "\n");
        assertThat(refused("x", KustomizeOptions.defaults()).getMessage()).isEqualTo("x/kustomization.yaml: "
                + "generators[g.yaml] is an external plugin (apiVersion 'v1', kind 'List'); only kustomize's builtin "
                + "plugins (apiVersion: builtin) are allowed");
        write("y/kustomization.yaml", "resources:\n- ../base\ngenerators:\n- gens\n");
        write("y/gens/kustomization.yaml", "resources:\n- g.yaml\n");
        write("y/gens/g.yaml", generator("literals: [a=b]\n"));
        assertThat(refused("y", KustomizeOptions.defaults()).getMessage()).isEqualTo("y/kustomization.yaml: "
                + "generators entry 'gens' is a directory: kustomize builds it before running the plugin configs it "
                + "yields, so what they read cannot be checked; list the config files instead");
    }

    @Test
    @DisplayName("RD-24 a builtin generator reading a file of the repository still works")
    void builtinGeneratorInsideTheRepository() throws IOException {
        write("ok/kustomization.yaml", "resources:\n- ../base\ngenerators:\n- gen.yaml\n");
        write("ok/gen.yaml", generator("files:\n- app.properties\n"));
        write("ok/app.properties", "mode=blue\n");
        ManifestSet set = render(renderer, "ok", KustomizeOptions.defaults());
        assertThat(set.stream().filter(m -> m.name().startsWith("stolen-")).findFirst().orElseThrow()
                .get("data", "app.properties")).contains("mode=blue\n");
    }

    @Test
    @DisplayName("RD-25 a component named in the Application's options is scanned: its generator cannot read a "
            + "host file")
    void optionComponentIsScanned() throws IOException {
        write("components/evil/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
                + "configMapGenerator:\n- name: stolen\n  files:\n  - " + hostFile + "\n");
        RenderException e = refused("base", KustomizeOptions.defaults().withComponents(List.of("../components/evil")));
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("components/evil/kustomization.yaml: configMapGenerator.files entry '"
                + hostFile + "' is an absolute path; entries must stay inside the repository");
    }

    @Test
    @DisplayName("RD-25 a component in the Application's options cannot reach a directory outside the repository")
    void optionComponentOutsideTheRepository() throws IOException {
        Files.writeString(host.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1alpha1\n"
                + "kind: Component\nresources:\n- cm.yaml\n");
        Files.writeString(host.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: host\n"
                + "data:\n  secret: " + CANARY + "\n");
        String component = repo.resolve("base").relativize(host).toString();
        RenderException e = refused("base", KustomizeOptions.defaults().withComponents(List.of(component)));
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("options.components entry '" + component + "' leaves the repository");
    }

    @Test
    @DisplayName("RD-26 remote references in every form kustomize fetches are refused, and git never runs")
    void remoteFormsAreRefusedBeforeGitRuns(@TempDir Path bin) throws IOException {
        Path ran = bin.resolve("git-ran");
        Path fakeGit = bin.resolve("git");
        Files.writeString(fakeGit, "#!/bin/sh\necho \"$@\" >> " + ran + "\nexit 1\n");
        assertThat(fakeGit.toFile().setExecutable(true)).isTrue();
        KustomizeRenderer withFakeGit = new KustomizeRenderer(new KustomizeTool(List.of("env", "PATH=" + bin + ":"
                + System.getenv("PATH"), kubectl.toString(), "kustomize"), "v5"), YamlLimits.defaults());
        KustomizeOptions allowAcme = KustomizeOptions.defaults().withAllowedRemoteBases(
                List.of("http://git.example.com/acme/"));
        for (String entry : List.of("alice@git.example.com:acme/base", "file://" + repo.resolve("base"),
                "ssh://alice@git.example.com/acme/base", "git::https://git.example.com/acme/base",
                "http://git.example.com/acme/../evil/base.git", "http://git.example.com/acme/%2e%2e/evil/base.git",
                "http://git.example.com/acme-evil/base.git", "HTTP://GIT.EXAMPLE.COM:8080/acme/base.git")) {
            write("r/kustomization.yaml", "resources:\n- " + entry + "\n");
            RenderException e = refused(withFakeGit, "r", allowAcme);
            assertThat(e.reason()).as(entry).isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).as(entry).isEqualTo("r/kustomization.yaml: resources entry '"
                    + entry.replace("//alice@", "//")
                    + "' is remote; remote bases are refused unless allowed (allowedRemoteBases)");
        }
        assertThat(ran).as("git was run").doesNotExist();
    }

    @Test
    @DisplayName("RD-19 a repository whose overlays fan a small base out past the output cap fails with LIMIT while "
            + "kustomize writes")
    void fanOutIsCutOffAtTheOutputCap() throws IOException {
        StringBuilder top = new StringBuilder("resources:\n");
        write("fan/base/kustomization.yaml", "resources:\n- cm.yaml\n");
        write("fan/base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  payload: "
                + "y".repeat(100_000) + "\n");
        for (int i = 0; i < 30; i++) {
            write("fan/o" + i + "/kustomization.yaml", "resources:\n- ../base\nnamePrefix: o" + i + "-\n");
            top.append("- ../o").append(i).append('\n');
        }
        write("fan/app/kustomization.yaml", top.toString());
        KustomizeRenderer capped = new KustomizeRenderer(KustomizeTool.kubectl(kubectl), YamlLimits.defaults(),
                ToolLimits.defaults().withMaxStdoutBytes(1 << 20));
        RenderException e = refused(capped, "fan/app", KustomizeOptions.defaults());
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo(kubectl.getFileName() + " output too large: over 1048576 bytes "
                + "(stopped while it was writing)");
    }

    @Test
    @DisplayName("RD-19 kustomize past its memory limit fails with LIMIT")
    void memoryLimit() {
        KustomizeRenderer starved = new KustomizeRenderer(KustomizeTool.kubectl(kubectl), YamlLimits.defaults(),
                ToolLimits.defaults().withMaxMemoryBytes(16L << 20).withMaxCpuTime(Duration.ofSeconds(30)));
        KubectlTool.requireTool(OsLimits.enforced(), "setsid and prlimit", "util-linux");
        RenderException e = refused(starved, "base", KustomizeOptions.defaults());
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo(kubectl.getFileName() + " ran out of its memory limit of 16 MiB");
    }
}

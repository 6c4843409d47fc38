package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Substitution;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Post-build substitution through the plain renderer: where it sits (before identities are checked), Flux's typing
 * (a scalar go-yaml writes unquoted takes the type of its new text), disabled objects, and errors that name the file,
 * the field and the variable but never a value.
 */
class PostBuildSubstitutionTest {
    private static final String CANARY = "CANARY-SECRET-Bad_NS";

    @TempDir
    Path repo;

    private final PlainYamlRenderer renderer = new PlainYamlRenderer();

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private ManifestSet render(Substitution substitution) {
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            return renderer.render(snapshot, new RenderSpec(RenderSpec.PLAIN, "", PlainYamlOptions.defaults())
                    .withSubstitution(substitution));
        }
    }

    private static Manifest only(ManifestSet set) {
        assertThat(set.size()).isEqualTo(1);
        return set.manifests().get(0);
    }

    @Test
    void aNamespaceVariablePassesOnceSubstitutedAndIsRefusedWithoutIt() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ${CLUSTER_NAME}\n");
        assertThat(only(render(Substitution.of(Map.of("CLUSTER_NAME", "prod-eu")))).namespace()).isEqualTo("prod-eu");
        assertThatThrownBy(() -> render(Substitution.none())).isInstanceOf(RenderException.class)
                .hasMessageContaining("cm.yaml").hasMessageContaining("namespace");
    }

    @Test
    void scalarsGoYamlWritesUnquotedTakeTheTypeOfTheirNewText() throws IOException {
        write("d.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels:
                    quoted: "${N}"
                    kept: ${quote}${N}${quote}
                    text: v${N}
                spec:
                  replicas: ${N}
                  paused: ${BOOL}
                  minReadySeconds: ${UNSET}
                  template:
                    spec:
                      containers:
                      - args:
                        - ${LIST}
                        - "${N}"
                        command:
                        - ${MAP}
                        script: |
                          n=${N}
                """);
        Manifest d = only(render(Substitution.of(Map.of("N", "3", "BOOL", "true", "quote", "\"", "LIST", "[a, b]",
                "MAP", "k: v"))));
        assertThat(d.get("spec", "replicas")).contains(3L);
        assertThat(d.get("metadata", "labels", "quoted")).as("Flux writes the object back without the quotes")
                .contains(3L);
        assertThat(d.get("metadata", "labels", "kept")).as("Flux's ${quote} idiom keeps a string").contains("3");
        assertThat(d.get("metadata", "labels", "text")).contains("v3");
        assertThat(d.get("spec", "paused")).contains(true);
        assertThat(d.tree().get("spec")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("minReadySeconds", null);
        Map<?, ?> container = (Map<?, ?>) ((List<?>) d.get("spec", "template", "spec", "containers").orElseThrow())
                .get(0);
        assertThat(container.get("args")).isEqualTo(List.of(List.of("a", "b"), 3L));
        assertThat(container.get("command")).isEqualTo(List.of(Map.of("k", "v")));
        assertThat(container.get("script")).as("a block scalar stays a string").isEqualTo("n=3\n");
    }

    @Test
    void keysAreSubstitutedToo() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    ${K}/tier: web\n");
        assertThat(only(render(Substitution.of(Map.of("K", "example.com")))).labels())
                .containsEntry("example.com/tier", "web");
    }

    @Test
    @DisplayName("RD-21 a key that becomes the same as another one is refused")
    void rd21KeysThatCollide() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ${K}: x\n  b: z\n");
        assertThatThrownBy(() -> render(Substitution.of(Map.of("K", "b")))).isInstanceOf(RenderException.class)
                .hasMessage("cm.yaml: document 0: ConfigMap data.b: two keys are the same after substitution");
        assertThat(only(render(Substitution.of(Map.of("K", "a")))).get("data")).contains(Map.of("a", "x", "b", "z"));
    }

    @Test
    void anObjectLabelledOrAnnotatedDisabledIsLeftAlone() throws IOException {
        write("a.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: by-annotation
                  annotations:
                    kustomize.toolkit.fluxcd.io/substitute: disabled
                data:
                  run: echo ${HOME} $${X}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: by-label
                  labels:
                    kustomize.toolkit.fluxcd.io/substitute: disabled
                data:
                  run: echo ${HOME}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: substituted
                data:
                  run: echo ${HOME} $${X}
                """);
        ManifestSet set = render(Substitution.of(Map.of("HOME", "/root")).withStrict(true));
        assertThat(set.stream().filter(m -> m.name().startsWith("by-")).map(m -> m.get("data", "run").orElseThrow()))
                .containsExactly("echo ${HOME} $${X}", "echo ${HOME}");
        assertThat(set.stream().filter(m -> m.name().equals("substituted")).findFirst().orElseThrow()
                .get("data", "run")).contains("echo /root ${X}");
    }

    @Test
    void withoutVariablesNothingChangesAsInFlux() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: $${X} ${Y:=d}\n");
        assertThat(only(render(Substitution.none().withStrict(true))).get("data", "a")).contains("$${X} ${Y:=d}");
    }

    @Test
    @DisplayName("RD-20 strict: an undefined variable fails the render naming file, field and variable")
    void rd20StrictUndefinedVariable() throws IOException {
        write("apps/d.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  image: nginx-${TAG}\n");
        Substitution variables = Substitution.of(Map.of("OTHER", CANARY));
        assertThat(only(render(variables)).get("data", "image")).as("lenient: empty").contains("nginx-");
        assertThatThrownBy(() -> render(variables.withStrict(true))).isInstanceOf(RenderException.class)
                .hasMessage("apps/d.yaml: document 0: ConfigMap data.image: variable TAG is not defined "
                        + "(strict substitution)")
                .extracting(e -> ((RenderException) e).reason()).isEqualTo(Reason.INVALID_INPUT);
    }

    @Test
    @DisplayName("RD-21 a substituted value that makes an invalid namespace is refused naming the variable, not the value")
    void rd21InvalidIdentityAfterSubstitution() throws IOException {
        write("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ${NS}\n");
        assertThatThrownBy(() -> render(Substitution.of(Map.of("NS", CANARY)))).isInstanceOf(RenderException.class)
                .hasMessage("apps/cm.yaml: document 0: ConfigMap metadata.namespace: not a valid namespace after "
                        + "substitution of ${NS}")
                .hasMessageNotContaining(CANARY);
    }

    @Test
    @DisplayName("RD-21 a value that is not valid YAML in its place, or a malformed expression, is refused naming the field")
    void rd21InvalidYamlOrExpression() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: ${V}\n");
        assertThatThrownBy(() -> render(Substitution.of(Map.of("V", "x: " + CANARY))))
                .isInstanceOf(RenderException.class)
                .hasMessage("cm.yaml: document 0: ConfigMap data.a: the value is not valid YAML after substitution "
                        + "of ${V}");
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: ${V:?x}\n");
        assertThatThrownBy(() -> render(Substitution.of(Map.of("V", CANARY)))).isInstanceOf(RenderException.class)
                .hasMessage("cm.yaml: document 0: ConfigMap data.a: bad substitution ${V:?x}: the operator :? is not "
                        + "supported");
    }
}

package io.gitops4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gitops4j render} run in-process through {@link Main#run}: output, exit codes and messages. */
class RenderCommandTest {
    @TempDir
    Path repo;

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void twoConfigMaps() throws IOException {
        write("app/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  mode: on\n");
        write("app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: shop\n"
                + "data:\n  num: 010\n");
    }

    @Test
    @DisplayName("plain YAML: the objects in path order as YAML documents, typed as kubectl types them")
    void plainYaml() throws IOException {
        twoConfigMaps();
        CliRun run = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("app").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("apiVersion: v1\ndata:\n  num: 8\nkind: ConfigMap\nmetadata:\n  name: a\n"
                + "  namespace: shop\n---\napiVersion: v1\ndata:\n  mode: true\nkind: ConfigMap\nmetadata:\n"
                + "  name: b\n");
        assertThat(run.err()).isEqualTo("render: 2 objects\n");
    }

    @Test
    @DisplayName("-o json prints one v1 List")
    void jsonList() throws IOException {
        twoConfigMaps();
        CliRun run = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("app").toString(),
                "-o", "json");
        assertThat(run.exit()).isZero();
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items")).hasSize(2);
        assertThat(list.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("a");
        assertThat(list.path("items").get(0).path("data").path("num").isIntegralNumber()).isTrue();
        assertThat(list.path("items").get(1).path("data").path("mode").isBoolean()).isTrue();
    }

    @Test
    @DisplayName("RD-07 zero objects: exit 0, an empty output (an empty List in JSON) and a note on stderr")
    void zeroObjects() throws IOException {
        write("empty/only-comments.yaml", "# nothing here\n---\n");
        CliRun yaml = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("empty").toString());
        assertThat(yaml.exit()).isZero();
        assertThat(yaml.out()).isEmpty();
        assertThat(yaml.err()).isEqualTo("render: zero objects\n");
        CliRun json = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("empty").toString(),
                "-o", "json");
        assertThat(json.exit()).isZero();
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items").isArray()).isTrue();
        assertThat(list.path("items")).isEmpty();
        assertThat(json.err()).isEqualTo("render: zero objects\n");
    }

    @Test
    @DisplayName("a render error: exit 1, file:line: reason on stderr, nothing on stdout")
    void renderError() throws IOException {
        write("app/good.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n");
        write("app/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: 1\n  k: 2\n");
        CliRun run = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("app").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: app/x.yaml:7: duplicate key 'k'\n");
    }

    @Test
    @DisplayName("bad usage exits 2: a missing --path, an unknown renderer, an unknown output format")
    void badUsage() throws IOException {
        twoConfigMaps();
        String app = repo.resolve("app").toString();
        for (String[] args : new String[][] {
                {"render"},
                {"render", "--path", app, "--renderer", "jsonnet"},
                {"render", "--path", app, "-o", "xml"},
                {"render", "--path", repo.resolve("missing").toString()},
                {"render", "--path", app, "--substitute", "NO_EQUALS"},
                {"render", "--path", app, "--substitute", "=value"},
                {"render", "--path", app, "--substitute", "A=1", "--substitute", "A=2"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).as(String.join(" ", args)).isEmpty();
            assertThat(run.err()).as(String.join(" ", args)).contains("Usage: gitops4j render");
        }
    }

    @Test
    @DisplayName("--renderer auto is the default: a directory with a Chart.yaml renders as Helm")
    void autoIsTheDefaultAndFindsAChart() throws IOException {
        write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        write("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n");
        CliRun run = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("chart").toString(),
                "--release", "shop");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("name: shop-cm");
        CliRun plain = CliRun.of("render", "--renderer", "plain", "--root", repo.toString(), "--path",
                repo.resolve("chart").toString());
        assertThat(plain.exit()).as("read as plain YAML the template is no object").isEqualTo(1);
    }

    @Test
    @DisplayName("--substitute NAME=VALUE (repeatable) substitutes Flux-style into the output")
    void substitute() throws IOException {
        write("app/d.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${NS}\n"
                + "spec:\n  replicas: ${REPLICAS:=2}\n  paused: ${OFF:=false}\n");
        CliRun run = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("app").toString(),
                "--substitute", "NS=prod-eu", "--substitute", "REPLICAS=3", "-o", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode item = new ObjectMapper().readTree(run.out()).path("items").get(0);
        assertThat(item.path("metadata").path("namespace").asText()).isEqualTo("prod-eu");
        assertThat(item.path("spec").path("replicas").isIntegralNumber()).isTrue();
        assertThat(item.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(item.path("spec").path("paused").isBoolean()).isTrue();
        CliRun without = CliRun.of("render", "--root", repo.toString(), "--path", repo.resolve("app").toString());
        assertThat(without.exit()).as("${NS} is no namespace").isEqualTo(1);
        assertThat(without.err()).startsWith("error: ").contains("namespace");
    }

    @Test
    @DisplayName("RD-20 --substitute-strict: an undefined variable exits 1 naming file, field and variable, never a value")
    void rd20SubstituteStrict() throws IOException {
        write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  token: ${TOKEN}\n"
                + "  user: ${USER_NAME}\n");
        String[] args = {"render", "--root", repo.toString(), "--path", repo.resolve("app").toString(),
                "--substitute", "USER_NAME=CANARY-SECRET-user"};
        CliRun lenient = CliRun.of(args);
        assertThat(lenient.exit()).isZero();
        assertThat(lenient.out()).contains("token: null", "user: CANARY-SECRET-user");
        String[] strict = java.util.Arrays.copyOf(args, args.length + 1);
        strict[args.length] = "--substitute-strict";
        CliRun run = CliRun.of(strict);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: app/cm.yaml: document 0: ConfigMap data.token: variable TOKEN is not "
                + "defined (strict substitution)\n");
    }

    @Test
    @DisplayName("a bad variable name is a usage error naming the name, not the value")
    void badVariableName() throws IOException {
        twoConfigMaps();
        CliRun run = CliRun.of("render", "--path", repo.resolve("app").toString(), "--substitute",
                "1BAD=CANARY-SECRET-x");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'1BAD' is not a valid variable name").doesNotContain("CANARY-SECRET");
    }
}

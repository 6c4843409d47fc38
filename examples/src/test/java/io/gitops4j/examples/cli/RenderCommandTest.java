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
                {"render", "--path", repo.resolve("missing").toString()}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).as(String.join(" ", args)).isEmpty();
            assertThat(run.err()).as(String.join(" ", args)).contains("Usage: gitops4j render");
        }
    }
}

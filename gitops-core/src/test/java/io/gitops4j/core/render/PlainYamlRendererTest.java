package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainYamlRendererTest {
    @TempDir
    Path repo;

    private final PlainYamlRenderer renderer = new PlainYamlRenderer();

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private ManifestSet render(String path, PlainYamlOptions options) {
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            return renderer.render(snapshot, new RenderSpec("plain", path, options));
        }
    }

    private ManifestSet render(String path) {
        return render(path, PlainYamlOptions.defaults());
    }

    private RenderException failure(String path) {
        try {
            render(path);
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("render of " + path + " did not fail");
    }

    private static String cm(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
    }

    @Test
    void readsMultiDocumentYamlAndJsonInSortedPathOrderWithOrigins() throws IOException {
        write("app/b.yaml", cm("b1") + "---\n" + cm("b2"));
        write("app/a.yml", cm("a"));
        write("app/sub/c.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
        write("app/README.md", "# not a manifest");

        ManifestSet set = render("app");

        assertThat(set.stream().map(Manifest::name)).containsExactly("a", "b1", "b2", "c");
        assertThat(set.stream().map(Manifest::origin)).containsExactly(new Origin("app/a.yml", 0),
                new Origin("app/b.yaml", 0), new Origin("app/b.yaml", 1), new Origin("app/sub/c.json", 0));
    }

    @Test
    void nonRecursiveIncludeAndExcludeGlobs() throws IOException {
        write("app/a.yaml", cm("a"));
        write("app/skip.yaml", cm("skip"));
        write("app/sub/c.yaml", cm("c"));
        write("app/x.txt", cm("x"));

        assertThat(render("app", PlainYamlOptions.defaults().withRecursive(false)).stream().map(Manifest::name))
                .containsExactly("a", "skip");
        assertThat(render("app", PlainYamlOptions.defaults().withExclude(List.of("skip.*", "sub/**")))
                .stream().map(Manifest::name)).containsExactly("a");
        assertThat(render("app", PlainYamlOptions.defaults().withInclude(List.of("*.txt", "sub/*.yaml")))
                .stream().map(Manifest::name)).containsExactly("c", "x");
    }

    @Test
    void aPathNamingAFileRendersThatFile() throws IOException {
        write("app/a.yaml", cm("a"));
        write("app/b.yaml", cm("b"));
        assertThat(render("app/b.yaml").stream().map(Manifest::name)).containsExactly("b");
    }

    @Test
    void aMissingPathIsAnErrorNotZeroObjects() {
        RenderException e = failure("nowhere");
        assertThat(e.getMessage()).startsWith("nowhere: ");
    }

    @Test
    @DisplayName("RD-07 empty file, --- only, comments only and null documents give zero objects, not an error")
    void emptyDocumentsGiveZeroObjects() throws IOException {
        write("app/empty.yaml", "");
        write("app/dashes.yaml", "---\n---\n");
        write("app/comments.yaml", "# just a comment\n# another\n");
        write("app/null.yaml", "null\n---\n~\n");
        ManifestSet set = render("app");
        assertThat(set.isEmpty()).isTrue();
        assertThat(render("app", PlainYamlOptions.defaults().withInclude(List.of("*.none"))).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("RD-07 kind: List is flattened into its items")
    void listIsFlattened() throws IOException {
        write("app/list.yaml", "apiVersion: v1\nkind: List\nitems:\n- " + cm("one").replace("\n", "\n  ").trim()
                + "\n- " + cm("two").replace("\n", "\n  ").trim() + "\n");
        ManifestSet set = render("app");
        assertThat(set.stream().map(Manifest::name)).containsExactly("one", "two");
        assertThat(set.manifests().get(1).origin()).isEqualTo(new Origin("app/list.yaml", 0));
    }

    @Test
    @DisplayName("RD-07 a scalar or a list at the root is an error naming file and document")
    void scalarOrListRootIsAnError() throws IOException {
        write("s/a.yaml", cm("ok") + "---\njust text\n");
        assertThat(failure("s").getMessage()).isEqualTo("s/a.yaml:6: document 1: the document root is a scalar, "
                + "not an object");
        write("l/a.yaml", "- a\n- b\n");
        assertThat(failure("l").getMessage()).isEqualTo("l/a.yaml:1: document 0: the document root is a list, "
                + "not an object");
    }

    @Test
    @DisplayName("RD-07 missing apiVersion, kind or metadata.name is an error naming file and document")
    void missingTypeMetaIsAnError() throws IOException {
        write("k/a.yaml", "apiVersion: v1\nmetadata:\n  name: x\n");
        assertThat(failure("k").getMessage()).isEqualTo("k/a.yaml:1: document 0: object has no kind");
        write("v/a.yaml", cm("ok") + "---\nkind: ConfigMap\nmetadata:\n  name: x\n");
        assertThat(failure("v").getMessage()).isEqualTo("v/a.yaml:6: document 1: object has no apiVersion");
        write("n/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n");
        assertThat(failure("n").getMessage()).isEqualTo("n/a.yaml:1: document 0: ConfigMap has no metadata.name");
    }

    @Test
    void malformedYamlNamesFileAndLine() throws IOException {
        write("m/a.yaml", cm("x") + "data:\n  a: [unclosed\n  b: c\n");
        RenderException e = failure("m");
        assertThat(e.file()).contains("m/a.yaml");
        assertThat(e.line()).isPresent();
        assertThat(e.getMessage()).startsWith("m/a.yaml:").contains("invalid YAML");
        write("j/a.json", "{\"apiVersion\": \"v1\",\n \"kind\": }");
        assertThat(failure("j").getMessage()).startsWith("j/a.json:2: invalid JSON");
    }

    @Test
    void duplicateObjectsAcrossFilesAreAnError() throws IOException {
        write("d/a.yaml", cm("same"));
        write("d/b.yaml", cm("same"));
        assertThat(failure("d").getMessage()).contains("d/a.yaml#0").contains("d/b.yaml#0");
    }

    @Test
    @DisplayName("RD-04 duplicate keys are rejected with file and line")
    void duplicateKeysRejected() throws IOException {
        write("a/dup.yaml", cm("x") + "spec:\n  image: a\n  image: b\n");
        RenderException e = failure("a");
        assertThat(e.getMessage()).isEqualTo("a/dup.yaml:7: duplicate key 'image'");
        write("j/dup.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\n\"metadata\":{\"name\":\"a\",\"name\":\"b\"}}");
        assertThat(failure("j").getMessage()).startsWith("j/dup.json:2: invalid JSON: duplicate key 'name'");
    }

    @Test
    @DisplayName("RD-05 custom tags are rejected and nothing is constructed")
    void customTagsRejected() throws IOException {
        write("t/evil.yaml", cm("x") + "data:\n  a: !!javax.script.ScriptEngineManager "
                + "[!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n");
        RenderException e = failure("t");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).isEqualTo("t/evil.yaml:6: tag !!javax.script.ScriptEngineManager is not allowed "
                + "(custom tags are refused)");
        write("u/local.yaml", cm("x") + "data:\n  a: !secret value\n");
        assertThat(failure("u").getMessage()).contains("tag !secret is not allowed");
    }

    @Test
    @DisplayName("RD-01 billion laughs is rejected at the alias budget, naming file and line")
    void billionLaughs() throws IOException {
        StringBuilder y = new StringBuilder(cm("lol")).append("data:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            y.append("  ").append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i == 0 ? "" : ",").append('*').append(p);
            }
            y.append("]\n");
        }
        write("b/lol.yaml", y.toString());
        RenderException e = failure("b");
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).startsWith("b/lol.yaml:").contains("expands to more than");
        assertThat(e.line()).isPresent();
    }

    @Test
    @DisplayName("RD-02 10,000-deep nesting gives a depth-limit error, never a StackOverflowError")
    void deepNesting() throws IOException {
        write("f/flow.yaml", cm("x") + "data:\n  a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        RenderException e = failure("f");
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo("f/flow.yaml:6: nested deeper than 200 levels");

        write("g/block.yaml", cm("y") + "data:\n  a:\n  " + "- ".repeat(10_000) + "x\n");
        assertThat(failure("g").getMessage()).startsWith("g/block.yaml:").contains("nested deeper than 200 levels");

        write("h/deep.json", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        assertThat(failure("h").reason()).isEqualTo(Reason.LIMIT);
    }

    @Test
    @DisplayName("RD-03 a document over 3 MB, a render over its budget and a ConfigMap over 1 MiB are too large")
    void tooLarge() throws IOException {
        String big = "x".repeat(3 * 1024 * 1024 + 10);
        write("big/a.yaml", cm("x") + "data:\n  a: " + big + "\n");
        RenderException e = failure("big");
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).startsWith("big/a.yaml").contains("too large");

        write("cm/a.yaml", cm("x") + "data:\n  a: " + "y".repeat(1024 * 1024 + 10) + "\n");
        RenderException cmTooLarge = failure("cm");
        assertThat(cmTooLarge.getMessage()).startsWith("cm/a.yaml: ConfigMap x too large: ")
                .endsWith(" bytes, the limit is 1048576");

        write("budget/a.yaml", cm("a"));
        write("budget/b.yaml", cm("b"));
        PlainYamlRenderer small = new PlainYamlRenderer(YamlLimits.defaults().withMaxTotalBytes(60));
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            assertThatThrownBy(() -> small.render(snapshot, new RenderSpec("plain", "budget",
                    PlainYamlOptions.defaults())))
                    .isInstanceOf(RenderException.class)
                    .hasMessageStartingWith("budget/b.yaml: too large");
        }
    }

    @Test
    @DisplayName("RD-06 YAML 1.1 scalars are typed as kubectl types them")
    void scalarTyping() throws IOException {
        write("s/a.yaml", cm("x") + "data:\n  on: on\n  b: yes\n  c: 'yes'\n  d: 010\n  e: 0o17\n  f: 1e3\n"
                + "  g: ~\n  h: 0x1F\n  i: 2001-12-14\n  j: \"123\"\n  k: 1.5\n  l: 9223372036854775808\n"
                + "  m: 1_000\n  nn: 08\n  o: !!str 010\n  p: 1:20\n");
        Map<String, Object> data = (Map<String, Object>) render("s").manifests().get(0).tree().get("data");
        assertThat(data).containsEntry("true", true).containsEntry("b", true).containsEntry("c", "yes")
                .containsEntry("d", 8L).containsEntry("e", 15L).containsEntry("f", 1000L).containsEntry("g", null)
                .containsEntry("h", 31L).containsEntry("i", "2001-12-14").containsEntry("j", "123")
                .containsEntry("k", 1.5).containsEntry("l", 9.223372036854775807E18).containsEntry("m", 1000L)
                .containsEntry("nn", 8L).containsEntry("o", "010").containsEntry("p", "1:20");
        write("inf/a.yaml", cm("x") + "data:\n  a: .inf\n");
        assertThat(failure("inf").getMessage()).isEqualTo("inf/a.yaml:6: '.inf' (infinity or NaN) cannot be "
                + "represented in JSON");
    }

    @Test
    void anchorsAndMergeKeysWork() throws IOException {
        write("m/a.yaml", cm("x") + "data:\n  base: &b {p: 1, q: 2}\n  derived:\n    <<: *b\n    q: 3\n");
        Map<?, ?> data = (Map<?, ?>) render("m").manifests().get(0).tree().get("data");
        assertThat(data.get("derived")).isEqualTo(Map.of("p", 1L, "q", 3L));
    }

    @Test
    @DisplayName("RD-04 a key written twice around a merge key is still a duplicate; overriding a merged key is not")
    void duplicateDetectionSurvivesMergeKeys() throws IOException {
        write("d1/a.yaml", cm("x") + "data:\n  base: &b {p: 1}\n  derived:\n    q: 1\n    <<: *b\n    q: 2\n");
        assertThat(failure("d1").getMessage()).contains("duplicate key 'q'");
        write("d2/a.yaml", cm("x") + "data:\n  base: &b {p: 1}\n  derived:\n    <<: *b\n    p: 2\n    r: 1\n    r: 3\n");
        assertThat(failure("d2").getMessage()).contains("duplicate key 'r'");
        write("d3/a.yaml", cm("x") + "data:\n  base: &b {p: 1}\n  derived:\n    <<: *b\n    p: 2\n");
        assertThat(((Map<?, ?>) render("d3").manifests().get(0).tree().get("data")).get("derived"))
                .isEqualTo(Map.of("p", 2L));
    }

    @Test
    @DisplayName("P7 parsing files in parallel gives the same objects, order and first error as one thread")
    void parallelReadingMatchesSequentialReading() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int f = 0; f < 40; f++) {
            big.setLength(0);
            for (int i = 0; i < 60; i++) {
                big.append("---\n").append(cm("c" + f + "-" + i)).append("data:\n  v: \"").append("x".repeat(100))
                        .append("\"\n");
            }
            write("many/f" + String.format("%02d", f) + ".yaml", big.toString());
        }
        PlainYamlRenderer sequential = new PlainYamlRenderer();
        PlainYamlRenderer parallel = new PlainYamlRenderer(YamlLimits.defaults(), true);
        RenderSpec spec = new RenderSpec("plain", "many", PlainYamlOptions.defaults());
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            ManifestSet one = sequential.render(snapshot, spec);
            ManifestSet many = parallel.render(snapshot, spec);
            assertThat(one.size()).isEqualTo(2400);
            assertThat(many.manifests()).containsExactlyElementsOf(one.manifests());
            assertThat(many.manifests().stream().map(Manifest::origin).toList())
                    .containsExactlyElementsOf(one.manifests().stream().map(Manifest::origin).toList());
        }
        write("many/f07.yaml", cm("bad") + "data: [\n");
        write("many/f31.yaml", "apiVersion: v1\nkind: ConfigMap\n");
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            RenderException a = catchRender(() -> sequential.render(snapshot, spec));
            RenderException b = catchRender(() -> parallel.render(snapshot, spec));
            assertThat(b.getMessage()).isEqualTo(a.getMessage()).startsWith("many/f07.yaml");
        }
    }

    private static RenderException catchRender(Runnable r) {
        try {
            r.run();
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("the render did not fail");
    }

    @Test
    @DisplayName("RD-03 object sizes are the UTF-8 bytes of the canonical JSON, counted without writing it")
    void canonicalUtf8LengthMatchesCanonicalJson() {
        Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("apiVersion", "v1");
        tree.put("kind", "ConfigMap");
        tree.put("metadata", Map.of("name", "x", "labels", Map.of("größe", "日本")));
        tree.put("data", Map.of("q", "a\"b\\c\nd\te\u0001\u001fé\r\b\f", "e", "", "emoji", "\uD83D\uDE00 ok",
                "mixed", "ß€𝄞\u007f\u0080\u07ff\u0800\uffff"));
        tree.put("nums", List.of(0L, -7L, Long.MIN_VALUE, Long.MAX_VALUE, 1.5, -2.0, 1e20, 3e-9, 123456789012345.0,
                new java.math.BigInteger("123456789012345678901234567890")));
        tree.put("flags", java.util.Arrays.asList(true, false, null, List.of(), Map.of()));
        Manifest m = Manifest.of(tree);
        assertThat(ObjectSizes.canonicalUtf8Length(m.tree()))
                .isEqualTo(m.canonicalJson().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(m.canonicalJson().length());
    }

    @Test
    @DisplayName("RD-03 sizes are UTF-8 bytes: 500,000 × '日' (1.5 MB, 0.5 M characters) is a ConfigMap over 1 MiB")
    void multiByteConfigMapOverTheLimitIsTooLarge() throws IOException {
        write("cjk/a.yaml", cm("x") + "data:\n  a: " + "日".repeat(500_000) + "\n");

        RenderException e = failure("cjk");

        // {"apiVersion":"v1","data":{"a":""},"kind":"ConfigMap","metadata":{"name":"x"}} is 78 bytes, each '日' 3 more
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).isEqualTo("cjk/a.yaml: ConfigMap x too large: 1500078 bytes, the limit is 1048576");
    }

    /**
     * Writes {@code dir/full/a.yaml}: {@code head + value + "\n"}, the value filling the object's canonical JSON up to
     * {@code bytes} UTF-8 bytes with {@code filler} (a multi-byte character) and ASCII for the remainder. The
     * envelope is measured on a render of the same object with an empty value.
     */
    private void writeFilled(String dir, String head, String filler, int bytes) throws IOException {
        write(dir + "/empty/a.yaml", head + "\"\"\n");
        int envelope = render(dir + "/empty").manifests().get(0).canonicalJson()
                .getBytes(StandardCharsets.UTF_8).length;
        int fillerBytes = filler.getBytes(StandardCharsets.UTF_8).length;
        int room = bytes - envelope;
        write(dir + "/full/a.yaml", head + filler.repeat(room / fillerBytes) + "x".repeat(room % fillerBytes) + "\n");
    }

    @Test
    @DisplayName("RD-03 multi-byte data exactly at each limit renders; one byte over is too large (ConfigMap 1 MiB, any object 3 MiB)")
    void multiByteDataAtAndOverEachLimit() throws IOException {
        int configLimit = YamlLimits.defaults().maxConfigObjectBytes();
        int objectLimit = YamlLimits.defaults().maxObjectBytes();
        String configMap = cm("x") + "data:\n  a: ";
        String blob = "apiVersion: example.com/v1\nkind: Blob\nmetadata:\n  name: b\nspec:\n  text: ";
        for (String filler : List.of("日", "é", "\uD83D\uDE00")) {
            writeFilled("cm-at", configMap, filler, configLimit);
            Manifest atConfigLimit = render("cm-at/full").manifests().get(0);
            assertThat(atConfigLimit.canonicalJson().getBytes(StandardCharsets.UTF_8)).hasSize(configLimit);
            assertThat(atConfigLimit.canonicalJson().length()).as("far fewer characters than bytes")
                    .isLessThan(configLimit * 3 / 5);
            writeFilled("cm-over", configMap, filler, configLimit + 1);
            assertThat(catchRender(() -> render("cm-over/full")).getMessage()).isEqualTo("cm-over/full/a.yaml: "
                    + "ConfigMap x too large: " + (configLimit + 1) + " bytes, the limit is " + configLimit);

            writeFilled("blob-at", blob, filler, objectLimit);
            Manifest atObjectLimit = render("blob-at/full").manifests().get(0);
            assertThat(atObjectLimit.canonicalJson().getBytes(StandardCharsets.UTF_8)).hasSize(objectLimit);
            writeFilled("blob-over", blob, filler, objectLimit + 1);
            assertThat(catchRender(() -> render("blob-over/full")).getMessage()).isEqualTo("blob-over/full/a.yaml: "
                    + "Blob b too large: " + (objectLimit + 1) + " bytes, the limit is " + objectLimit);
        }
    }
}

package io.gitops4j.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Server-side apply golden cases from {@code src/test/resources/merge/ssa/*.yaml} (format: see
 * {@code merge/ssa/README.md}).
 */
class SsaGoldenTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TestFactory
    Stream<DynamicNode> goldenCases() throws IOException {
        List<DynamicNode> files = new ArrayList<>();
        for (Path f : caseFiles()) {
            List<DynamicNode> cases = new ArrayList<>();
            for (Map<String, Object> c : readCases(f)) {
                String name = String.valueOf(c.get("name"));
                cases.add(DynamicTest.dynamicTest(name, () -> GoldenCase.run(c)));
            }
            files.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), cases));
        }
        return files.stream();
    }

    @Test
    @DisplayName("there are at least 40 golden cases")
    void enoughCases() throws IOException {
        int n = 0;
        for (Path f : caseFiles()) {
            n += readCases(f).size();
        }
        assertThat(n).isGreaterThanOrEqualTo(40);
    }

    static List<Path> caseFiles() throws IOException {
        URL dir = SsaGoldenTest.class.getResource("/merge/ssa");
        assertThat(dir).as("merge/ssa on the test classpath").isNotNull();
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readCases(Path f) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(f);
             MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(in)) {
            while (it.hasNext()) {
                Object doc = it.next();
                if (doc instanceof Map<?, ?> m && !m.isEmpty()) {
                    out.add((Map<String, Object>) Values.normalize(m));
                }
            }
        }
        return out;
    }

    /** One golden case: a start object and steps, each checked against its expectations. */
    static final class GoldenCase {

        @SuppressWarnings("unchecked")
        static void run(Map<String, Object> c) {
            TypeSchema type = schemaOf(c);
            boolean strict = Boolean.TRUE.equals(c.get("strict"));
            ServerSideApply ssa = new ServerSideApply(strict);
            Map<String, Object> live = Values.asMap(c.get("live"));
            List<Object> steps = Values.asList(c.get("steps"));
            assertThat(steps).as("steps").isNotEmpty();
            for (int i = 0; i < steps.size(); i++) {
                Map<String, Object> step = (Map<String, Object>) steps.get(i);
                Instant now = T0.plusSeconds(i + 1);
                Map<String, Object> expect = Values.asMap(step.get("expect"));
                assertThat(expect).as("step %d has expect", i).isNotNull();
                Map<String, Object> before = live;
                if (expect.containsKey("error")) {
                    Map<String, Object> snapshot = before == null ? null : Values.copyMap(before);
                    assertThatThrownBy(() -> execute(ssa, before, step, now, type))
                            .as("step %d", i)
                            .isInstanceOf(exceptionType(String.valueOf(expect.getOrDefault("errorType",
                                    "ApplyConflictException"))))
                            .hasMessage(String.valueOf(expect.get("error")));
                    if (snapshot != null) {
                        assertThat(before).as("input untouched").isEqualTo(snapshot);
                    }
                    continue;
                }
                ApplyOutcome out = execute(ssa, before, step, now, type);
                check(i, expect, out, before);
                live = out.object();
            }
        }

        @SuppressWarnings("unchecked")
        static Class<? extends Throwable> exceptionType(String simpleName) {
            try {
                return (Class<? extends Throwable>) Class.forName("io.gitops4j.core.merge." + simpleName);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("unknown errorType " + simpleName);
            }
        }

        static ApplyOutcome execute(ServerSideApply ssa, Map<String, Object> live, Map<String, Object> step,
                                    Instant now, TypeSchema type) {
            FieldScope scope = scopeOf(Values.asMap(step.get("scope")));
            String subresource = String.valueOf(step.getOrDefault("subresource", ""));
            String apiVersion = String.valueOf(step.getOrDefault("apiVersion", "v1"));
            if (step.containsKey("apply")) {
                ApplyRequest req = new ApplyRequest(String.valueOf(step.get("apply")),
                        Boolean.TRUE.equals(step.get("force")), apiVersion, now, scope, subresource);
                return ssa.apply(live, Values.asMap(step.get("config")), req, type);
            }
            if (step.containsKey("update")) {
                UpdateRequest req = new UpdateRequest(String.valueOf(step.get("update")), apiVersion, now, scope,
                        subresource);
                return ssa.update(live, Values.asMap(step.get("object")), req, type);
            }
            throw new AssertionError("a step is either apply: MANAGER or update: MANAGER");
        }

        static FieldScope scopeOf(Map<String, Object> scope) {
            if (scope == null) {
                return FieldScope.all();
            }
            if (scope.get("ignore") instanceof List<?> l) {
                return FieldScope.ignoring(l.stream().map(String::valueOf).toArray(String[]::new));
            }
            if (scope.get("only") instanceof List<?> l) {
                return FieldScope.only(l.stream().map(String::valueOf).toArray(String[]::new));
            }
            throw new AssertionError("scope is {ignore: [...]} or {only: [...]}");
        }

        static TypeSchema schemaOf(Map<String, Object> c) {
            Object type = c.get("type");
            if (type == null || "untyped".equals(type)) {
                if (c.get("crd") instanceof Map<?, ?> crd) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> crdTree = (Map<String, Object>) crd;
                    String version = String.valueOf(c.getOrDefault("crdVersion", "v1"));
                    TypeSchema t = CrdSchemas.from(crdTree).get(version);
                    assertThat(t).as("CRD version " + version).isNotNull();
                    return t;
                }
                return TypeSchema.UNTYPED;
            }
            String[] parts = String.valueOf(type).split(" ");
            return BuiltInSchemas.registry().find(parts[0], parts[1])
                    .orElseThrow(() -> new AssertionError("no built-in schema for " + type));
        }

        @SuppressWarnings("unchecked")
        static void check(int i, Map<String, Object> expect, ApplyOutcome out, Map<String, Object> before) {
            if (expect.containsKey("changed")) {
                assertThat(out.changed()).as("step %d changed", i).isEqualTo(expect.get("changed"));
            }
            if (!out.changed() && before != null) {
                assertThat(Values.equal(out.object(), before)).as("step %d: unchanged result equals live", i)
                        .isTrue();
            }
            if (expect.containsKey("object")) {
                Map<String, Object> actual = ManagedFieldsList.readOnlyWithoutManagedFields(out.object());
                assertTrue(Values.equal(expect.get("object"), actual), () -> "step " + i + " object\nexpected: "
                        + JsonText.write(expect.get("object")) + "\nactual:   " + JsonText.write(actual));
                assertThat(JsonText.write(actual)).as("step %d object order", i)
                        .isEqualTo(JsonText.write(expect.get("object")));
            }
            if (expect.containsKey("managedFields")) {
                List<Object> expected = Values.asList(expect.get("managedFields"));
                Map<String, Object> meta = Values.asMap(out.object().get("metadata"));
                List<Object> actual = meta == null || meta.get("managedFields") == null ? List.of()
                        : Values.asList(meta.get("managedFields"));
                assertThat(actual).as("step %d number of managedFields entries", i).hasSize(expected.size());
                for (int k = 0; k < expected.size(); k++) {
                    Map<String, Object> e = (Map<String, Object>) expected.get(k);
                    Map<String, Object> a = (Map<String, Object>) actual.get(k);
                    for (String key : e.keySet()) {
                        Object want = e.get(key);
                        Object got = a.get(key);
                        if ("fieldsV1".equals(key)) {
                            assertThat(FieldSet.fromFieldsV1((Map<String, ?>) got).toString())
                                    .as("step %d entry %d (%s) fields", i, k, a.get("manager"))
                                    .isEqualTo(FieldSet.fromFieldsV1((Map<String, ?>) want).toString());
                            assertTrue(Values.equal(want, got), () -> "step " + i + " entry " + a.get("manager")
                                    + " FieldsV1 text\nexpected: " + JsonText.write(want) + "\nactual:   "
                                    + JsonText.write(got));
                        } else {
                            assertThat(got).as("step %d entry %d %s", i, k, key).isEqualTo(want);
                        }
                    }
                }
            }
        }
    }
}

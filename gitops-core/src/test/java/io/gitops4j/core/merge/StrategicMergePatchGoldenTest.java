package io.gitops4j.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Strategic merge patch golden cases from {@code src/test/resources/merge/smp/*.yaml}. */
class StrategicMergePatchGoldenTest {

    @TestFactory
    Stream<DynamicNode> goldenCases() throws IOException, URISyntaxException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(getClass().getResource("/merge/smp").toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<DynamicNode> out = new ArrayList<>();
        for (Path f : files) {
            List<DynamicNode> cases = new ArrayList<>();
            for (Map<String, Object> c : SsaGoldenTest.readCases(f)) {
                cases.add(DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> run(c)));
            }
            out.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), cases));
        }
        assertThat(out).isNotEmpty();
        return out.stream();
    }

    private static void run(Map<String, Object> c) {
        TypeSchema type = SsaGoldenTest.GoldenCase.schemaOf(c);
        Map<String, Object> original = Values.asMap(c.get("original"));
        Map<String, Object> patch = Values.asMap(c.get("patch"));
        Map<String, Object> originalCopy = Values.copyMap(original);
        Map<String, Object> expect = Values.asMap(c.get("expect"));
        if (expect.containsKey("error")) {
            assertThatThrownBy(() -> StrategicMergePatch.apply(original, patch, type))
                    .isInstanceOf(SsaGoldenTest.GoldenCase.exceptionType(
                            String.valueOf(expect.getOrDefault("errorType", "PatchException"))))
                    .hasMessage(String.valueOf(expect.get("error")));
        } else {
            Map<String, Object> actual = StrategicMergePatch.apply(original, patch, type);
            assertThat(JsonText.write(actual)).isEqualTo(JsonText.write(expect.get("object")));
        }
        assertThat(original).as("original untouched").isEqualTo(originalCopy);
    }
}

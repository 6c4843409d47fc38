package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Writing manifests as YAML and reading them back gives the same objects, tricky scalars included. */
class ManifestYamlTest {
    @Test
    void roundTripsTheTypingCorpus() throws IOException {
        List<Manifest> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/render/typing/accepted"))) {
            for (Path f : files.sorted().toList()) {
                all.addAll(ManifestReader.withDefaults().read(f.getFileName().toString(), Files.readAllBytes(f)));
            }
        }
        String yaml = ManifestYaml.documents(all);
        List<Manifest> back = ManifestReader.withDefaults().read("back.yaml", yaml);
        assertThat(back).containsExactlyElementsOf(all);
        assertThat(yaml).contains("apiVersion: v1\n").contains("\"yes\"").contains("\"010\"");
        assertThat(ManifestYaml.documents(List.of())).isEmpty();
    }
}

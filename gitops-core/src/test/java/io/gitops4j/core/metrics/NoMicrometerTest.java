package io.gitops4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micrometer is optional: the engine runs a whole pass on a class path without it (EN-17). */
class NoMicrometerTest {
    @TempDir
    Path repo;

    @Test
    @DisplayName("EN-17 without micrometer-core on the class path a reconciler builds, reconciles and tells progress")
    void en17EngineRunsWithoutMicrometer() throws Exception {
        Files.writeString(repo.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.contains("micrometer")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(urls.size()).as("the class path was read").isGreaterThan(3);
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> pass = Class.forName(OnePass.class.getName(), true, loader);
            Object outcome = pass.getMethod("run", Path.class).invoke(null, repo);

            assertThat(outcome).isEqualTo("SYNCED, 1 written, progress told");
        }
    }
}

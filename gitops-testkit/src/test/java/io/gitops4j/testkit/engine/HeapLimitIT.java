package io.gitops4j.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EN-08: a reconcile of 10,000 objects fits in a 256 MB heap. {@link HeapLimitMain} runs in a JVM of its own with
 * {@code -Xmx256m} and {@code -XX:+ExitOnOutOfMemoryError} (an OutOfMemoryError on any thread ends it with exit code
 * 3); the fake cluster holding the 10,000 objects shares that heap. The measured peak and retained heap are printed.
 */
class HeapLimitIT {
    private static final int OBJECTS = 10_000;

    @TempDir
    Path dir;

    @Test
    @DisplayName("EN-08 -Xmx256m: a cold reconcile of 10,000 objects through FakeKube.asTarget() and a no-op pass after it end without OutOfMemoryError")
    void tenThousandObjectsFitIn256Megabytes() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve("child.out");
        Path objects = Files.createDirectories(dir.resolve("objects"));
        Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), HeapLimitMain.class.getName(), String.valueOf(OBJECTS),
                objects.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("the child finished within 10 minutes").isTrue();
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as("exit code (3: OutOfMemoryError); output:%n%s", tail(output)).isZero();
            Map<String, String> line = lastLine(output);
            assertThat(line).containsEntry("first", "SYNCED:" + OBJECTS).containsEntry("second", "SYNCED:0");
            long peak = Long.parseLong(line.get("peakBytes"));
            long retained = Long.parseLong(line.get("retainedBytes"));
            System.out.printf("EN-08: %,d objects with -Xmx256m in %s ms: peak heap %,d MB, retained %,d MB%n",
                    OBJECTS, line.get("millis"), peak >> 20, retained >> 20);
        } finally {
            child.destroyForcibly();
        }
    }

    private static Map<String, String> lastLine(String output) {
        List<String> lines = output.lines().filter(l -> l.startsWith("first=")).toList();
        assertThat(lines).as("the child's result line in:%n%s", tail(output)).hasSize(1);
        Map<String, String> fields = new HashMap<>();
        for (String field : lines.get(0).split(" ")) {
            int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return fields;
    }

    private static String tail(String output) {
        return output.length() <= 4_000 ? output : output.substring(output.length() - 4_000);
    }
}

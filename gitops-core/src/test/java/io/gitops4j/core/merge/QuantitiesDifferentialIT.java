package io.gitops4j.core.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.core.render.KubectlTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DA-10: {@link Quantities#canonical} writes every quantity back as the Kubernetes API machinery does. The oracle is
 * kubectl 1.33 ({@code kubectl.1.33} next to the dispatcher, else the kubectl on the PATH): {@code kubectl set
 * resources --local} reads a Pod file into the typed Pod (each quantity through the machinery's parser) and prints
 * it back (through its writer), with no server. Thousands of random quantities go through one kubectl run; the seed
 * is new every run and printed with any mismatch.
 */
class QuantitiesDifferentialIT {
    private static final Path VERSIONED = Path.of(System.getenv().getOrDefault("KUBECTL_VERSIONS_DIR",
            "/usr/lib/google-cloud-sdk/bin"), "kubectl.1.33");
    private static final List<String> SUFFIXES = List.of("", "", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki",
            "Mi", "Gi", "Ti", "Pi", "Ei", "e3", "e-3", "E6", "e0", "e-9", "e-12", "e+3", "e21");

    @TempDir
    Path dir;

    @Test
    @DisplayName("DA-10 quantities come back as kubectl 1.33's Quantity writes them, for random spellings")
    void randomQuantitiesAsTheApiMachineryWritesThem() throws Exception {
        long seed = System.nanoTime();
        List<String> quantities = quantities(new Random(seed), 3000);

        List<String> expected = throughKubectl(quantities);

        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < quantities.size(); i++) {
            Object ours = Quantities.canonical(quantities.get(i));
            if (!expected.get(i).equals(ours)) {
                mismatches.add(quantities.get(i) + ": kubectl " + expected.get(i) + ", ours " + ours);
            }
        }
        assertThat(mismatches).as("seed %d", seed).isEmpty();
    }

    /** Signs, leading zeros, fractions of up to 12 digits, integers of up to 20, every suffix kind. */
    private static List<String> quantities(Random random, int count) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            StringBuilder q = new StringBuilder(List.of("", "", "-", "+").get(random.nextInt(4)));
            String integer = digits(random, random.nextInt(random.nextBoolean() ? 4 : 21));
            if (random.nextInt(5) == 0) {
                integer = "0".repeat(1 + random.nextInt(3)) + integer;
            }
            String fraction = digits(random, random.nextInt(13));
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> q.append(integer.isEmpty() ? "0" : integer);
                case 3 -> q.append('.').append(fraction.isEmpty() ? "5" : fraction);
                case 4 -> q.append(integer.isEmpty() ? "1" : integer).append('.');
                default -> q.append(integer.isEmpty() ? "0" : integer).append('.').append(fraction);
            }
            out.add(q.append(SUFFIXES.get(random.nextInt(SUFFIXES.size()))).toString());
        }
        return List.copyOf(out);
    }

    private static String digits(Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    /** One Pod with a container per quantity as its memory limit, read and written back by kubectl. */
    private List<String> throughKubectl(List<String> quantities) throws IOException, InterruptedException {
        List<Object> containers = new ArrayList<>();
        for (int i = 0; i < quantities.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "c" + i);
            c.put("image", "x");
            c.put("resources", Map.of("limits", Map.of("memory", quantities.get(i))));
            containers.add(c);
        }
        Path pod = dir.resolve("pod.json");
        new ObjectMapper().writeValue(pod.toFile(), Map.of("apiVersion", "v1", "kind", "Pod",
                "metadata", Map.of("name", "quantities"), "spec", Map.of("containers", containers)));
        Path kubectl = Files.isExecutable(VERSIONED) ? VERSIONED : KubectlTool.require();
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(kubectl.toString(), "set", "resources", "--local", "-f", pod.toString(),
                "-c", "c0", "--requests=cpu=1", "-o",
                "jsonpath={range .spec.containers[*]}{.resources.limits.memory}{\"\\n\"}{end}")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("kubectl: %s", lines.stream().limit(5).toList()).isZero();
        assertThat(lines).as("one quantity per container").hasSize(quantities.size());
        return lines;
    }
}

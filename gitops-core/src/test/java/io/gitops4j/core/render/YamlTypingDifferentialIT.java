package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.resource.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RD-06: our YAML typing equals kubectl's. kubectl's reading of {@code -f FILE} (sigs.k8s.io/yaml, then unstructured
 * JSON) is observed without a server through {@code kubectl label --local -f FILE -o json zz-}: the same resource
 * builder {@code kubectl apply -f} uses, and removing an absent label changes nothing (every corpus object carries a
 * label, so kubectl does not add an empty {@code labels} map).
 *
 * <p>Every case runs against each kubectl 1.27–1.33 installed as {@code kubectl.1.NN} (in {@code
 * /usr/lib/google-cloud-sdk/bin}, or {@code $KUBECTL_VERSIONS_DIR}). Under {@code CI=true} all seven must be
 * installed; elsewhere the missing ones are skipped, and with none installed the cases run against the kubectl on
 * the PATH.
 *
 * <p>Corpus: {@code render/typing/accepted} (kubectl accepts; our objects must equal its output, numbers compared by
 * value) and {@code render/typing/rejected} (kubectl refuses; we must refuse too). Known deliberate differences,
 * covered by RD-04/RD-05 tests instead: duplicate keys and custom tags, which kubectl silently accepts.
 */
class YamlTypingDifferentialIT {
    private static final Path CORPUS = Path.of("src/test/resources/render/typing");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** Where the versioned kubectl binaries ({@code kubectl.1.NN}) live; {@code $KUBECTL_VERSIONS_DIR} overrides. */
    private static final Path VERSIONS = Path.of(System.getenv().getOrDefault("KUBECTL_VERSIONS_DIR",
            "/usr/lib/google-cloud-sdk/bin"));
    private static final String DEFAULT_KUBECTL = "kubectl";
    /** The versioned binaries this test runs, kubectl 1.27 to 1.33. */
    private static final List<String> MINORS = IntStream.rangeClosed(27, 33).mapToObj(m -> "kubectl.1." + m).toList();

    static Stream<Arguments> accepted() {
        return cases("accepted");
    }

    static Stream<Arguments> rejected() {
        return cases("rejected");
    }

    /**
     * Every corpus file against each kubectl 1.27–1.33. Under CI each of them must be installed (a missing one fails
     * its cases); elsewhere a missing one is skipped, and with none installed the cases run against the kubectl on
     * the PATH instead.
     */
    private static Stream<Arguments> cases(String dir) {
        List<String> kubectls = KubectlTool.underCi() || MINORS.stream().anyMatch(n -> Files.isExecutable(
                VERSIONS.resolve(n))) ? MINORS : List.of(DEFAULT_KUBECTL);
        List<String> names = files(dir);
        return kubectls.stream().flatMap(k -> names.stream().map(f -> Arguments.of(k, f)));
    }

    /** The kubectl binary to run: the versioned one (failing under CI, skipped elsewhere, when missing). */
    private static Path kubectl(String name) {
        if (name.equals(DEFAULT_KUBECTL)) {
            return KubectlTool.require();
        }
        Path binary = VERSIONS.resolve(name);
        KubectlTool.requireTool(Files.isExecutable(binary), name + " (in " + VERSIONS + ")", "kubectl");
        return binary;
    }

    private static List<String> files(String dir) {
        try (Stream<Path> s = Files.list(CORPUS.resolve(dir))) {
            return s.map(p -> dir + "/" + p.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    @DisplayName("RD-06 typed exactly as kubectl types it")
    void sameAsKubectl(String kubectlName, String file) throws Exception {
        Path kubectl = kubectl(kubectlName);
        Path path = CORPUS.resolve(file);
        Kubectl result = run(kubectl, path);
        assertThat(result.exitCode).as("%s accepts %s: %s", kubectlName, file, result.stderr).isZero();
        List<Object> expected = new ArrayList<>();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<?, ?>> values =
                JSON.readerFor(Map.class).readValues(result.stdout)) {
            while (values.hasNext()) {
                Map<?, ?> parsed = values.next();
                if ("List".equals(parsed.get("kind")) && parsed.get("items") instanceof List) {
                    expected.addAll((List<?>) parsed.get("items"));
                } else {
                    expected.add(parsed);
                }
            }
        }

        List<Manifest> ours = ManifestReader.withDefaults().read(file, Files.readAllBytes(path));

        assertThat(ours).hasSameSizeAs(expected);
        for (int i = 0; i < ours.size(); i++) {
            List<String> differences = new ArrayList<>();
            compare("", expected.get(i), ours.get(i).tree(), differences);
            assertThat(differences).as("%s object %d differs from %s", file, i, kubectlName).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rejected")
    @DisplayName("RD-06 refused where kubectl refuses")
    void refusedLikeKubectl(String kubectlName, String file) throws Exception {
        Path kubectl = kubectl(kubectlName);
        Path path = CORPUS.resolve(file);
        Kubectl result = run(kubectl, path);
        assertThat(result.exitCode).as("%s refuses %s", kubectlName, file).isNotZero();
        byte[] content = Files.readAllBytes(path);
        assertThatThrownBy(() -> ManifestReader.withDefaults().read(file, content))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith(file + ":");
    }

    private static void compare(String at, Object kube, Object ours, List<String> out) {
        if (kube instanceof Map && ours instanceof Map) {
            Map<?, ?> k = (Map<?, ?>) kube;
            Map<?, ?> o = (Map<?, ?>) ours;
            if (!k.keySet().equals(o.keySet())) {
                out.add(at + ": keys " + new java.util.TreeSet<>(stringKeys(k)) + " vs ours "
                        + new java.util.TreeSet<>(stringKeys(o)));
                return;
            }
            k.forEach((key, v) -> compare(at + "." + key, v, o.get(key), out));
        } else if (kube instanceof List && ours instanceof List) {
            List<?> k = (List<?>) kube;
            List<?> o = (List<?>) ours;
            if (k.size() != o.size()) {
                out.add(at + ": " + k.size() + " items vs ours " + o.size());
                return;
            }
            Iterator<?> oi = o.iterator();
            int i = 0;
            for (Object item : k) {
                compare(at + "[" + i++ + "]", item, oi.next(), out);
            }
        } else if (kube instanceof Number && ours instanceof Number) {
            if (decimal((Number) kube).compareTo(decimal((Number) ours)) != 0) {
                out.add(at + ": kubectl " + kube + " vs ours " + ours);
            }
        } else if (kube == null ? ours != null : !kube.equals(ours)) {
            out.add(at + ": kubectl " + describe(kube) + " vs ours " + describe(ours));
        }
    }

    private static List<String> stringKeys(Map<?, ?> m) {
        return m.keySet().stream().map(String::valueOf).toList();
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof BigInteger) {
            return new BigDecimal((BigInteger) n);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(Double.toString(n.doubleValue()));
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private record Kubectl(int exitCode, String stdout, String stderr) {}

    private static Kubectl run(Path kubectl, Path file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kubectl-out", ".json");
        Path err = Files.createTempFile("kubectl-err", ".txt");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "label", "--local", "-f", file.toString(), "-o",
                    "json", "zz-")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl timed out");
            }
            return new Kubectl(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

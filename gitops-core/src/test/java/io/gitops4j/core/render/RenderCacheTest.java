package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.resource.Origin;
import io.gitops4j.api.source.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The render cache, around a built-in renderer and around a custom one (the extension example). */
class RenderCacheTest {
    @TempDir
    Path repo;

    /**
     * An example custom renderer: turns every {@code .properties} file of the render path into a ConfigMap. It
     * plugs in through {@link Renderer} like the built-ins (name, version, render).
     */
    static final class PropertiesRenderer implements Renderer {
        final AtomicInteger calls = new AtomicInteger();

        /** Its options: the ConfigMap name prefix. */
        record Options(String prefix) implements RenderOptions {}

        @Override
        public String name() {
            return "properties";
        }

        @Override
        public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
            calls.incrementAndGet();
            String prefix = spec.options(Options.class).prefix();
            return ManifestSet.of(snapshot.walk(spec.path()).stream()
                    .filter(e -> e.path().endsWith(".properties")).map(e -> {
                        Properties p = new Properties();
                        try {
                            p.load(new java.io.StringReader(new String(snapshot.read(e.path()),
                                    StandardCharsets.UTF_8)));
                        } catch (IOException x) {
                            throw new RenderException(e.path(), 0, "unreadable", x);
                        }
                        Map<String, Object> data = new LinkedHashMap<>();
                        p.stringPropertyNames().stream().sorted().forEach(k -> data.put(k, p.getProperty(k)));
                        String name = prefix + e.fileName().replace(".properties", "");
                        return Manifest.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                                Map.of("name", name), "data", data), new Origin(e.path(), 0));
                    }).toList());
        }
    }

    @Test
    void customRendererIsCachedByTreeIdOptionsAndVersion() throws IOException {
        Files.createDirectories(repo.resolve("cfg"));
        Files.writeString(repo.resolve("cfg/app.properties"), "a=1\nb=two\n");
        PropertiesRenderer custom = new PropertiesRenderer();
        RenderCache cache = RenderCache.of(custom);
        RenderSpec spec = new RenderSpec("properties", "cfg", new PropertiesRenderer.Options("p-"));
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            ManifestSet first = cache.render(snapshot, spec);
            assertThat(first.manifests().get(0).name()).isEqualTo("p-app");
            assertThat(first.manifests().get(0).get("data", "b")).contains("two");
            assertThat(cache.render(snapshot, spec)).isSameAs(first);
            assertThat(custom.calls).hasValue(1);
            cache.render(snapshot, spec.withOptions(new PropertiesRenderer.Options("q-")));
            assertThat(custom.calls).hasValue(2);
        }
        Files.writeString(repo.resolve("cfg/app.properties"), "a=changed\n");
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            assertThat(cache.render(snapshot, spec).manifests().get(0).get("data", "a")).contains("changed");
            assertThat(custom.calls).hasValue(3);
        }
    }

    @Test
    void failuresAreNotCached() throws IOException {
        Files.createDirectories(repo.resolve("app"));
        Files.writeString(repo.resolve("app/a.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
        RenderCache cache = RenderCache.of(new PlainYamlRenderer());
        RenderSpec spec = new RenderSpec("plain", "app", PlainYamlOptions.defaults());
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            assertThatThrownBy(() -> cache.render(snapshot, spec)).isInstanceOf(RenderException.class);
            assertThat(cache.size()).isZero();
        }
    }

    @Test
    void plainRendersAreKeyedByThePathsTreeOnly() throws IOException {
        Files.createDirectories(repo.resolve("app"));
        Files.writeString(repo.resolve("app/a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        AtomicInteger calls = new AtomicInteger();
        RenderCache cache = RenderCache.of(plainCalling(spec -> calls.incrementAndGet()));
        RenderSpec spec = new RenderSpec("plain", "app", PlainYamlOptions.defaults());
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            cache.render(snapshot, spec);
        }
        Files.writeString(repo.resolve("elsewhere.yaml"), "unrelated: change\n");
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            cache.render(snapshot, spec);
            assertThat(calls).hasValue(1);
            cache.render(snapshot, spec.withOptions(PlainYamlOptions.defaults().withRecursive(false)));
            assertThat(calls).hasValue(2);
        }
        assertThat(List.of(cache.name(), cache.version())).containsExactly("plain", "1");
    }

    @Test
    void substitutionSettingsAreInTheKeyAsAHashNeverAsValues() throws IOException {
        Files.createDirectories(repo.resolve("app"));
        Files.writeString(repo.resolve("app/a.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ${NS}\n");
        AtomicInteger calls = new AtomicInteger();
        List<String> keysSeen = new java.util.ArrayList<>();
        RenderCache cache = RenderCache.of(plainCalling(spec -> {
            calls.incrementAndGet();
            keysSeen.add(spec.substitution().fingerprint() + " " + spec.substitution());
        }));
        RenderSpec spec = new RenderSpec("plain", "app", PlainYamlOptions.defaults())
                .withSubstitution(io.gitops4j.api.render.Substitution.of(Map.of("NS", "canary-secret-one")));
        try (Snapshot snapshot = LocalSnapshots.open(repo)) {
            assertThat(cache.render(snapshot, spec).manifests().get(0).namespace()).isEqualTo("canary-secret-one");
            assertThat(cache.render(snapshot, spec.withSubstitution(io.gitops4j.api.render.Substitution.of(
                    Map.of("NS", "canary-secret-one"))))).as("same values: a hit").isNotNull();
            assertThat(calls).hasValue(1);
            RenderSpec other = spec.withSubstitution(spec.substitution().withVariables(Map.of("NS", "canary-secret-two")));
            assertThat(cache.render(snapshot, other).manifests().get(0).namespace()).isEqualTo("canary-secret-two");
            cache.render(snapshot, other.withSubstitution(other.substitution().withStrict(true)));
            assertThat(calls).as("another value, then strict mode: two more renders").hasValue(3);
        }
        assertThat(keysSeen).hasSize(3).allSatisfy(k -> assertThat(k).doesNotContain("canary-secret"));
    }

    /** The plain renderer, telling {@code onRender} of every render the cache lets through. */
    private static Renderer plainCalling(java.util.function.Consumer<RenderSpec> onRender) {
        PlainYamlRenderer plain = new PlainYamlRenderer();
        return new Renderer() {
            @Override
            public String name() {
                return plain.name();
            }

            @Override
            public ManifestSet render(Snapshot snapshot, RenderSpec spec) {
                onRender.accept(spec);
                return plain.render(snapshot, spec);
            }
        };
    }
}

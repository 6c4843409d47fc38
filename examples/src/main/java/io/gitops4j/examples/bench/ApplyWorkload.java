package io.gitops4j.examples.bench;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.render.PlainYamlRenderer;
import io.gitops4j.core.source.LocalDirectorySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The objects of the apply benchmark, as files a repository would hold: one object per file, three ConfigMaps to one
 * Deployment, all in one namespace. Object {@code i} with {@code i % 10 == 0} belongs to the changed tenth: its
 * content depends on the revision, every other object's does not.
 *
 * <p>Stateless; the methods write and read the given directory only.
 */
final class ApplyWorkload {
    private ApplyWorkload() {}

    /**
     * Writes {@code n} objects in namespace {@code ns} at {@code revision} into a new directory under {@code parent}.
     *
     * @return the directory
     */
    static Path write(Path parent, String ns, int n, int revision) throws IOException {
        Path dir = Files.createTempDirectory(parent, ns + "-r" + revision + "-");
        rewrite(dir, ns, n, revision);
        return dir;
    }

    /** Writes (or overwrites) the files of {@code n} objects at {@code revision} in {@code dir}. */
    static void rewrite(Path dir, String ns, int n, int revision) throws IOException {
        for (int i = 0; i < n; i++) {
            boolean deployment = i % 4 == 3;
            String name = (deployment ? "web-" : "settings-") + i;
            String value = i % 10 == 0 ? "revision-" + revision : "stable";
            String yaml = deployment ? deployment(ns, name, value) : configMap(ns, name, i, value);
            Files.writeString(dir.resolve(String.format("%05d-%s.yaml", i, name)), yaml, StandardCharsets.UTF_8);
        }
    }

    /** @return how many objects of {@code n} change between revisions */
    static int changed(int n) {
        return (n + 9) / 10;
    }

    /** Reads the directory's objects as the plain YAML renderer does (the engine's first step on such a tree). */
    static List<Manifest> read(Path dir) {
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec spec = SourceSpec.local(dir);
        try (Snapshot snapshot = source.open(spec, source.resolve(spec))) {
            ManifestSet set = new PlainYamlRenderer().render(snapshot, RenderSpec.plainYaml());
            return set.manifests();
        }
    }

    /** Deletes a directory {@link #write} made. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static String configMap(String ns, String name, int i, String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    app.kubernetes.io/name: shop
                    app.kubernetes.io/component: settings
                data:
                  index: "%d"
                  value: %s
                  log-level: info
                  feature-flags: "checkout=true,search=false,recommendations=true"
                """.formatted(name, ns, i, value);
    }

    private static String deployment(String ns, String name, String value) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  namespace: %2$s
                  labels:
                    app.kubernetes.io/name: %1$s
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: %1$s
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: %1$s
                    spec:
                      containers:
                        - name: web
                          image: registry.example.com/shop/web:1.4.2
                          ports:
                            - containerPort: 8080
                          env:
                            - name: RELEASE
                              value: %3$s
                          resources:
                            requests:
                              cpu: 100m
                              memory: 128Mi
                """.formatted(name, ns, value);
    }
}

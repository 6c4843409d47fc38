package io.gitops4j.core.render.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What the parent asks the Helm child process to render, handed over as a file in the render's private directory
 * (never on the command line, where other users could read {@code --set} values).
 *
 * @param chart the chart directory (a private working copy)
 * @param release the release name
 * @param namespace the release namespace, {@code ""} for Helm's default
 * @param kubeVersion the Kubernetes version templates see, {@code ""} for Helm's default
 * @param valuesFiles values files in precedence order
 * @param set {@code --set} parameters applied last, in order
 * @param includeCrds whether Helm renders the chart's {@code crds/}
 * @param renders how many times to render (2 for the determinism check)
 */
public record HelmTemplateRequest(Path chart, String release, String namespace, String kubeVersion,
        List<Path> valuesFiles, List<Map.Entry<String, String>> set, boolean includeCrds, int renders) {

    /** Copies the lists; rejects nulls and a render count below 1. */
    public HelmTemplateRequest {
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(kubeVersion, "kubeVersion");
        valuesFiles = List.copyOf(valuesFiles);
        set = set.stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        if (renders < 1) {
            throw new IllegalArgumentException("renders must be at least 1");
        }
    }

    /** Writes the request to a new file (which must not exist). */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("chart", chart.toString());
        p.setProperty("release", release);
        p.setProperty("namespace", namespace);
        p.setProperty("kubeVersion", kubeVersion);
        p.setProperty("includeCrds", Boolean.toString(includeCrds));
        p.setProperty("renders", Integer.toString(renders));
        p.setProperty("values", Integer.toString(valuesFiles.size()));
        for (int i = 0; i < valuesFiles.size(); i++) {
            p.setProperty("values." + i, valuesFiles.get(i).toString());
        }
        p.setProperty("set", Integer.toString(set.size()));
        for (int i = 0; i < set.size(); i++) {
            p.setProperty("set." + i + ".key", set.get(i).getKey());
            p.setProperty("set." + i + ".value", set.get(i).getValue());
        }
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            p.store(out, null);
        }
    }

    /** @return the request read from a file {@link #write} wrote */
    static HelmTemplateRequest read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        List<Path> values = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(required(p, "values")); i++) {
            values.add(Path.of(required(p, "values." + i)));
        }
        List<Map.Entry<String, String>> set = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(required(p, "set")); i++) {
            set.add(Map.entry(required(p, "set." + i + ".key"), required(p, "set." + i + ".value")));
        }
        return new HelmTemplateRequest(Path.of(required(p, "chart")), required(p, "release"),
                required(p, "namespace"), required(p, "kubeVersion"), values, set,
                Boolean.parseBoolean(required(p, "includeCrds")), Integer.parseInt(required(p, "renders")));
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("the request has no '" + key + "'");
        }
        return value;
    }
}

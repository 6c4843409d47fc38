package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts written to attack the renderer: schema references out of the chart, nested archive bombs. */
class HelmHostileChartsTest {
    @TempDir
    Path repo;

    private void chart(String schema) throws IOException {
        Files.createDirectories(repo.resolve("c/templates"));
        Files.writeString(repo.resolve("c/Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        Files.writeString(repo.resolve("c/values.yaml"), "name: x\n");
        Files.writeString(repo.resolve("c/templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: {{ .Values.name }}\n");
        if (schema != null) {
            Files.writeString(repo.resolve("c/values.schema.json"), schema);
        }
    }

    private RenderException fail() {
        try {
            HelmRendererTest.render(new HelmRenderer(), repo, "c", HelmOptions.release("r"));
        } catch (RenderException e) {
            return e;
        }
        throw new AssertionError("the render did not fail");
    }

    @Test
    @DisplayName("RD-14 a values schema $ref to a URL is refused before Helm runs: the server gets no request")
    void schemaRefToUrlRefused() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            chart("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":"
                    + "{\"name\":{\"$ref\":\"" + url + "\"}}}");
            RenderException e = fail();
            assertThat(e.reason()).isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).isEqualTo("c/values.schema.json: $ref '" + url + "' refused: a values schema "
                    + "may only refer to its own definitions ('#/…'), never to a URL or a file");
            chart("{\"$schema\":\"" + url + "\",\"type\":\"object\"}");
            assertThat(fail().getMessage()).startsWith("c/values.schema.json: $schema '" + url + "' refused");
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    @DisplayName("RD-14 a values schema $ref to a host file gives the same refusal whether the file exists or not")
    void schemaRefToFileRevealsNothing(@TempDir Path host) throws IOException {
        Files.writeString(host.resolve("present.json"), "{\"type\":\"object\"}");
        String[] messages = new String[2];
        int i = 0;
        for (String name : new String[] {"present.json", "absent.json"}) {
            String ref = host.resolve(name).toUri().toString();
            chart("{\"type\":\"object\",\"properties\":{\"name\":{\"$ref\":\"" + ref + "\"}}}");
            RenderException e = fail();
            assertThat(e.reason()).isEqualTo(Reason.POLICY);
            messages[i++] = e.getMessage().replace(ref, "REF");
        }
        assertThat(messages[0]).isEqualTo(messages[1]).isEqualTo("c/values.schema.json: $ref 'REF' refused: a "
                + "values schema may only refer to its own definitions ('#/…'), never to a URL or a file");
        chart("{\"type\":\"object\",\"definitions\":{\"n\":{\"type\":\"string\"}},\"properties\":{\"name\":"
                + "{\"$ref\":\"#/definitions/n\"}}}");
        assertThat(HelmRendererTest.render(new HelmRenderer(), repo, "c", HelmOptions.release("r")).size())
                .as("a reference within the schema still works").isEqualTo(1);
    }

    @Test
    @DisplayName("RD-11 RD-12 nested chart archives share one write budget per render: a small archive of archives "
            + "is refused before it fills the disk")
    void nestedArchivesShareOneBudget() throws IOException {
        chart(null);
        byte[] inner = tgz("inner/Chart.yaml", "apiVersion: v2\nname: inner\nversion: 0.1.0\n".getBytes(),
                "inner/big.bin", new byte[15 << 20]);
        byte[] middle = tgz("middle/Chart.yaml", "apiVersion: v2\nname: middle\nversion: 0.1.0\n".getBytes(),
                "middle/charts/a.tgz", inner, "middle/charts/b.tgz", inner, "middle/charts/c.tgz", inner);
        Files.createDirectories(repo.resolve("c/charts"));
        for (String name : new String[] {"m1", "m2", "m3"}) {
            Files.write(repo.resolve("c/charts/" + name + ".tgz"), tgz(name + "/Chart.yaml",
                    ("apiVersion: v2\nname: " + name + "\nversion: 0.1.0\n").getBytes(), name + "/charts/m.tgz",
                    middle));
        }
        long archiveBytes = Files.size(repo.resolve("c/charts/m1.tgz")) * 3;
        HelmRenderer renderer = new HelmRenderer(ChartCredentials.none(), YamlLimits.defaults(), Set.of(),
                HelmLimits.defaults().withMaxWrittenBytes(100L << 20));
        RenderException e;
        try {
            HelmRendererTest.render(renderer, repo, "c", HelmOptions.release("r"));
            throw new AssertionError("the render did not fail");
        } catch (RenderException thrown) {
            e = thrown;
        }
        assertThat(archiveBytes).as("the archives are small").isLessThan(1 << 20);
        assertThat(e.reason()).isEqualTo(Reason.LIMIT);
        assertThat(e.getMessage()).endsWith("the render would write more than 104857600 bytes to disk (charts, "
                + "archives and dependencies counted together)");
    }

    /** @return a .tgz of (name, content) pairs */
    static byte[] tgz(Object... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.length; i += 2) {
                byte[] content = (byte[]) entries[i + 1];
                TarArchiveEntry entry = new TarArchiveEntry((String) entries[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}

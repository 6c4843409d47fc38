package io.gitops4j.examples.serve;

import static io.gitops4j.examples.serve.ServeFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.testkit.git.ToolCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The status pages in a real browser: headless Chromium (Debian's {@code chromium}) loads them from a running
 * {@code serve}; the DOM it built is checked, and a screenshot is kept as a build artefact
 * ({@code examples/target/serve-status-page.png}). Under {@code CI=true} a missing Chromium fails the test.
 */
class ServeStatusPageIT {
    private static final Path SCREENSHOT = Path.of("target", "serve-status-page.png").toAbsolutePath();

    @Test
    void theStatusPagesShowStateHealthHistoryAndThePendingDiffInABrowser() throws Exception {
        Path chromium = ToolCheck.require("chromium", "chromium");
        try (ServeFixture serve = ServeFixture.start()) {
            assertThat(json(serve.post("/api/applications/shop/reconcile", "{\"wait\": true}")).get("outcome")
                    .asText()).isEqualTo("SYNCED");
            ServeFixture.awaitTrue("the Deployment to be healthy", Duration.ofSeconds(60), () -> {
                try {
                    return json(serve.get("/api/applications/shop")).get("objects").findValuesAsText("status")
                            .stream().allMatch("HEALTHY"::equals);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            serve.commitShop("<script>document.title='owned'</script>", "CANARY-SECRET-rotated", "main");

            String overview = browser(chromium, serve, "--dump-dom", serve.url() + "/");
            assertThat(overview).contains("<title>gitops4j: applications</title>",
                    "<a href=\"/applications/shop\">shop</a>", "<td class=\"outcome synced\">SYNCED</td>",
                    "main@sha1:").containsPattern("<td class=\"health (healthy|progressing)\">(HEALTHY|PROGRESSING)"
                    + "</td>");

            String page = browser(chromium, serve, "--dump-dom", serve.url() + "/applications/shop");
            assertThat(page).contains("<title>gitops4j: shop</title>", "<h2>Objects</h2>",
                    "<td>Deployment</td><td>shop</td><td>web</td><td class=\"health healthy\">HEALTHY</td>",
                    "<h2>Pending plan</h2>", "<td class=\"action\">UPDATE</td>",
                    ".data.color: \"blue\" → \"&lt;script&gt;document.title='owned'&lt;/script&gt;\"",
                    ".data.password: &lt;redacted sha256:", "<h2>History</h2>")
                    .doesNotContain("<script>", "owned</title>", "CANARY");

            Files.deleteIfExists(SCREENSHOT);
            browser(chromium, serve, "--screenshot=" + SCREENSHOT, "--window-size=1400,1100",
                    serve.url() + "/applications/shop");
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertThat(png.length).isGreaterThan(10_000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    /** Runs headless Chromium once, as root on a closed network needs it, and returns what it printed. */
    private static String browser(Path chromium, ServeFixture serve, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir="
                        + serve.git.newDirectory("chromium")));
        command.addAll(List.of(args));
        Path err = serve.git.newDirectory("chromium-log").resolve("stderr");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr:\n" + Files.readString(err)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}

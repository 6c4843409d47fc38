package io.gitops4j.core.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GS-17: the body cap holds while the body is read, so the host never buffers more than the cap. */
class WebhookStreamedBodyTest {
    static final String SECRET = "CANARY-SECRET-stream";
    static final int CAP = 64 * 1024;
    static final WebhookReceiver RECEIVER = WebhookReceiver.builder().secret(WebhookProvider.GITHUB, () -> SECRET)
            .maxBodyBytes(CAP).build();

    /** A body that never ends, counting what was taken from it. */
    static final class Endless extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            return len;
        }
    }

    static WebhookException.Reason reasonOf(Runnable call) {
        try {
            call.run();
        } catch (WebhookException e) {
            return e.reason();
        }
        throw new AssertionError("expected a WebhookException");
    }

    @Test
    @DisplayName("GS-17 an endless body is TOO_LARGE after at most the cap plus one byte was read")
    void endlessBody() {
        Endless body = new Endless();
        assertThat(reasonOf(() -> RECEIVER.receive(Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                "sha256=00"), body))).isEqualTo(WebhookException.Reason.TOO_LARGE);
        assertThat(body.served).isEqualTo(CAP + 1);
    }

    @Test
    @DisplayName("GS-17 a Content-Length over the cap is refused before any byte is read")
    void declaredLength() {
        Endless body = new Endless();
        assertThat(reasonOf(() -> RECEIVER.receive(Map.of("content-length", String.valueOf(1L << 40),
                "X-GitHub-Event", "push"), body))).isEqualTo(WebhookException.Reason.TOO_LARGE);
        assertThat(body.served).isZero();
        assertThat(reasonOf(() -> RECEIVER.receive(Map.of("Content-Length", "lots"), body)))
                .isEqualTo(WebhookException.Reason.MALFORMED);
    }

    @Test
    @DisplayName("GS-17 a body within the cap read from a stream is verified and parsed like a buffered one")
    void withinCap() {
        byte[] b = ("{\"ref\":\"refs/heads/main\",\"after\":\"3f2a9c1d0e7b4a5f6c7d8e9f0a1b2c3d4e5f6a7b\",\"repository\":"
                + "{\"clone_url\":\"https://github.com/acme/deploy.git\"}}").getBytes(StandardCharsets.UTF_8);
        WebhookResult r = RECEIVER.receive(Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                WebhookReceiver.sign(SECRET, b), "Content-Length", String.valueOf(b.length)),
                new ByteArrayInputStream(b));
        assertThat(((WebhookResult.Push) r).events()).singleElement()
                .satisfies(e -> assertThat(e.ref()).isEqualTo("refs/heads/main"));
        byte[] exact = new byte[CAP];
        assertThat(reasonOf(() -> RECEIVER.receive(Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                WebhookReceiver.sign(SECRET, exact)), new ByteArrayInputStream(exact))))
                .as("exactly the cap is not too large: it reaches the JSON parser").isEqualTo(
                        WebhookException.Reason.MALFORMED);
    }

    @Test
    @DisplayName("GS-17 a body that fails mid-read is MALFORMED, naming no detail of the stream")
    void brokenStream() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by CANARY-SECRET-peer");
            }
        };
        assertThatThrownBy(() -> RECEIVER.receive(Map.of("X-GitHub-Event", "push"), broken))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebhookException.Reason.MALFORMED);
                    assertThat(e.getMessage()).doesNotContain("CANARY");
                });
        assertThatThrownBy(() -> WebhookReceiver.builder().maxBodyBytes(WebhookReceiver.MAX_BODY_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log forging through the Git source: a repository URL with a percent-encoded newline (GS-18), and a hostile server
 * whose words (an HTTP reason phrase, a ref name in its advertisement) would otherwise land raw in a message (GS-19).
 * The servers are raw sockets on 127.0.0.1 answering one canned reply per connection.
 */
@Timeout(60)
class ForgedMessagesTest {
    static final String SHA = "3f2a9c1d0e7b4a5f6c7d8e9f0a1b2c3d4e5f6a7b";

    @TempDir
    Path cache;
    ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Serves every connection with {@code reply(request head)} until closed. */
    int serve(Function<InputStream, byte[]> reply) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    byte[] answer = reply.apply(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(answer);
                    out.flush();
                } catch (IOException e) {
                    // closed, or the client hung up
                }
            }
        }, "forged-messages-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    SourceException resolveFails(String url, String ref) {
        try (GitSource source = GitSource.builder().cacheDirectory(cache).build()) {
            source.resolve(SourceSpec.git(url, ref, ""));
        } catch (SourceException e) {
            return e;
        }
        throw new AssertionError("expected a SourceException");
    }

    @Test
    @DisplayName("GS-18 a %0a in the repository URL is refused before any lookup; no newline reaches the message")
    void percentEncodedNewline() {
        SourceException e = resolveFails("https://no-such-host.invalid/deploy.git%0aINFO%20sync%20ok%20for%20prod",
                "main");
        assertThat(e.reason()).isEqualTo(Reason.POLICY);
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("INFO sync");
    }

    @Test
    @DisplayName("GS-19 an HTTP reason phrase with control characters and quotes stays one escaped, quoted string")
    void httpReasonPhrase() throws IOException {
        String reason = "Internal\u0085INFO sync finished: \"all healthy\"\u001b[0m";
        int port = serve(in -> {
            readHead(in);
            return ("HTTP/1.1 500 " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        });
        SourceException e = resolveFails("http://127.0.0.1:" + port + "/deploy.git", "main");
        String m = e.getMessage();
        assertThat(UntrustedText.hasUnsafe(m)).as("no raw control character: " + m).isFalse();
        assertThat(m).startsWith("http://127.0.0.1:" + port + "/deploy.git: ls-remote failed: ");
        int open = m.indexOf('"');
        assertThat(open).as("the server's words are quoted").isPositive();
        assertThat(m.substring(0, open)).doesNotContain("INFO").doesNotContain("healthy");
        assertThat(m.substring(open)).contains("Internal\\u0085INFO sync finished: \\\"all healthy\\\"\\u001B[0m\"");
    }

    @Test
    @DisplayName("GS-19 a ref name with control characters in the advertisement is ignored, never shown")
    void advertisedRefName() throws IOException {
        String evil = "refs/heads/ma\u001b[2Jin";
        int port = serve(in -> {
            readPacket(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            packet(out, SHA + " HEAD\0symref=HEAD:" + evil + " agent=git/2\n");
            packet(out, SHA + " " + evil + "\n");
            out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        });
        SourceException e = resolveFails("git://127.0.0.1:" + port + "/deploy.git", "HEAD");
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(UntrustedText.hasUnsafe(e.getMessage())).as(e.getMessage()).isFalse();
        assertThat(e.getMessage()).doesNotContain("[2J").contains("does not advertise HEAD");
    }

    @Test
    @DisplayName("GS-19 the namespace of an SSH commit signature (repository content) is quoted in the refusal")
    void sshSignatureNamespace() {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.writeBytes("SSHSIG".getBytes(StandardCharsets.US_ASCII));
        blob.writeBytes(new byte[] {0, 0, 0, 1});
        for (String field : new String[] {"key", "git\nINFO signature verified\u202e", "", "sha512", "sig"}) {
            byte[] b = field.getBytes(StandardCharsets.UTF_8);
            blob.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
            blob.writeBytes(b);
        }
        String armored = "-----BEGIN SSH SIGNATURE-----\n"
                + java.util.Base64.getEncoder().encodeToString(blob.toByteArray()) + "\n-----END SSH SIGNATURE-----\n";
        String why = SshSignatureVerifier.verify(new byte[0], armored, java.util.List.of()).orElseThrow();
        assertThat(UntrustedText.hasUnsafe(why)).as(why).isFalse();
        assertThat(why).isEqualTo("the SSH signature is for namespace \"git\\nINFO signature verified\\u202E\", "
                + "not git");
    }

    private static void readHead(InputStream in) {
        try {
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (IOException e) {
            // the reply is sent anyway
        }
    }

    private static void readPacket(InputStream in) {
        try {
            int len = Integer.parseInt(new String(in.readNBytes(4), StandardCharsets.US_ASCII), 16);
            in.readNBytes(Math.max(0, len - 4));
        } catch (IOException | NumberFormatException e) {
            // the reply is sent anyway
        }
    }

    private static void packet(ByteArrayOutputStream out, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(String.format("%04x", b.length + 4).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
    }
}

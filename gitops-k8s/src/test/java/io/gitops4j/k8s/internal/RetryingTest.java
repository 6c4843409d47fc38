package io.gitops4j.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.k8s.RetryOptions;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.net.SocketException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Which failures without an answer are tried again: a lost connection is (DA-04), a TLS handshake that refused the
 * server's certificate is not (DA-22) — it fails at the first attempt instead of after every retry's wait. The
 * failures are raised by an interceptor of the host's {@link ApiClient}, which the transport shares, so the attempts
 * are counted exactly.
 */
class RetryingTest {
    private static final RetryOptions FAST = RetryOptions.defaults()
            .withInitialDelay(Duration.ofMillis(1)).withMaxDelay(Duration.ofMillis(2));

    private static int attempts(Supplier<IOException> failure) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        ApiClient client = Config.fromUrl("https://127.0.0.1:6443", false);
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> {
            calls.incrementAndGet();
            throw failure.get();
        }).build());
        try (ApiTransport transport = new ApiTransport(client, 2, Duration.ofSeconds(5), "gitops4j/test")) {
            Retrying http = new Retrying(transport, FAST);
            assertThatThrownBy(() -> http.read(ApiRequest.of("GET", "/version")))
                    .isInstanceOf(failure.get().getClass());
        }
        return calls.get();
    }

    @Test
    void da22ARefusedCertificateIsNotTriedAgain() throws IOException {
        int calls = attempts(() -> {
            SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
            e.initCause(new CertificateException("unable to find valid certification path to requested target"));
            return e;
        });
        assertThat(calls).isEqualTo(1);
    }

    @Test
    void da04ALostConnectionIsTriedAgainUpToTheAttempts() throws IOException {
        assertThat(attempts(() -> new SocketException("Connection reset"))).isEqualTo(FAST.maxAttempts());
    }
}

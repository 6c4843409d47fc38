package io.gitops4j.core.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GS-16: a captured, validly signed delivery sent again is refused within the replay window. */
class WebhookReplayTest {
    static final String SECRET = "CANARY-SECRET-replay";
    static final String BODY = "{\"ref\":\"refs/heads/main\",\"after\":\"3f2a9c1d0e7b4a5f6c7d8e9f0a1b2c3d4e5f6a7b\","
            + "\"repository\":{\"clone_url\":\"https://github.com/acme/deploy.git\"}}";

    final AtomicLong clock = new AtomicLong();

    WebhookReceiver receiver(ReplayWindow window) {
        return WebhookReceiver.builder().secret(WebhookProvider.GITHUB, () -> SECRET)
                .secret(WebhookProvider.GITLAB, () -> SECRET).replayWindow(window).nanoTime(clock::get).build();
    }

    static WebhookRequest github(String body, String deliveryId) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", WebhookReceiver.sign(SECRET, b)));
        if (deliveryId != null) {
            h.put("X-GitHub-Delivery", deliveryId);
        }
        return new WebhookRequest(h, b);
    }

    static WebhookException.Reason reasonOf(Runnable call) {
        try {
            call.run();
        } catch (WebhookException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
            return e.reason();
        }
        throw new AssertionError("expected a WebhookException");
    }

    @Test
    @DisplayName("GS-16 the same signed delivery sent twice: the second is REPLAYED (by default)")
    void sameDeliveryTwice() {
        WebhookReceiver r = WebhookReceiver.builder().secret(WebhookProvider.GITHUB, () -> SECRET).build();
        assertThat(r.receive(github(BODY, "72d3162e-cc78-11e3-81ab-4c9367dc0958")))
                .isInstanceOf(WebhookResult.Push.class);
        assertThat(reasonOf(() -> r.receive(github(BODY, "72d3162e-cc78-11e3-81ab-4c9367dc0958"))))
                .isEqualTo(WebhookException.Reason.REPLAYED);
    }

    @Test
    @DisplayName("GS-16 a replay with another (unsigned) delivery id, or none, is refused by its signed body")
    void replayWithNewDeliveryId() {
        WebhookReceiver r = receiver(ReplayWindow.defaults());
        r.receive(github(BODY, "delivery-1"));
        assertThat(reasonOf(() -> r.receive(github(BODY, "delivery-2")))).isEqualTo(WebhookException.Reason.REPLAYED);
        assertThat(reasonOf(() -> r.receive(github(BODY, null)))).isEqualTo(WebhookException.Reason.REPLAYED);
        String other = BODY.replace("main", "prod");
        assertThat(reasonOf(() -> r.receive(github(other, "delivery-1"))))
                .as("a new body under a delivery id already seen is a resend of that delivery")
                .isEqualTo(WebhookException.Reason.REPLAYED);
        assertThat(r.receive(github(other, "delivery-3"))).isInstanceOf(WebhookResult.Push.class);
    }

    @Test
    @DisplayName("GS-16 GitLab deliveries are remembered by X-Gitlab-Event-UUID and body as well")
    void gitlab() {
        WebhookReceiver r = receiver(ReplayWindow.defaults());
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"3f2a9c1d0e7b4a5f6c7d8e9f0a1b2c3d4e5f6a7b\","
                + "\"project\":{\"git_http_url\":\"https://gitlab.com/acme/deploy.git\"}}";
        WebhookRequest push = new WebhookRequest(Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET,
                "X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e"), body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.receive(push)).isInstanceOf(WebhookResult.Push.class);
        assertThat(reasonOf(() -> r.receive(push))).isEqualTo(WebhookException.Reason.REPLAYED);
    }

    @Test
    @DisplayName("GS-16 after the window a delivery is accepted again; memory is bounded by maxDeliveries")
    void windowAndBound() {
        WebhookReceiver r = receiver(ReplayWindow.defaults().withWindow(Duration.ofMinutes(5)));
        r.receive(github(BODY, "d-1"));
        clock.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(reasonOf(() -> r.receive(github(BODY, "d-1")))).isEqualTo(WebhookException.Reason.REPLAYED);
        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(r.receive(github(BODY, "d-1"))).as("forgotten after the window").isInstanceOf(
                WebhookResult.Push.class);

        WebhookReceiver small = receiver(ReplayWindow.defaults().withMaxDeliveries(100));
        for (int i = 0; i < 5000; i++) {
            small.receive(github(BODY.replace("main", "b" + i), "id-" + i));
        }
        for (int i = 4900; i < 5000; i++) {
            int n = i;
            assertThat(reasonOf(() -> small.receive(github(BODY.replace("main", "b" + n), "new-id-" + n))))
                    .as("the newest 100 deliveries are all remembered").isEqualTo(WebhookException.Reason.REPLAYED);
        }
        assertThat(small.receive(github(BODY.replace("main", "b0"), "id-0")))
                .as("past maxDeliveries the oldest deliveries are forgotten instead of memory growing")
                .isInstanceOf(WebhookResult.Push.class);
    }

    @Test
    @DisplayName("GS-16 refused deliveries are not remembered: a malformed one stays MALFORMED, a forged one is "
            + "never recorded")
    void onlyAcceptedDeliveriesCount() {
        WebhookReceiver r = receiver(ReplayWindow.defaults());
        for (int i = 0; i < 2; i++) {
            assertThat(reasonOf(() -> r.receive(github("{\"zen\":\"hi\"}", "m-1"))))
                    .isEqualTo(WebhookException.Reason.MALFORMED);
        }
        byte[] b = BODY.getBytes(StandardCharsets.UTF_8);
        WebhookRequest forged = new WebhookRequest(Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                WebhookReceiver.sign("wrong", b), "X-GitHub-Delivery", "f-1"), b);
        assertThat(reasonOf(() -> r.receive(forged))).isEqualTo(WebhookException.Reason.BAD_SIGNATURE);
        assertThat(r.receive(github(BODY, "f-1"))).isInstanceOf(WebhookResult.Push.class);
    }

    @Test
    @DisplayName("GS-16 ReplayWindow.none() accepts repeats; bad windows are refused")
    void noneAndValidation() {
        WebhookReceiver r = receiver(ReplayWindow.none());
        r.receive(github(BODY, "n-1"));
        assertThat(r.receive(github(BODY, "n-1"))).isInstanceOf(WebhookResult.Push.class);
        assertThatThrownBy(() -> ReplayWindow.defaults().withWindow(Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplayWindow.defaults().withWindow(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplayWindow.defaults().withMaxDeliveries(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.gitops4j.core.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** EN-04: per provider, a valid push, a wrong and a missing signature, an oversize body and an unknown event. */
class WebhookReceiverTest {
    static final String SECRET = "CANARY-SECRET-hook";
    static final String SHA = "3f2a9c1d0e7b4a5f6c7d8e9f0a1b2c3d4e5f6a7b";

    /** These cases send one body under several events and signatures; replays are WebhookReplayTest's. */
    static final WebhookReceiver RECEIVER = WebhookReceiver.builder()
            .secret(WebhookProvider.GITHUB, () -> SECRET).secret(WebhookProvider.GITLAB, () -> SECRET)
            .secret(WebhookProvider.BITBUCKET_CLOUD, () -> SECRET)
            .secret(WebhookProvider.BITBUCKET_DATA_CENTER, () -> SECRET)
            .secret(WebhookProvider.GITEA, () -> SECRET).secret(WebhookProvider.GENERIC, () -> SECRET)
            .maxBodyBytes(64 * 1024).replayWindow(ReplayWindow.none()).build();

    /** How one provider sends a push and another event. */
    record Case(WebhookProvider provider, String eventHeader, String pushEvent, String otherEvent,
            String signatureHeader, boolean prefixed, boolean token, String body, String expectedUrl,
            String expectedRef) {
        Map<String, String> headers(String event, byte[] body, String secret) {
            Map<String, String> h = new HashMap<>();
            h.put(eventHeader, event);
            if (token) {
                h.put(signatureHeader, secret);
            } else {
                String sig = WebhookReceiver.sign(secret, body);
                h.put(signatureHeader, prefixed ? sig : sig.substring("sha256=".length()));
            }
            if (provider == WebhookProvider.BITBUCKET_CLOUD) {
                h.put("X-Hook-UUID", "c1d2");
            }
            if (provider == WebhookProvider.BITBUCKET_DATA_CENTER) {
                h.put("X-Request-Id", "r-1");
            }
            return h;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case(WebhookProvider.GITHUB, "X-GitHub-Event", "push", "ping", "X-Hub-Signature-256", true, false,
                        "{\"ref\":\"refs/heads/main\",\"after\":\"" + SHA + "\",\"repository\":{\"clone_url\":"
                                + "\"https://github.com/acme/deploy.git\",\"ssh_url\":\"git@github.com:acme/deploy.git\"}}",
                        "https://github.com/acme/deploy.git", "refs/heads/main"),
                new Case(WebhookProvider.GITLAB, "X-Gitlab-Event", "Push Hook", "Merge Request Hook",
                        "X-Gitlab-Token", false, true,
                        "{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\",\"after\":\"" + SHA + "\",\"project\":"
                                + "{\"git_http_url\":\"https://gitlab.com/acme/deploy.git\",\"git_ssh_url\":"
                                + "\"git@gitlab.com:acme/deploy.git\"}}",
                        "https://gitlab.com/acme/deploy.git", "refs/heads/main"),
                new Case(WebhookProvider.BITBUCKET_CLOUD, "X-Event-Key", "repo:push", "pullrequest:created",
                        "X-Hub-Signature", true, false,
                        "{\"repository\":{\"full_name\":\"acme/deploy\",\"links\":{\"html\":{\"href\":"
                                + "\"https://bitbucket.org/acme/deploy\"}}},\"push\":{\"changes\":[{\"new\":{\"type\":"
                                + "\"tag\",\"name\":\"v1.2.0\",\"target\":{\"hash\":\"" + SHA + "\"}}}]}}",
                        "https://bitbucket.org/acme/deploy.git", "refs/tags/v1.2.0"),
                new Case(WebhookProvider.BITBUCKET_DATA_CENTER, "X-Event-Key", "repo:refs_changed", "pr:opened",
                        "X-Hub-Signature", true, false,
                        "{\"eventKey\":\"repo:refs_changed\",\"repository\":{\"links\":{\"clone\":[{\"href\":"
                                + "\"https://bb.example.com/scm/acme/deploy.git\",\"name\":\"http\"},{\"href\":"
                                + "\"ssh://git@bb.example.com:7999/acme/deploy.git\",\"name\":\"ssh\"}]}},\"changes\":"
                                + "[{\"ref\":{\"id\":\"refs/heads/main\",\"displayId\":\"main\",\"type\":\"BRANCH\"},"
                                + "\"fromHash\":\"" + SHA.replace('3', '4') + "\",\"toHash\":\"" + SHA
                                + "\",\"type\":\"UPDATE\"}]}",
                        "https://bb.example.com/scm/acme/deploy.git", "refs/heads/main"),
                new Case(WebhookProvider.GITEA, "X-Gitea-Event", "push", "issues", "X-Gitea-Signature", false, false,
                        "{\"ref\":\"refs/heads/main\",\"after\":\"" + SHA + "\",\"repository\":{\"clone_url\":"
                                + "\"https://gitea.example.com/acme/deploy.git\"}}",
                        "https://gitea.example.com/acme/deploy.git", "refs/heads/main"))
                .map(Arguments::of);
    }

    static WebhookRequest request(Map<String, String> headers, String body) {
        return new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("EN-04 a valid push gives repository URLs, ref and commit")
    void valid(Case c) {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        WebhookResult r = RECEIVER.receive(new WebhookRequest(c.headers(c.pushEvent(), body, SECRET), body));
        assertThat(r).isInstanceOfSatisfying(WebhookResult.Push.class, p -> {
            assertThat(p.events()).singleElement().satisfies(e -> {
                assertThat(e.provider()).isEqualTo(c.provider());
                assertThat(e.repositoryUrls()).contains(c.expectedUrl());
                assertThat(e.ref()).isEqualTo(c.expectedRef());
                assertThat(e.commit()).isEqualTo(SHA);
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("EN-04 a wrong signature or token is BAD_SIGNATURE, without the secret in the message")
    void invalid(Case c) {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RECEIVER.receive(new WebhookRequest(c.headers(c.pushEvent(), body, "wrong"), body)))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebhookException.Reason.BAD_SIGNATURE);
                    assertThat(e.getMessage()).doesNotContain(SECRET);
                });
        Map<String, String> tampered = c.headers(c.pushEvent(), body, SECRET);
        byte[] changed = c.body().replace("main", "prod").replace("v1.2.0", "v9.9.9").getBytes(StandardCharsets.UTF_8);
        if (!c.token()) {
            assertThatThrownBy(() -> RECEIVER.receive(new WebhookRequest(tampered, changed)))
                    .extracting(e -> ((WebhookException) e).reason())
                    .isEqualTo(WebhookException.Reason.BAD_SIGNATURE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("EN-04 a missing signature is UNSIGNED")
    void missing(Case c) {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = c.headers(c.pushEvent(), body, SECRET);
        h.remove(c.signatureHeader());
        assertThatThrownBy(() -> RECEIVER.receive(new WebhookRequest(h, body)))
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.UNSIGNED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("EN-04 an oversize body is TOO_LARGE before any parsing")
    void oversize(Case c) {
        byte[] body = ("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RECEIVER.receive(new WebhookRequest(c.headers(c.pushEvent(), body, SECRET), body)))
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.TOO_LARGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("EN-04 an unknown event is ignored, not an error; a malformed push is MALFORMED")
    void unknownAndMalformed(Case c) {
        byte[] body = "{\"zen\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RECEIVER.receive(new WebhookRequest(c.headers(c.otherEvent(), body, SECRET), body)))
                .isInstanceOf(WebhookResult.Ignored.class);
        for (String bad : new String[] {"{\"zen\":\"hi\"}", "not json", "[1,2]", "{\"ref\":" + "[".repeat(200)}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> RECEIVER.receive(new WebhookRequest(c.headers(c.pushEvent(), b, SECRET), b)))
                    .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.MALFORMED);
        }
    }

    @org.junit.jupiter.api.Test
    @DisplayName("EN-04 generic HMAC form; senders without a configured secret are refused")
    void genericAndUnconfigured() {
        String body = "{\"repository\":\"https://git.example.com/deploy.git\",\"ref\":\"refs/heads/main\",\"commit\":\""
                + SHA + "\"}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        WebhookResult r = RECEIVER.receive(new WebhookRequest(Map.of("X-Gitops4j-Signature",
                WebhookReceiver.sign(SECRET, b)), b));
        assertThat(((WebhookResult.Push) r).events().get(0).repositoryUrls())
                .containsExactly("https://git.example.com/deploy.git");
        WebhookReceiver none = WebhookReceiver.builder().build();
        assertThatThrownBy(() -> none.receive(new WebhookRequest(Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", WebhookReceiver.sign(SECRET, b)), b)))
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.UNSIGNED);
        assertThatThrownBy(() -> RECEIVER.receive(new WebhookRequest(Map.of(), b)))
                .extracting(e -> ((WebhookException) e).reason()).isEqualTo(WebhookException.Reason.UNSIGNED);
        String deleted = "{\"ref\":\"refs/heads/old\",\"after\":\"0000000000000000000000000000000000000000\","
                + "\"deleted\":true,\"repository\":{\"clone_url\":\"https://github.com/a/b.git\"}}";
        byte[] d = deleted.getBytes(StandardCharsets.UTF_8);
        WebhookResult del = RECEIVER.receive(new WebhookRequest(Map.of("x-github-event", "push",
                "x-hub-signature-256", WebhookReceiver.sign(SECRET, d)), d));
        assertThat(((WebhookResult.Push) del).events().get(0).deleted()).isTrue();
    }
}

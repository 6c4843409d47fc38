package io.gitops4j.core.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * EN-04 with signatures nobody in this project computed: published HMAC-SHA256 vectors, written here as literals,
 * sent in each provider's header form. The receiver must accept exactly these and refuse them with one digit changed.
 */
class WebhookKnownAnswersTest {
    // GitHub's published example: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    // ("Testing the webhook payload validation": this secret and payload give this X-Hub-Signature-256).
    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final String GITHUB_PAYLOAD = "Hello, World!";
    static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    // RFC 4231 (HMAC-SHA-256 test vectors), test case 2: https://www.rfc-editor.org/rfc/rfc4231#section-4.3.
    // Bitbucket and Gitea publish the header format, not a vector; their header format is filled with this one.
    static final String RFC_KEY = "Jefe";
    static final String RFC_DATA = "what do ya want for nothing?";
    static final String RFC_HMAC = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    static WebhookReceiver receiver(WebhookProvider provider, String secret) {
        return WebhookReceiver.builder().secret(provider, () -> secret).build();
    }

    static WebhookResult send(WebhookReceiver r, Map<String, String> headers, String body) {
        return r.receive(new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    static void refused(WebhookReceiver r, Map<String, String> headers, String body) {
        assertThatThrownBy(() -> send(r, headers, body)).isInstanceOfSatisfying(WebhookException.class,
                e -> assertThat(e.reason()).isEqualTo(WebhookException.Reason.BAD_SIGNATURE));
    }

    /** @return the hex with its last digit changed */
    static String changed(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    @Test
    @DisplayName("EN-04 GitHub: the documented X-Hub-Signature-256 example is accepted, one digit off is refused")
    void github() {
        WebhookReceiver r = receiver(WebhookProvider.GITHUB, GITHUB_SECRET);
        assertThat(send(r, Map.of("X-GitHub-Event", "ping", "X-Hub-Signature-256", GITHUB_SIGNATURE),
                GITHUB_PAYLOAD)).isEqualTo(new WebhookResult.Ignored(WebhookProvider.GITHUB, "ping",
                "not a push event"));
        refused(r, Map.of("X-GitHub-Event", "ping", "X-Hub-Signature-256", changed(GITHUB_SIGNATURE)), GITHUB_PAYLOAD);
        assertThat(WebhookReceiver.sign(GITHUB_SECRET, GITHUB_PAYLOAD.getBytes(StandardCharsets.UTF_8)))
                .as("the signing helper the other tests use agrees with the documented value")
                .isEqualTo(GITHUB_SIGNATURE);
    }

    @Test
    @DisplayName("EN-04 Bitbucket Cloud and Data Center: X-Hub-Signature sha256=HEX with the RFC 4231 vector")
    void bitbucket() {
        // https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/ (Secure webhooks) and
        // https://confluence.atlassian.com/bitbucketserver/manage-webhooks-938025878.html (Securing your webhook):
        // X-Hub-Signature carries "sha256=" and the hex HMAC-SHA256 of the body under the webhook's secret.
        WebhookReceiver cloud = receiver(WebhookProvider.BITBUCKET_CLOUD, RFC_KEY);
        Map<String, String> c = Map.of("X-Event-Key", "pullrequest:created", "X-Hook-UUID", "h-1",
                "X-Hub-Signature", "sha256=" + RFC_HMAC);
        assertThat(send(cloud, c, RFC_DATA)).isInstanceOf(WebhookResult.Ignored.class);
        refused(cloud, Map.of("X-Event-Key", "pullrequest:created", "X-Hook-UUID", "h-1",
                "X-Hub-Signature", "sha256=" + changed(RFC_HMAC)), RFC_DATA);

        WebhookReceiver dc = receiver(WebhookProvider.BITBUCKET_DATA_CENTER, RFC_KEY);
        Map<String, String> d = Map.of("X-Event-Key", "pr:opened", "X-Request-Id", "r-1",
                "X-Hub-Signature", "sha256=" + RFC_HMAC);
        assertThat(send(dc, d, RFC_DATA)).extracting(x -> ((WebhookResult.Ignored) x).provider())
                .isEqualTo(WebhookProvider.BITBUCKET_DATA_CENTER);
        refused(dc, Map.of("X-Event-Key", "pr:opened", "X-Request-Id", "r-1",
                "X-Hub-Signature", "sha256=" + changed(RFC_HMAC)), RFC_DATA);
    }

    @Test
    @DisplayName("EN-04 Gitea and Forgejo: a bare hex X-Gitea-Signature / X-Forgejo-Signature with the RFC 4231 vector")
    void gitea() {
        // https://docs.gitea.com/usage/webhooks: X-Gitea-Signature is the hex HMAC-SHA256 of the body, no prefix;
        // Forgejo (https://forgejo.org/docs/latest/user/webhooks/) sends the same value as X-Forgejo-Signature.
        WebhookReceiver r = receiver(WebhookProvider.GITEA, RFC_KEY);
        assertThat(send(r, Map.of("X-Gitea-Event", "issues", "X-Gitea-Signature", RFC_HMAC), RFC_DATA))
                .isInstanceOf(WebhookResult.Ignored.class);
        refused(r, Map.of("X-Gitea-Event", "issues", "X-Gitea-Signature", changed(RFC_HMAC)), RFC_DATA);
        refused(r, Map.of("X-Forgejo-Event", "issues", "X-Forgejo-Signature", changed(RFC_HMAC)), RFC_DATA);
        refused(r, Map.of("X-Forgejo-Event", "issues", "X-Forgejo-Signature", RFC_HMAC), RFC_DATA + " ");
    }

    @Test
    @DisplayName("EN-04 GitLab: X-Gitlab-Token carries the secret token itself; any other value is refused")
    void gitlab() {
        // https://docs.gitlab.com/user/project/integrations/webhooks/ (Validate payloads by using a secret token):
        // GitLab sends the configured secret token unchanged in X-Gitlab-Token; there is no signature over the body.
        WebhookReceiver r = receiver(WebhookProvider.GITLAB, RFC_KEY);
        assertThat(send(r, Map.of("X-Gitlab-Event", "Merge Request Hook", "X-Gitlab-Token", RFC_KEY), "{}"))
                .isInstanceOf(WebhookResult.Ignored.class);
        refused(r, Map.of("X-Gitlab-Event", "Merge Request Hook", "X-Gitlab-Token", RFC_HMAC), "{}");
        refused(r, Map.of("X-Gitlab-Event", "Merge Request Hook", "X-Gitlab-Token", "jefe"), "{}");
    }
}

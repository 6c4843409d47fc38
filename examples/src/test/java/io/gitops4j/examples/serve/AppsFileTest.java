package io.gitops4j.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.core.git.webhook.WebhookProvider;
import io.gitops4j.examples.serve.config.AppsConfig;
import io.gitops4j.examples.serve.config.AppsFile;
import io.gitops4j.examples.serve.config.ConfigException;
import io.gitops4j.examples.serve.config.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apps.yaml}: what a valid file declares, and how each kind of bad file is refused (file, line, field). */
class AppsFileTest {
    private static final Path DIR = Path.of("/etc/gitops4j");

    private static AppsConfig parse(String yaml) {
        return AppsFile.parse("apps.yaml", yaml, DIR);
    }

    private static ConfigException refusal(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aFullFileDeclaresApplicationsClustersCredentialsAndWebhooks() {
        AppsConfig c = parse("""
                git:
                  allowCredentialsOverPlainHttp: true
                  credentials:
                    - url: https://git.example.com/
                      username: deploy
                      tokenFile: secrets/git-token
                    - url: ssh://git@git.example.com/
                      sshKeyFile: /run/secrets/deploy-key
                      knownHostsFile: known_hosts
                webhooks:
                  github: {secretEnv: GITHUB_WEBHOOK_SECRET}
                  gitlab: {secretFile: /run/secrets/gitlab}
                clusters:
                  prod: {kubeconfig: prod.kubeconfig, context: prod-admin}
                applications:
                  - name: shop
                    repository: https://git.example.com/shop-deploy.git
                    ref: main
                    path: overlays/prod
                    renderer: kustomize
                    namespace: shop
                    cluster: prod
                    sync:
                      mode: manual
                      interval: 90s
                      prune: false
                      pruneGuard: {maxPercent: 10, maxCount: 5}
                  - name: web
                    repository: https://git.example.com/web.git
                    renderer: helm
                    helm: {release: web-release, valuesFiles: [values-prod.yaml]}
                """);
        assertThat(c.applications()).extracting(a -> a.name()).containsExactly("shop", "web");
        var shop = c.applications().get(0);
        assertThat(shop.cluster()).isEqualTo("prod");
        assertThat(shop.application().source().url()).isEqualTo("https://git.example.com/shop-deploy.git");
        assertThat(shop.application().source().path()).isEqualTo("overlays/prod");
        assertThat(shop.application().render().renderer()).isEqualTo(RenderSpec.KUSTOMIZE);
        assertThat(shop.application().targetNamespace()).isEqualTo("shop");
        SyncPolicy p = shop.application().syncPolicy();
        assertThat(p.mode()).isEqualTo(SyncPolicy.Mode.MANUAL);
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.prune()).isFalse();
        assertThat(p.pruneGuard().maxPercent()).isEqualTo(10);
        assertThat(p.pruneGuard().maxCount()).isEqualTo(5);
        assertThat(p.pruneGuard().confirmCriticalKinds()).isTrue();
        var web = c.applications().get(1);
        assertThat(web.cluster()).isEqualTo("default");
        assertThat(web.application().syncPolicy()).isEqualTo(SyncPolicy.automated());
        assertThat(web.application().render().options(io.gitops4j.api.render.HelmOptions.class).releaseName())
                .isEqualTo("web-release");
        assertThat(c.clusters().get("prod").kubeconfig()).isEqualTo(DIR.resolve("prod.kubeconfig"));
        assertThat(c.clusters().get("prod").context()).isEqualTo("prod-admin");
        assertThat(c.allowCredentialsOverPlainHttp()).isTrue();
        assertThat(c.credentials().get(0).token()).contains(SecretRef.file(DIR.resolve("secrets/git-token")));
        assertThat(c.credentials().get(0).username()).isEqualTo("deploy");
        assertThat(c.credentials().get(1).sshKey()).contains(SecretRef.file(Path.of("/run/secrets/deploy-key")));
        assertThat(c.webhooks()).isEqualTo(Map.of(WebhookProvider.GITHUB, SecretRef.env("GITHUB_WEBHOOK_SECRET"),
                WebhookProvider.GITLAB, SecretRef.file(Path.of("/run/secrets/gitlab"))));
    }

    @Test
    void en05_malformedYamlIsRefusedWithFileAndLine() {
        ConfigException e = refusal("""
                applications:
                  - name: shop
                    repository: [unclosed
                """);
        assertThat(e.getMessage()).startsWith("apps.yaml:4: not valid YAML");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void en05_aWrongValueIsRefusedWithFileLineAndField() {
        ConfigException interval = refusal("""
                applications:
                  - name: shop
                    repository: https://git.example.com/shop.git
                    sync:
                      interval: 0s
                """);
        assertThat(interval.getMessage())
                .isEqualTo("apps.yaml:5: applications[0].sync.interval: must be between 1s and 24h");
        ConfigException name = refusal("""
                applications:
                  - name: Shop_Prod
                    repository: https://git.example.com/shop.git
                """);
        assertThat(name.line()).isEqualTo(2);
        assertThat(name.field()).isEqualTo("applications[0].name");
        ConfigException prune = refusal("""
                applications:
                  - name: shop
                    repository: https://git.example.com/shop.git
                    sync: {prune: yes}
                """);
        assertThat(prune.getMessage()).isEqualTo("apps.yaml:4: applications[0].sync.prune: must be true or false");
        ConfigException renderer = refusal("""
                applications:
                  - name: shop
                    repository: https://git.example.com/shop.git
                    renderer: jsonnet
                """);
        assertThat(renderer.getMessage()).isEqualTo(
                "apps.yaml:4: applications[0].renderer: must be one of auto, plain, kustomize, helm");
    }

    @Test
    void en05_unknownMissingAndRepeatedFieldsAreRefused() {
        assertThat(refusal("""
                applications:
                  - name: shop
                    repo: https://git.example.com/shop.git
                """).getMessage()).startsWith("apps.yaml:3: applications[0].repo: unknown field (expected one of ");
        assertThat(refusal("""
                applications:
                  - name: shop
                """).getMessage()).isEqualTo("apps.yaml:2: applications[0].repository: is required");
        assertThat(refusal("""
                applications:
                  - name: shop
                    repository: https://git.example.com/a.git
                  - name: shop
                    repository: https://git.example.com/b.git
                """).getMessage()).isEqualTo(
                "apps.yaml:4: applications[1]: Application shop is declared twice (first on line 2)");
        assertThat(refusal("""
                applications:
                  - name: shop
                    name: other
                    repository: https://git.example.com/a.git
                """).getMessage()).isEqualTo("apps.yaml:3: applications[0].name: appears twice");
        assertThat(refusal("""
                applications:
                  - name: shop
                    repository: https://git.example.com/a.git
                    cluster: staging
                """).getMessage()).isEqualTo(
                "apps.yaml:4: applications[0].cluster: names no cluster declared under clusters");
        assertThat(refusal("clusters: {}\n").getMessage()).isEqualTo("apps.yaml:1: applications: is required");
        assertThat(refusal("").getMessage()).isEqualTo("apps.yaml: is empty; it must declare applications");
    }

    @Test
    void en14_anInlineSecretIsRefusedWithoutQuotingIt() {
        ConfigException token = refusal("""
                git:
                  credentials:
                    - url: https://git.example.com/
                      token: CANARY-TOKEN-inline
                applications:
                  - name: shop
                    repository: https://git.example.com/shop.git
                """);
        assertThat(token.getMessage()).startsWith("apps.yaml:4: git.credentials[0].token: looks like an inline "
                + "secret").doesNotContain("CANARY");
        ConfigException hook = refusal("""
                webhooks:
                  github: {secret: CANARY-TOKEN-hook}
                applications: []
                """);
        assertThat(hook.getMessage()).startsWith("apps.yaml:2: webhooks.github.secret: looks like an inline secret")
                .doesNotContain("CANARY");
        ConfigException password = refusal("""
                applications:
                  - name: shop
                    repository: https://git.example.com/shop.git
                    gitPassword: CANARY-TOKEN-pw
                """);
        assertThat(password.getMessage()).contains("applications[0].gitPassword: looks like an inline secret")
                .doesNotContain("CANARY");
        ConfigException inUrl = refusal("""
                applications:
                  - name: shop
                    repository: https://deploy:CANARY-TOKEN-url@git.example.com/shop.git
                """);
        assertThat(inUrl.getMessage()).isEqualTo("apps.yaml:3: applications[0].repository: url: must not contain "
                + "credentials; supply them to the source");
        ConfigException tokenInEnvName = refusal("""
                git:
                  credentials:
                    - {url: https://git.example.com/, tokenEnv: "CANARY-TOKEN-pasted"}
                applications: []
                """);
        assertThat(tokenInEnvName.getMessage()).isEqualTo(
                "apps.yaml:3: git.credentials[0].tokenEnv: must be the name of an environment variable");
    }

    @Test
    void en14_secretReferencesAreReadWhenUsedAndNeverQuoted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "CANARY-TOKEN-file\n");
        assertThat(SecretRef.file(file).read(n -> null)).isEqualTo("CANARY-TOKEN-file");
        assertThat(SecretRef.env("GIT_TOKEN").read(Map.of("GIT_TOKEN", "CANARY-TOKEN-env")::get))
                .isEqualTo("CANARY-TOKEN-env");
        assertThatThrownBy(() -> SecretRef.env("GIT_TOKEN").read(n -> null))
                .hasMessage("environment variable GIT_TOKEN is not set");
        assertThatThrownBy(() -> SecretRef.file(dir.resolve("missing")).read(n -> null))
                .hasMessage("secret file missing cannot be read (NoSuchFileException)");
        Files.writeString(file, " \n");
        assertThatThrownBy(() -> SecretRef.file(file).read(n -> null)).hasMessage("secret file token is empty");
        assertThat(SecretRef.file(file).toString()).isEqualTo("file:token");
    }

    @Test
    void en05_aCredentialNeedsExactlyOneSecretAndSshNeedsKnownHosts() {
        assertThat(refusal("""
                git:
                  credentials:
                    - {url: https://git.example.com/, username: deploy}
                applications: []
                """).getMessage()).isEqualTo(
                "apps.yaml:3: git.credentials[0]: needs exactly one of tokenEnv, tokenFile or sshKeyFile");
        assertThat(refusal("""
                git:
                  credentials:
                    - {url: ssh://git@git.example.com/, sshKeyFile: key}
                applications: []
                """).getMessage()).isEqualTo("apps.yaml:3: git.credentials[0]: an SSH key needs knownHostsFile "
                + "(host keys are always checked)");
        assertThat(refusal("""
                webhooks:
                  jenkins: {secretEnv: X}
                applications: []
                """).getMessage()).startsWith("apps.yaml:2: webhooks.jenkins: unknown webhook sender");
    }

    @Test
    void en05_yamlTagsAndAnchorsCannotSmuggleObjects() {
        assertThat(refusal("""
                applications:
                  - name: !!javax.script.ScriptEngineManager shop
                    repository: https://git.example.com/shop.git
                """).getMessage()).startsWith("apps.yaml:2: not valid YAML: Global tag is not allowed");
        assertThat(refusal("""
                applications:
                  - name: shop
                    repository: !custom https://git.example.com/shop.git
                """).getMessage()).isEqualTo(
                "apps.yaml:3: applications[0].repository: a YAML tag is not allowed here");
        assertThat(refusal("""
                base: &b {name: shop, repository: https://git.example.com/shop.git}
                applications: [*b]
                """).getMessage()).startsWith("apps.yaml:1: base: unknown field");
    }
}

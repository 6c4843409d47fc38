package io.gitops4j.examples.serve.config;

import io.gitops4j.core.git.webhook.WebhookProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code git:} and {@code webhooks:} sections of {@code apps.yaml}: where credentials and webhook secrets are
 * kept. Only references ({@code …Env}: an environment variable's name, {@code …File}: a file) are accepted; the
 * values are read when used.
 *
 * @param credentials the Git credential rules, in file order
 * @param allowPlainHttp whether credentials may go over plain {@code http}
 * @param webhooks the accepted webhook senders and where each one's secret is kept
 */
record SecretsSection(List<GitCredentialRule> credentials, boolean allowPlainHttp,
        Map<WebhookProvider, SecretRef> webhooks) {
    private static final Set<String> GIT = Set.of("credentials", "allowCredentialsOverPlainHttp");
    private static final Set<String> RULE = Set.of("url", "username", "tokenEnv", "tokenFile", "bearer",
            "sshKeyFile", "knownHostsFile");
    private static final Set<String> HOOK = Set.of("secretEnv", "secretFile");
    private static final Map<String, WebhookProvider> PROVIDERS = Map.of("github", WebhookProvider.GITHUB,
            "gitlab", WebhookProvider.GITLAB, "bitbucket", WebhookProvider.BITBUCKET_CLOUD,
            "bitbucketDataCenter", WebhookProvider.BITBUCKET_DATA_CENTER, "gitea", WebhookProvider.GITEA,
            "generic", WebhookProvider.GENERIC);

    static SecretsSection read(ConfigNode.Fields top, Path directory) {
        List<GitCredentialRule> rules = new ArrayList<>();
        boolean plainHttp = false;
        if (top.optional("git").isPresent()) {
            ConfigNode.Fields git = top.required("git").fields(GIT);
            plainHttp = git.optional("allowCredentialsOverPlainHttp").map(ConfigNode::bool).orElse(false);
            git.optional("credentials").ifPresent(list -> list.items().forEach(i -> rules.add(rule(i, directory))));
        }
        Map<WebhookProvider, SecretRef> hooks = new EnumMap<>(WebhookProvider.class);
        top.optional("webhooks").ifPresent(w -> w.namedEntries().forEach((name, node) -> {
            WebhookProvider provider = PROVIDERS.get(name);
            if (provider == null) {
                throw node.error("unknown webhook sender (expected one of " + String.join(", ",
                        PROVIDERS.keySet().stream().sorted().toList()) + ")");
            }
            ConfigNode.Fields f = node.fields(HOOK);
            hooks.put(provider, secret(f, "secretEnv", "secretFile", directory)
                    .orElseThrow(() -> node.error("needs secretEnv or secretFile")));
        }));
        return new SecretsSection(rules, plainHttp, hooks);
    }

    private static GitCredentialRule rule(ConfigNode item, Path directory) {
        ConfigNode.Fields f = item.fields(RULE);
        String url = f.required("url").text();
        Optional<SecretRef> token = secret(f, "tokenEnv", "tokenFile", directory);
        Optional<SecretRef> key = f.optional("sshKeyFile").map(n -> SecretRef.file(directory.resolve(n.text())));
        Optional<Path> hosts = f.optional("knownHostsFile").map(n -> directory.resolve(n.text()));
        if (token.isPresent() == key.isPresent()) {
            throw item.error("needs exactly one of tokenEnv, tokenFile or sshKeyFile");
        }
        if (key.isPresent() && hosts.isEmpty()) {
            throw item.error("an SSH key needs knownHostsFile (host keys are always checked)");
        }
        boolean bearer = f.optional("bearer").map(ConfigNode::bool).orElse(false);
        String user = f.optional("username").map(ConfigNode::text).orElse("x-access-token");
        return new GitCredentialRule(url, user, token, bearer, key, hosts);
    }

    private static Optional<SecretRef> secret(ConfigNode.Fields f, String envKey, String fileKey, Path directory) {
        Optional<ConfigNode> env = f.optional(envKey);
        Optional<ConfigNode> file = f.optional(fileKey);
        if (env.isPresent() && file.isPresent()) {
            throw file.get().error("give " + envKey + " or " + fileKey + ", not both");
        }
        if (env.isPresent()) {
            String name = env.get().text();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw env.get().error("must be the name of an environment variable");
            }
            return Optional.of(SecretRef.env(name));
        }
        return file.map(n -> SecretRef.file(directory.resolve(n.text())));
    }
}

package io.gitops4j.examples.serve;

import io.gitops4j.core.git.GitCredential;
import io.gitops4j.core.git.GitCredentials;
import io.gitops4j.core.git.GitUrl;
import io.gitops4j.examples.serve.config.GitCredentialRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Git credentials {@code apps.yaml} points at: the first rule whose URL prefix matches the repository gives
 * the credential, read from its environment variable or file on every fetch (so a rotated secret is used at once).
 * A repository no rule matches is fetched anonymously. Thread-safe; holds no secret between calls.
 */
final class ConfiguredCredentials implements GitCredentials {
    private final List<GitCredentialRule> rules;
    private final Function<String, String> environment;

    ConfiguredCredentials(List<GitCredentialRule> rules, Function<String, String> environment) {
        this.rules = List.copyOf(rules);
        this.environment = environment;
    }

    @Override
    public Optional<GitCredential> forUrl(GitUrl url) {
        String text = url.toJGitUrl();
        return rules.stream().filter(r -> r.matches(text)).findFirst().map(this::credential);
    }

    private GitCredential credential(GitCredentialRule rule) {
        if (rule.sshKey().isPresent()) {
            byte[] key = rule.sshKey().get().read(environment).getBytes(StandardCharsets.UTF_8);
            String hosts;
            try {
                hosts = Files.readString(rule.knownHosts().orElseThrow(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("known_hosts file of " + rule.urlPrefix() + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
            return new GitCredential.SshKey(key, new char[0], hosts);
        }
        String token = rule.token().orElseThrow().read(environment);
        return rule.bearer() ? new GitCredential.BearerToken(token)
                : new GitCredential.UsernamePassword(rule.username(), token);
    }

    /** Reads every secret once, so a missing variable or file stops {@code serve} at startup, not at a fetch. */
    void check() {
        rules.forEach(this::credential);
    }
}

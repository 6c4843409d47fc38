package io.gitops4j.examples.serve.config;

import io.gitops4j.core.git.webhook.WebhookProvider;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code apps.yaml} declares, validated: the Applications and their clusters, where Git credentials and
 * webhook secrets are kept (references only), and whether credentials may go over plain {@code http}.
 *
 * @param applications the Applications, in file order, names unique
 * @param clusters the clusters the file names, by name (the {@code default} cluster comes from the command line)
 * @param credentials Git credential rules, the first matching one wins
 * @param allowCredentialsOverPlainHttp whether credentials may be sent over plain {@code http} (loopback servers)
 * @param webhooks the webhook senders accepted, each with where its secret is kept
 */
public record AppsConfig(List<DeclaredApp> applications, Map<String, ClusterConfig> clusters,
        List<GitCredentialRule> credentials, boolean allowCredentialsOverPlainHttp,
        Map<WebhookProvider, SecretRef> webhooks) {
    /** Copies the collections. */
    public AppsConfig {
        applications = List.copyOf(applications);
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        credentials = List.copyOf(credentials);
        Map<WebhookProvider, SecretRef> copy = new EnumMap<>(WebhookProvider.class);
        copy.putAll(Objects.requireNonNull(webhooks, "webhooks"));
        webhooks = Collections.unmodifiableMap(copy);
    }
}

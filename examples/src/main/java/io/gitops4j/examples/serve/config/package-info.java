/**
 * {@code apps.yaml} for {@code ./gitops4j serve}: {@link io.gitops4j.examples.serve.config.AppsFile} reads and
 * validates it into an {@link io.gitops4j.examples.serve.config.AppsConfig} (Applications, clusters, where Git
 * credentials and webhook secrets are kept); every refusal names the file, the line and the field
 * ({@link io.gitops4j.examples.serve.config.ConfigException}). Secrets are only ever referenced
 * ({@link io.gitops4j.examples.serve.config.SecretRef}: an environment variable or a file), never written inline.
 */
package io.gitops4j.examples.serve.config;

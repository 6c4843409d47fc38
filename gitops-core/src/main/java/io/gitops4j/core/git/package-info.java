/**
 * The Git source on JGit: {@link io.gitops4j.core.git.GitSource} (bare mirrors, cheap change detection, confined
 * snapshots read from the object database), credentials supplied per call ({@link io.gitops4j.core.git.GitCredentials}),
 * URL policy ({@link io.gitops4j.core.git.UrlPolicy}), budgets, signature verification
 * ({@link io.gitops4j.core.git.SignaturePolicy}), history-rewrite detection and write-back
 * ({@link io.gitops4j.core.git.GitWriter}). Webhook parsing lives in {@code io.gitops4j.core.git.webhook}.
 */
package io.gitops4j.core.git;

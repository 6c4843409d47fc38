/**
 * The Git source on JGit: {@link io.gitops4j.core.git.GitSource} (bare mirrors, cheap change detection, confined
 * snapshots read from the object database), credentials supplied per call ({@link io.gitops4j.core.git.GitCredentials}),
 * URL policy ({@link io.gitops4j.core.git.UrlPolicy}), budgets enforced while bytes arrive on every transport
 * ({@link io.gitops4j.core.git.FetchBudget}: deadline and byte cap mid-object, redirects refused), submodules fetched
 * only from allowed URLs, lossless non-UTF-8 names, signature verification
 * ({@link io.gitops4j.core.git.SignaturePolicy}), history-rewrite detection and write-back
 * ({@link io.gitops4j.core.git.GitWriter}). Webhook parsing lives in {@code io.gitops4j.core.git.webhook}.
 */
package io.gitops4j.core.git;

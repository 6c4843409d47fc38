/**
 * {@code ./gitops4j serve}: the reference embedding — a small long-running service built only on gitops4j's public
 * API, the way a Console backend embeds the library. Read in this order: {@link
 * io.gitops4j.examples.serve.ServeCommand} (start and SIGTERM), {@code config} ({@code apps.yaml}), {@link
 * io.gitops4j.examples.serve.Fleet} (Git source, targets and reconcilers wired from it), {@code http} (one class per
 * resource), {@link io.gitops4j.examples.serve.JsonViews} and {@code html} (what callers see). Format and endpoints:
 * {@code docs/serve.md}.
 */
package io.gitops4j.examples.serve;

/**
 * Sources other than Git: {@link io.gitops4j.core.source.LocalDirectorySource} serves {@code file:} directories
 * (for local use and tests) with a content-hash revision. Resolving again stats the tree and reads only what changed
 * ({@code DigestCache}); opening reads the tree into memory, so a snapshot never changes under a reconcile.
 */
package io.gitops4j.core.source;

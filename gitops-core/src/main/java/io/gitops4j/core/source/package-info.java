/**
 * Sources other than Git: {@link io.gitops4j.core.source.LocalDirectorySource} serves {@code file:} directories
 * (for local use and tests) with a content-hash revision, read into memory so a snapshot never changes under a
 * reconcile.
 */
package io.gitops4j.core.source;

/**
 * Where desired state comes from: a {@link io.gitops4j.api.source.Source} resolves a {@link
 * io.gitops4j.api.source.SourceSpec} to a {@link io.gitops4j.api.source.Revision} and opens a read-only {@link
 * io.gitops4j.api.source.Snapshot} of it. Every path in a snapshot is confined to its tree.
 */
package io.gitops4j.api.source;

/**
 * Kubernetes objects as data: {@link io.gitops4j.api.resource.ObjectId} (identity), {@link
 * io.gitops4j.api.resource.ResourceKey} (identity plus the API version an object is read or written in), {@link
 * io.gitops4j.api.resource.GroupKind}, {@link io.gitops4j.api.resource.Manifest} (an immutable tree with a stable
 * hash and its origin) and {@link io.gitops4j.api.resource.ManifestSet} (an ordered desired state).
 */
package io.gitops4j.api.resource;

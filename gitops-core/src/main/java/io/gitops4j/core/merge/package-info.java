/**
 * Structured merge: Kubernetes server-side apply semantics on plain JSON-like trees.
 *
 * <p>Values are {@code Map<String,Object>} (insertion ordered), {@code List<Object>}, {@code String},
 * {@code Long}, {@code Double}, {@code Boolean} and {@code null}. Nothing here talks to a cluster.
 *
 * <ul>
 *   <li>Schemas: {@link io.gitops4j.core.merge.TypeSchema}, {@link io.gitops4j.core.merge.SchemaRegistry},
 *       {@link io.gitops4j.core.merge.BuiltInSchemas} (Kubernetes 1.33 built-in kinds),
 *       {@link io.gitops4j.core.merge.CrdSchemas} (custom resources from a CRD).</li>
 *   <li>Field sets: {@link io.gitops4j.core.merge.PathElement}, {@link io.gitops4j.core.merge.FieldPath},
 *       {@link io.gitops4j.core.merge.FieldSet} (and its {@code fieldsV1} wire form),
 *       {@link io.gitops4j.core.merge.ManagedFieldsEntry}.</li>
 *   <li>Server-side apply: {@link io.gitops4j.core.merge.ServerSideApply} (apply and update operations),
 *       {@link io.gitops4j.core.merge.ApplyConflictException}.</li>
 *   <li>Strategic merge patch for built-in kinds: {@link io.gitops4j.core.merge.StrategicMergePatch}.</li>
 * </ul>
 *
 * <p>All public types are immutable or stateless and thread-safe; operations never mutate their inputs.
 */
package io.gitops4j.core.merge;

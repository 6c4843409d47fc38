/**
 * The engine vocabulary an embedder programs against: {@link io.gitops4j.api.Reconciler}, {@link
 * io.gitops4j.api.Application}, {@link io.gitops4j.api.SyncPolicy}, {@link io.gitops4j.api.ReconcileResult} with its
 * {@link io.gitops4j.api.Trigger}, and the unchecked root {@link io.gitops4j.api.GitOpsException}. This module
 * depends on the JDK alone.
 */
package io.gitops4j.api;

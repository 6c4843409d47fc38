/** The entry point {@link io.gitops4j.core.GitOps} of gitops4j's engine. */
package io.gitops4j.core;

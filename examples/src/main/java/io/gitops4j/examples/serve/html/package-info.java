/**
 * The read-only status pages of {@code serve}, rendered on the server without a framework. Every value goes
 * through {@link io.gitops4j.examples.serve.html.Html}, which escapes it; field diffs arrive from the planner with
 * Secret values already redacted.
 */
package io.gitops4j.examples.serve.html;

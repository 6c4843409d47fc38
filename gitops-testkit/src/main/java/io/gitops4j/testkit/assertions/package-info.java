/**
 * AssertJ-style assertions on a fake cluster, a reconcile result and a request log, with failure messages that show
 * what is there instead. Entry point: {@link io.gitops4j.testkit.assertions.GitOpsAssertions}.
 */
package io.gitops4j.testkit.assertions;

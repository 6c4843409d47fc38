/**
 * The JUnit 5 extension: {@link io.gitops4j.testkit.junit.GitOpsTest} on a test class injects a fake cluster
 * ({@code FakeKube}, {@code FakeApiServer}, an official-client {@code ApiClient}, {@code GitFixtures}, simulators,
 * fault rules, the request log) per test method or per class, and closes it all afterwards.
 */
package io.gitops4j.testkit.junit;

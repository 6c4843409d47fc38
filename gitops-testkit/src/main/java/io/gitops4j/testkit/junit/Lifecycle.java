package io.gitops4j.testkit.junit;

/** How long the fake cluster of a {@link GitOpsTest} lives. */
public enum Lifecycle {
    /** A fresh cluster (fake, server, client, Git fixtures) for every test method; the default. */
    PER_METHOD,
    /** One cluster shared by every test method of the class (and its {@code @BeforeAll} methods). */
    PER_CLASS
}

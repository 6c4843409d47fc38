/**
 * Git fixtures: {@link io.gitops4j.testkit.git.GitFixtures} builds repositories ({@link io.gitops4j.testkit.git.TestRepo})
 * and serves them over {@code file://}, {@code git://}, smart HTTP with basic auth and SSH on 127.0.0.1; signing keys
 * for OpenPGP and SSH commit signatures.
 */
package io.gitops4j.testkit.git;

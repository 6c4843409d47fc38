/** Internals of {@code FakeKube}: the object store, selectors, validation, patching, watches. Not a public API. */
package io.gitops4j.testkit.kube.internal;

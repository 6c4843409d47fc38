package io.gitops4j.testkit.git;

/** Signs a commit or tag payload, returning the armored signature Git stores. */
@FunctionalInterface
public interface CommitSigner {
    /** @return the armored signature over {@code payload} */
    String sign(byte[] payload);
}

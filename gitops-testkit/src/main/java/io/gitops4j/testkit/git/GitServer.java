package io.gitops4j.testkit.git;

/** A Git server on 127.0.0.1 serving the repositories of a {@link GitFixtures}. Stopped by {@link #close()}. */
public interface GitServer extends AutoCloseable {
    /** @return the URL of a repository by its name (without {@code .git}) */
    String url(String repoName);

    /** @return the port the server listens on */
    int port();

    /** Stops the server; idempotent. */
    @Override
    void close();
}

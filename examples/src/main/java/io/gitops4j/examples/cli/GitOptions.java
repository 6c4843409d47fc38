package io.gitops4j.examples.cli;

import io.gitops4j.core.git.GitCredential;
import io.gitops4j.core.git.GitCredentials;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.GitSourceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The Git source options commands share ({@code source}, {@code reconcile}): credentials come from the environment
 * ({@code GITOPS4J_GIT_TOKEN}, or {@code GITOPS4J_GIT_USERNAME} and {@code GITOPS4J_GIT_PASSWORD}) or from files named
 * by flags, never from the command line itself. A picocli mixin; not thread-safe.
 */
final class GitOptions {
    @Option(names = "--token-file", description = "file holding an HTTPS token")
    Path tokenFile;

    @Option(names = "--bearer", description = "send the token as a bearer token instead of basic auth")
    boolean bearer;

    @Option(names = "--ssh-key-file", description = "file holding an SSH private key")
    Path sshKeyFile;

    @Option(names = "--known-hosts", description = "known_hosts file for SSH (strict checking)")
    Path knownHosts;

    @Option(names = "--cache-dir", description = "mirror cache directory (default: a temporary one)")
    Path cacheDir;

    @Option(names = "--shallow", description = "fetch depth 1")
    boolean shallow;

    @Option(names = "--allow-insecure-http", description = "allow sending credentials over plain http")
    boolean insecureHttp;

    /** @return a Git source with these options ({@code file:} URLs allowed) */
    GitSource source() throws IOException {
        GitSourceBuilder b = GitSource.builder().allowFileUrls(true).shallow(shallow)
                .allowCredentialsOverPlainHttp(insecureHttp).credentials(credentials());
        if (cacheDir != null) {
            b.cacheDirectory(cacheDir);
        }
        return b.build();
    }

    private GitCredentials credentials() throws IOException {
        Function<String, String> env = SourceCommand.environment;
        if (sshKeyFile != null) {
            byte[] key = Files.readAllBytes(sshKeyFile);
            String hosts = knownHosts == null ? "" : Files.readString(knownHosts);
            return url -> Optional.of(new GitCredential.SshKey(key, null, hosts));
        }
        String token = tokenFile != null ? Files.readString(tokenFile).trim() : env.apply("GITOPS4J_GIT_TOKEN");
        if (token != null && !token.isEmpty()) {
            String user = Optional.ofNullable(env.apply("GITOPS4J_GIT_USERNAME")).orElse("x-access-token");
            GitCredential c = bearer ? new GitCredential.BearerToken(token)
                    : new GitCredential.UsernamePassword(user, token);
            return url -> Optional.of(c);
        }
        String user = env.apply("GITOPS4J_GIT_USERNAME");
        String password = env.apply("GITOPS4J_GIT_PASSWORD");
        if (user != null && password != null) {
            GitCredential c = new GitCredential.UsernamePassword(user, password);
            return url -> Optional.of(c);
        }
        return GitCredentials.none();
    }
}

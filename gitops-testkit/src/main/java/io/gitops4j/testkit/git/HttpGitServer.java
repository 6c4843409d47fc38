package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Smart HTTP with basic auth: lighttpd running {@code git http-backend} as CGI on 127.0.0.1. Every request under
 * {@code /git} needs the user's credentials; {@code /moved/NAME.git} redirects to another host name
 * ({@code localhost}) for redirect tests.
 */
public final class HttpGitServer implements GitServer {
    private final Process process;
    private final int port;

    HttpGitServer(Path base, Path dir, String username, String password) {
        Path lighttpd = ToolCheck.require("lighttpd", "lighttpd");
        Path backend = ToolCheck.gitProgram("git-http-backend");
        port = Ports.free();
        try {
            Files.createDirectories(dir.resolve("htdocs"));
            Files.writeString(dir.resolve("users"), username + ":" + password + "\n");
            String conf = String.join("\n",
                    "server.modules = (\"mod_access\", \"mod_alias\", \"mod_auth\", \"mod_authn_file\", \"mod_cgi\","
                            + " \"mod_setenv\", \"mod_redirect\")",
                    "server.bind = \"127.0.0.1\"",
                    "server.port = " + port,
                    "server.document-root = \"" + dir.resolve("htdocs") + "\"",
                    "server.errorlog = \"" + dir.resolve("error.log") + "\"",
                    "url.redirect = ( \"^/moved/(.*)$\" => \"http://localhost:" + port + "/git/$1\" )",
                    "alias.url = ( \"/git\" => \"" + backend + "\" )",
                    "$HTTP[\"url\"] =~ \"^/git\" {",
                    "  cgi.assign = ( \"\" => \"\" )",
                    "  setenv.add-environment = ( \"GIT_PROJECT_ROOT\" => \"" + base + "\", \"GIT_HTTP_EXPORT_ALL\" =>"
                            + " \"1\" )",
                    "  auth.backend = \"plain\"",
                    "  auth.backend.plain.userfile = \"" + dir.resolve("users") + "\"",
                    "  auth.require = ( \"\" => ( \"method\" => \"basic\", \"realm\" => \"git\", \"require\" =>"
                            + " \"valid-user\" ) )",
                    "}", "");
            Path confFile = dir.resolve("lighttpd.conf");
            Files.writeString(confFile, conf);
            process = new ProcessBuilder(List.of(lighttpd.toString(), "-D", "-f", confFile.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("lighttpd.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Ports.awaitAccepting(port, process, "lighttpd");
    }

    @Override
    public String url(String repoName) {
        return "http://127.0.0.1:" + port + "/git/" + repoName + ".git";
    }

    /** @return a URL that answers with a redirect to {@code localhost} (another host name) */
    public String redirectingUrl(String repoName) {
        return "http://127.0.0.1:" + port + "/moved/" + repoName + ".git";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        Ports.stop(process);
    }
}

package io.gitops4j.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.render.KustomizeOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.render.KustomizeRenderer;
import io.gitops4j.core.render.KustomizeTool;
import io.gitops4j.core.render.YamlLimits;
import io.gitops4j.core.source.LocalDirectorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RD-26 against a real Git server on 127.0.0.1 (git http-backend behind lighttpd): kustomize fetches a remote base
 * the allow-list names, and cannot be led past it by dot segments that git removes before it connects.
 */
@Timeout(180)
class KustomizeRemoteBaseIT {
    static GitFixtures git;
    static HttpGitServer http;
    static KustomizeRenderer renderer;

    @TempDir
    Path tree;

    @BeforeAll
    static void setUp() {
        renderer = new KustomizeRenderer(KustomizeTool.kubectl(ToolCheck.require("kubectl", "kubectl")),
                YamlLimits.defaults());
        git = GitFixtures.create();
        http = git.http("fetcher", "fetch-pass");
        git.repo("acme/base").commit("allowed base").add("kustomization.yaml", "resources:\n- cm.yaml\n")
                .add("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-acme\n").create();
        git.repo("evil/base").commit("not allowed").add("kustomization.yaml", "resources:\n- cm.yaml\n")
                .add("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-evil\n").create();
    }

    @AfterAll
    static void tearDown() {
        git.close();
    }

    private String base(String path) {
        return "http://fetcher:fetch-pass@127.0.0.1:" + http.port() + "/git/" + path;
    }

    private ManifestSet render(String resource) throws IOException {
        Files.writeString(tree.resolve("kustomization.yaml"), "resources:\n- " + resource + "\n");
        KustomizeOptions options = KustomizeOptions.defaults().withAllowedRemoteBases(List.of(base("acme/")));
        LocalDirectorySource source = LocalDirectorySource.create();
        SourceSpec spec = SourceSpec.local(tree);
        try (Snapshot snapshot = source.open(spec, source.resolve(spec))) {
            return renderer.render(snapshot, new RenderSpec("kustomize", "", options));
        }
    }

    @Test
    @DisplayName("RD-26 a remote base inside the allowed prefix is fetched by kustomize and rendered")
    void allowedBaseIsFetched() throws IOException {
        ManifestSet set = render(base("acme/base.git"));
        assertThat(set.manifests()).extracting(m -> m.name()).containsExactly("from-acme");
    }

    @Test
    @DisplayName("RD-26 dot segments (plain or percent-encoded) cannot lead an allowed prefix to another repository")
    void dotSegmentsDoNotPassTheAllowList() {
        for (String sneaky : List.of("acme/../evil/base.git", "acme/%2e%2e/evil/base.git", "acme/./../evil/base.git")) {
            RenderException e;
            try {
                ManifestSet set = render(base(sneaky));
                throw new AssertionError(sneaky + " rendered " + set.manifests());
            } catch (RenderException refused) {
                e = refused;
            } catch (IOException io) {
                throw new AssertionError(io);
            }
            assertThat(e.reason()).as(sneaky).isEqualTo(Reason.POLICY);
            assertThat(e.getMessage()).as(sneaky).isEqualTo("kustomization.yaml: resources entry 'http://127.0.0.1:"
                    + http.port() + "/git/" + sneaky + "' is remote; remote bases are refused unless allowed "
                    + "(allowedRemoteBases)");
        }
    }
}

package io.gitops4j.api.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import org.junit.jupiter.api.Test;

class SourceTypesTest {
    @Test
    void revisionPrintsShortRefAlgorithmAndAbbreviatedId() {
        Revision r = new Revision("refs/heads/main", "3f2a9c1d0e7b3f2a9c1d0e7b3f2a9c1d0e7b3f2a");
        assertThat(r).hasToString("main@sha1:3f2a9c1d0e7b");
        assertThat(Revision.ref("refs/heads/feature-x").isResolved()).isFalse();
        assertThatThrownBy(() -> new Revision("main", "xyz")).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void refParsingRecognizesEachForm() {
        assertThat(Ref.parse("refs/pull/7/head").type()).isEqualTo(Ref.Type.NAME);
        assertThat(Ref.parse("0123456789abcdef0123456789abcdef01234567").type()).isEqualTo(Ref.Type.COMMIT);
        assertThat(Ref.parse("semver:>=1.2.0 <2.0.0")).isEqualTo(Ref.semver(">=1.2.0 <2.0.0"));
        assertThat(Ref.parse("main").type()).isEqualTo(Ref.Type.AUTO);
        assertThat(Ref.parse("tag:v1")).isEqualTo(Ref.tag("v1"));
        assertThatThrownBy(() -> Ref.branch("../x")).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> Ref.branch("--upload-pack=x")).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void sourceSpecRejectsCredentialsInTheUrlWithoutEchoingThem() {
        assertThatThrownBy(() -> SourceSpec.git("https://bob:CANARY-TOKEN-1@example.com/r.git", "main", ""))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageNotContaining("CANARY-TOKEN-1");
        assertThatThrownBy(() -> SourceSpec.git("https://example.com/r.git\n", "main", ""))
                .isInstanceOf(InvalidSpecException.class);
        assertThat(SourceSpec.git("ssh://git@example.com/r.git", "main", "./a/../b/").path()).isEqualTo("b");
    }

    @Test
    void snapshotPathsStayInsideTheRoot() {
        assertThat(SnapshotPaths.normalize("a/./b//c/../d")).isEqualTo("a/b/d");
        assertThat(SnapshotPaths.normalize("1:/x")).as("only a letter makes a drive").isEqualTo("1:/x");
        assertThat(SnapshotPaths.normalize("")).isEmpty();
        for (String bad : new String[] {"../x", "/etc/passwd", "a/../../x", "a\\b", "a\u0000b", "C:/x", "c:x", "z:"}) {
            assertThatThrownBy(() -> SnapshotPaths.normalize(bad)).isInstanceOf(SourceException.class)
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(SourceException.Reason.PATH_ESCAPE);
        }
        assertThat(SnapshotPaths.isWithin("a/b", "a")).isTrue();
        assertThat(SnapshotPaths.isWithin("ab", "a")).isFalse();
    }
}

package io.gitops4j.examples.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every reliability case id the code or a test cites is defined in docs/reliability.md, once, under the heading of
 * its prefix, in id order. Scans every module's {@code src/main} and {@code src/test}.
 */
class CaseIdsTest {
    private static final Pattern CITED = Pattern.compile("\\b(GS|RD|DA|PR|EN)-\\d{2}\\b");
    private static final Pattern DEFINED = Pattern.compile("^- \\*\\*((GS|RD|DA|PR|EN)-\\d{2})\\*\\*",
            Pattern.MULTILINE);
    private static final Map<String, String> HEADINGS = Map.of("GS", "## Git source (GS)", "RD", "## Renderers (RD)",
            "DA", "## Diff and apply (DA)", "PR", "## Prune (PR)", "EN", "## Engine (EN)");

    private static String reliabilityDoc() throws Exception {
        return Files.readString(SourceTree.root().resolve("docs/reliability.md"));
    }

    @Test
    void everyCitedCaseIdIsDefinedInTheReliabilityDoc() throws Exception {
        List<String> defined = new ArrayList<>();
        Matcher d = DEFINED.matcher(reliabilityDoc());
        while (d.find()) {
            defined.add(d.group(1));
        }
        Map<String, String> undefined = new TreeMap<>();
        for (SourceTree.SourceFile file : SourceTree.files()) {
            Matcher m = CITED.matcher(file.text());
            while (m.find()) {
                if (!defined.contains(m.group())) {
                    undefined.putIfAbsent(m.group(), file.path());
                }
            }
        }
        assertThat(defined).as("ids defined in docs/reliability.md").isNotEmpty();
        assertThat(undefined).as("case ids cited in the code but not defined in docs/reliability.md (id=first file)")
                .isEmpty();
    }

    @Test
    void everyCaseIdIsDefinedOnceUnderItsHeadingInOrder() throws Exception {
        String doc = reliabilityDoc();
        for (Map.Entry<String, String> heading : HEADINGS.entrySet()) {
            int start = doc.indexOf("\n" + heading.getValue() + "\n");
            assertThat(start).as("heading %s", heading.getValue()).isNotNegative();
            int end = doc.indexOf("\n## ", start + 1);
            Matcher m = DEFINED.matcher(doc.substring(start, end < 0 ? doc.length() : end));
            List<String> ids = new ArrayList<>();
            while (m.find()) {
                ids.add(m.group(1));
            }
            assertThat(ids).as("ids under %s", heading.getValue())
                    .allSatisfy(id -> assertThat(id).startsWith(heading.getKey() + "-"))
                    .doesNotHaveDuplicates().isSorted();
        }
    }
}

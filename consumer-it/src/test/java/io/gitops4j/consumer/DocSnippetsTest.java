package io.gitops4j.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java (and Maven) snippets of the README and docs/testing.md are the consumer project's sources, which the
 * invoker compiles and runs against the published artifacts: every {@code ```java} block must follow a marker
 * {@code <!-- snippet: PATH -->} (a whole file) or {@code <!-- snippet: PATH#REGION -->} (the lines between
 * {@code snippet:REGION} and {@code end:REGION} comments in that file, common indentation removed), and equal it.
 * In docs/embedding.md the blocks that follow a marker must equal their source too; others are not required to.
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of(System.getProperty("gitops4j.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("gitops4j.version", "");
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([^#\\s]+)(?:#([\\w-]+))? -->");
    private static final List<String> DOCS = List.of("README.md", "docs/testing.md");
    private static final List<String> MARKED_ONLY = List.of("docs/embedding.md");

    /** A fenced block of a document, with the marker before it, if any. */
    record Block(String doc, int line, String language, String content, String path, String region) {
        String where() {
            return doc + " line " + line;
        }
    }

    @Test
    void everyJavaBlockOfTheDocsIsACompiledSourceOfTheConsumerProject() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (String doc : DOCS) {
            blocks.addAll(blocks(doc));
        }
        assertThat(blocks).filteredOn(b -> b.language().equals("java")).as("java blocks").isNotEmpty()
                .allSatisfy(b -> assertThat(b.path()).as("%s: a ```java block needs a marker "
                        + "<!-- snippet: consumer-it/src/it/consumer/src/...java[#region] --> before it, naming the "
                        + "source it shows (the build compiles that source, so the docs cannot drift)", b.where())
                        .isNotNull());
        for (String doc : MARKED_ONLY) {
            blocks.addAll(blocks(doc));
        }
        for (Block b : blocks) {
            if (b.path() != null) {
                assertThat(b.content()).as("%s shows %s%s; the docs must equal that source", b.where(), b.path(),
                        b.region() == null ? "" : "#" + b.region()).isEqualTo(source(b));
            }
        }
    }

    @Test
    void theDocsShowTheBomImportWithTheVersion() throws IOException {
        for (String doc : DOCS) {
            assertThat(blocks(doc)).as(doc).anySatisfy(b -> {
                assertThat(b.language()).isEqualTo("xml");
                assertThat(b.region()).isEqualTo("maven");
                assertThat(b.content()).contains("<artifactId>gitops4j-bom</artifactId>",
                        "<version>" + VERSION + "</version>", "<scope>import</scope>");
            });
        }
    }

    private static List<Block> blocks(String doc) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(doc));
        List<Block> out = new ArrayList<>();
        String path = null;
        String region = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = MARKER.matcher(line.trim());
            if (m.matches()) {
                path = m.group(1);
                region = m.group(2);
            } else if (line.startsWith("```") && line.length() > 3) {
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).startsWith("```")) {
                    end++;
                }
                String content = String.join("\n", lines.subList(start, end)) + "\n";
                out.add(new Block(doc, start, line.substring(3).trim(), content, path, region));
                path = null;
                region = null;
                i = end;
            } else if (!line.isBlank()) {
                path = null;
                region = null;
            }
        }
        return out;
    }

    private static String source(Block b) throws IOException {
        String text = Files.readString(ROOT.resolve(b.path())).replace("@project.version@", VERSION);
        return b.region() == null ? text : region(text, b);
    }

    private static String region(String text, Block b) {
        List<String> lines = text.lines().toList();
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.equals("// snippet:" + b.region()) || t.equals("<!-- snippet:" + b.region() + " -->")) {
                start = i + 1;
            } else if (t.equals("// end:" + b.region()) || t.equals("<!-- end:" + b.region() + " -->")) {
                end = i;
            }
        }
        assertThat(start).as("%s: region %s in %s", b.where(), b.region(), b.path()).isPositive();
        assertThat(end).as("%s: end of region %s in %s", b.where(), b.region(), b.path()).isGreaterThan(start);
        List<String> body = lines.subList(start, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : body) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }
}

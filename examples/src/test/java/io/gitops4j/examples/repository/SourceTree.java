package io.gitops4j.examples.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository this build runs in, read as text: every module's {@code src/main} and {@code src/test}. Files that
 * are not UTF-8 text (archives, images) are left out. Stateless; each call reads the disk.
 */
final class SourceTree {
    /** A text file of the tree: its path relative to the repository root, and its content. */
    record SourceFile(String path, String text) {}

    private SourceTree() {}

    /** @return the repository root: the nearest directory, from the working directory up, holding docs/reliability.md */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/reliability.md")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with docs/reliability.md above " + Path.of("")
                .toAbsolutePath());
    }

    /** @return every UTF-8 text file under {@code MODULE/src/main} and {@code MODULE/src/test}, sorted by path */
    static List<SourceFile> files() {
        Path root = root();
        List<SourceFile> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).sorted().toList()) {
                for (String part : List.of("src/main", "src/test")) {
                    Path dir = module.resolve(part);
                    if (!Files.isDirectory(dir)) {
                        continue;
                    }
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                            text(file).ifPresent(t -> out.add(new SourceFile(root.relativize(file).toString(), t)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Optional<String> text(Path file) throws IOException {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}

package dev.osiris.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The lab's working directories: {@code .osiris/<name>} under the current directory, or under OSIRIS_WORK. */
public final class WorkDirs {

    private WorkDirs() {
    }

    public static Path of(String name) {
        return Path.of(System.getenv().getOrDefault("OSIRIS_WORK", ".osiris")).toAbsolutePath().resolve(name);
    }

    /** An empty directory, whatever an earlier run left there. */
    public static Path fresh(Path dir) throws IOException {
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

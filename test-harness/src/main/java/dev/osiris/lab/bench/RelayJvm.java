package dev.osiris.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of the relay processes the benches start: the relay's own {@code cloud-relay/jvm.options} (named
 * by {@code OSIRIS_RELAY_JVM_OPTIONS}, which ./osiris sets, or found from the working directory), so that a bench
 * measures the limits the relay runs with.
 */
final class RelayJvm {

    private RelayJvm() {
    }

    static List<String> options() {
        String named = System.getenv("OSIRIS_RELAY_JVM_OPTIONS");
        List<Path> candidates = named != null && !named.isBlank() ? List.of(Path.of(named))
                : List.of(Path.of("cloud-relay/jvm.options"), Path.of("../cloud-relay/jvm.options"));
        for (Path file : candidates) {
            if (Files.isRegularFile(file)) {
                return read(file);
            }
        }
        throw new IllegalStateException("no relay jvm.options found (set OSIRIS_RELAY_JVM_OPTIONS); looked at "
                + candidates);
    }

    private static List<String> read(Path file) {
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
        try {
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                String option = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!option.isEmpty()) {
                    options.add(option);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return options;
    }

    /** The -Xmx option, for the figures. */
    static String heap(List<String> options) {
        return options.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElse("no -Xmx");
    }
}

package dev.osiris.agent.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;

/** The agent's YAML configuration file: any bytes are a configuration or a {@link ConfigException}. */
class AgentConfigFuzzTest {

    private static final Path FILE = file();

    @FuzzTest
    void anyFileIsAConfigurationOrARefusal(byte[] yaml) throws IOException {
        Files.write(FILE, yaml);
        parsesOrRefuses(ConfigException.class, () -> AgentConfig.load(FILE));
    }

    private static Path file() {
        try {
            Path dir = Files.createTempDirectory("osiris-fuzz-config");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("agent.yaml");
            file.toFile().deleteOnExit(); // runs before the directory's: reverse order of registration
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

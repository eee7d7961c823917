package dev.osiris.protocol.runbook;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RunbookCatalogTest {

    private static final Path SOURCES = Path.of("src/main/resources/runbooks");

    @Test
    void everyShippedFileIsListedAndParses() throws IOException {
        RunbookCatalog catalog = RunbookCatalog.builtIn();
        Set<String> listed = catalog.all().stream()
                .map(r -> r.platform().wire() + "/" + r.id() + ".yaml").collect(Collectors.toSet());
        List<String> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml"))
                    .map(p -> SOURCES.relativize(p).toString()).toList();
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void everyRunbookMapsToEveryFrameworkAndHealPolicyIsConsistent() {
        for (Runbook r : RunbookCatalog.builtIn().all()) {
            assertThat(r.controls().keySet()).as(r.id()).containsExactlyInAnyOrder(Framework.values());
            assertThat(r.controls().get(Framework.HIPAA)).as(r.id() + " HIPAA").isNotEmpty();
            if (r.standard()) {
                assertThat(r.heal()).as(r.id() + " is standard so must be auto").isEqualTo(HealPolicy.AUTO);
            }
        }
    }
}

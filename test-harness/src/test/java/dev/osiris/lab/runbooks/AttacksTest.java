package dev.osiris.lab.runbooks;

import dev.osiris.lab.chaos.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttacksTest {

    @TempDir
    Path dir;

    @Test
    void everyAttackOfTheRepositoryHasACategoryAndEveryCategoryHasAttacks() {
        Attacks attacks = Attacks.load();
        assertThat(attacks.all()).isNotEmpty().allSatisfy(a -> assertThat(a.category()).isNotNull());
        assertThat(Arrays.stream(Category.values())).allSatisfy(c -> assertThat(attacks.forCategory(c)).isNotEmpty());
    }

    @Test
    void aFileWithoutACategoryIsRefusedWithItsNameAndTheKnownCategories() throws Exception {
        Path file = write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\nscript: x\n");
        assertThatThrownBy(() -> Attacks.load(dir)).hasMessage("attack " + file
                + ": category is required (one of security, network, services, policy, persistence)");
    }

    @Test
    void anUnknownCategoryIsRefused() throws Exception {
        write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\ncategory: mayhem\nscript: x\n");
        assertThatThrownBy(() -> Attacks.load(dir)).hasMessageEndingWith(
                ": category must be one of security, network, services, policy, persistence, got 'mayhem'");
    }

    @Test
    void aCategorisedFileLoads() throws Exception {
        write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\ncategory: security\nscript: x\n");
        assertThat(Attacks.load(dir).all()).singleElement()
                .satisfies(a -> assertThat(a.category()).isEqualTo(Category.SECURITY));
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}

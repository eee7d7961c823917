package dev.osiris.lab.runbooks;

import dev.osiris.lab.chaos.Category;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
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
        Path file = write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\nattack: T1562.004\nscript: x\n");
        assertThatThrownBy(() -> Attacks.load(dir)).hasMessage("attack " + file
                + ": category is required (one of security, network, services, policy, persistence)");
    }

    @Test
    void anUnknownCategoryIsRefused() throws Exception {
        write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\ncategory: mayhem\nattack: T1562\nscript: x\n");
        assertThatThrownBy(() -> Attacks.load(dir)).hasMessageEndingWith(
                ": category must be one of security, network, services, policy, persistence, got 'mayhem'");
    }

    @Test
    void aCategorisedFileLoadsWithItsTechniqueKindAndPolicyFlag() throws Exception {
        write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\ncategory: security\n"
                + "attack: T1562.004\nkind: policy\nenforced: true\nscript: x\n");
        assertThat(Attacks.load(dir).all()).singleElement().satisfies(a -> {
            assertThat(a.category()).isEqualTo(Category.SECURITY);
            assertThat(a.technique()).isEqualTo("T1562.004");
            assertThat(a.kind()).isEqualTo(AttackKind.POLICY);
            assertThat(a.enforced()).isTrue();
        });
    }

    @Test
    void everyAttackOfTheRepositoryNamesAnAttackTechniqueAndEveryWindowsOneItsKind() {
        assertThat(Attacks.load().all()).allSatisfy(a -> {
            assertThat(a.technique()).as(a.name()).matches("T[0-9]{4}(\\.[0-9]{3})?");
            if (a.platform() == dev.osiris.protocol.runbook.Platform.WINDOWS) {
                assertThat(a.kind()).as(a.name()).isNotNull();
            }
        });
    }

    @Test
    void aFileWithoutATechniqueIsRefusedWithItsName() throws Exception {
        Path file = write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\ncategory: security\nscript: x\n");
        assertThatThrownBy(() -> Attacks.load(dir)).hasMessage("attack " + file
                + ": attack is required: the MITRE ATT&CK technique, e.g. T1562.004");
    }

    @Test
    void aTechniqueThatIsNotAnAttackIdOrAnUnknownKindIsRefused() throws Exception {
        write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\ncategory: security\n"
                + "attack: firewall\nscript: x\n");
        assertThatThrownBy(() -> Attacks.load(dir)).hasMessageEndingWith(
                ": attack must be a MITRE ATT&CK technique id like T1562 or T1562.004, got 'firewall'");
        write("RB-WIN-FIREWALL-001.off.yaml", "runbook: RB-WIN-FIREWALL-001\ntitle: t\nplatform: windows\ncategory: security\n"
                + "attack: T1562\nkind: gpo\nscript: x\n");
        assertThatThrownBy(() -> Attacks.load(dir)).hasMessageEndingWith(
                ": kind must be one of cmdlet, native, registry, file, policy, got 'gpo'");
    }

    @Test
    void everyLinuxAttackNamesItsAttackTechnique() {
        assertThat(Attacks.load().all()).filteredOn(a -> a.platform() == Platform.LINUX).isNotEmpty()
                .allSatisfy(a -> assertThat(a.technique()).as(a.name()).matches("T\\d{4}(\\.\\d{3})?"));
    }

    @Test
    void everyLinuxRunbookHasAtLeastThreeAttacks() {
        Attacks attacks = Attacks.load();
        assertThat(RunbookCatalog.builtIn().forPlatform(Platform.LINUX)).allSatisfy(r -> assertThat(attacks.forRunbook(r.id()))
                .as(r.id()).hasSizeGreaterThanOrEqualTo(3));
    }

    @Test
    void aTechniqueIsRead() throws Exception {
        write("RB-LNX-UID0-001.x.yaml", "runbook: RB-LNX-UID0-001\ntitle: t\nplatform: linux\ncategory: persistence\n"
                + "attack: T1136.001\nscript: x\n");
        assertThat(Attacks.load(dir).all()).singleElement().satisfies(a -> assertThat(a.technique()).isEqualTo("T1136.001"));
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}

package dev.osiris.lab.hosts;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabSpecTest {

    @Test
    void theDefaultLabStartsOnlyHardenedLinuxHostsWithKeyLogin() {
        LabSpec spec = LabSpec.defaults();

        assertThat(spec.linux()).extracting(LabSpec.Linux::name).containsExactly("lnx01", "lnx02");
        assertThat(spec.linux()).allSatisfy(l -> {
            assertThat(l.hardened()).as(l.name()).isTrue();
            assertThat(l.password()).as(l.name()).isNull();
            assertThat(l.account()).as(l.name()).isNotEqualTo("root");
        });
    }

    @Test
    void theDefaultLabKeepsTheWindowsPresetsOfLabMd() {
        assertThat(LabSpec.defaults().windows()).extracting(LabSpec.Windows::name, LabSpec.Windows::listener,
                        LabSpec.Windows::auth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NVDC01", "http", "ntlm"),
                        org.assertj.core.groups.Tuple.tuple("NVWS01", "https", "basic"),
                        org.assertj.core.groups.Tuple.tuple("NVSRV01", "https", "ntlm"));
    }

    @Test
    void aLabYamlLinuxEntryIsHardenedUnlessItAsksForAPassword() throws Exception {
        LabSpec spec = LabSpec.parse(new YAMLMapper().readTree("""
                linux:
                  - {name: lnx01, address: 198.18.0.10}
                  - {name: lnx02, address: 198.18.0.11, password: Lab-Linux-2026!}
                  - {name: lnx03, address: 198.18.0.12, hardened: false}
                """));

        assertThat(spec.linux()).extracting(LabSpec.Linux::hardened).containsExactly(true, false, false);
        assertThat(spec.linux().get(0).password()).isNull();
        assertThat(spec.linux().get(1).password()).isEqualTo("Lab-Linux-2026!");
    }

    @Test
    void aLabYamlWindowsEntryMayBeGermanButNotAGermanDomainController() throws Exception {
        LabSpec spec = LabSpec.parse(new YAMLMapper().readTree("""
                windows:
                  - {name: NVWS02, role: workstation, language: de-DE}
                  - {name: NVWS03, role: workstation}
                """));
        assertThat(spec.windows()).extracting(LabSpec.Windows::language).containsExactly("de-DE", "en-US");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabSpec.parse(new YAMLMapper().readTree(
                        "windows:\n  - {name: NVDC02, role: domain-controller, language: de-DE}\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NVDC02: a de-DE domain controller");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabSpec.parse(new YAMLMapper().readTree(
                        "windows:\n  - {name: NVWS04, language: fr-FR}\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("language must be en-US or de-DE, got fr-FR");
    }
}

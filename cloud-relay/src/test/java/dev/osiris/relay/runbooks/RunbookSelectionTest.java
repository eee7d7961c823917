package dev.osiris.relay.runbooks;

import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.RunbookParser;
import dev.osiris.relay.store.SitePatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookSelectionTest {

    private static final RunbookCatalog CATALOG = new RunbookCatalog(List.of(
            RunbookParser.parse("a.yaml", yaml("RB-WIN-FIREWALL-001", "windows")),
            RunbookParser.parse("b.yaml", yaml("RB-LNX-SSH-ROOT-001", "linux"))), Map.of(Platform.WINDOWS, ""));

    private static byte[] yaml(String id, String platform) {
        return """
                id: %s
                version: 1
                title: t
                platform: %s
                severity: high
                heal: detect-only
                standard: false
                controls: {hipaa: [], soc2: [], pci-dss-4: [], nist-csf-2: [], cis-v8: []}
                timeouts: {detect: 5s}
                detect: |
                  x
                expect:
                  - path: a
                    equals: true
                """.formatted(id, platform).getBytes(StandardCharsets.UTF_8);
    }

    private static SitePatch parse(String json) {
        return RunbookSelection.parse(Json.parseObject(json), CATALOG);
    }

    @Test
    void allEnablesTheWholeCatalog() {
        assertThat(parse("{\"enabled\":\"all\"}").enabledRunbooks())
                .contains(List.of("RB-WIN-FIREWALL-001", "RB-LNX-SSH-ROOT-001"));
    }

    @Test
    void repeatedIdsAreEnabledOnce() {
        assertThat(parse("{\"enabled\":[\"RB-WIN-FIREWALL-001\",\"RB-WIN-FIREWALL-001\"]}").enabledRunbooks())
                .contains(List.of("RB-WIN-FIREWALL-001"));
    }

    @Test
    void settingsBesideTheListAreOptional() {
        SitePatch patch = parse("{\"healingMode\":\"full-coverage\",\"scanIntervalSeconds\":3600,\"baseline\":{}}");
        assertThat(patch.enabledRunbooks()).isEmpty();
        assertThat(patch.healingMode()).contains(HealingMode.FULL_COVERAGE);
        assertThat(patch.scanIntervalSeconds()).contains(3600);
        assertThat(patch.baseline()).contains(Json.object());
    }

    @Test
    void anUnknownRunbookIsNamedWithItsIndex() {
        assertThatThrownBy(() -> parse("{\"enabled\":[\"RB-WIN-FIREWALL-001\",\"RB-WIN-GHOST-001\"]}"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("runbooks.enabled[1]: unknown runbook RB-WIN-GHOST-001");
    }

    @Test
    void unknownFieldsAndWrongShapesAreRefused() {
        assertThatThrownBy(() -> parse("{\"enable\":[]}")).hasMessageStartingWith("runbooks.enable is not a runbook setting");
        assertThatThrownBy(() -> parse("{\"enabled\":\"most\"}"))
                .hasMessage("runbooks.enabled must be an array of runbook ids or \"all\"");
        assertThatThrownBy(() -> parse("{\"baseline\":\"x\"}")).hasMessage("runbooks.baseline must be an object");
        assertThatThrownBy(() -> parse("{\"scanIntervalSeconds\":86401}"))
                .hasMessage("runbooks.scanIntervalSeconds must be between 60 and 86400");
    }
}

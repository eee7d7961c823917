package dev.osiris.relay.portal;

import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.relay.incidents.ResolveRequest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteFormsTest {

    private static Map<String, String> form(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void anUncheckedDryRunBoxMeansNoDryRunAndAnEmptyBaselineClearsIt() {
        var body = SiteForms.settings(form("_csrf", "t", "healingMode", "standard", "scanIntervalSeconds", " 600 ",
                "baseline", "  "));
        assertThat(body.toString()).isEqualTo(
                "{\"healingMode\":\"standard\",\"dryRun\":false,\"scanIntervalSeconds\":600,\"baseline\":{}}");
        assertThat(SiteForms.settings(form("healingMode", "standard", "dryRun", "on", "scanIntervalSeconds", "60",
                "baseline", "{\"dnsServers\":[\"10.0.0.10\"]}")).get("dryRun").booleanValue()).isTrue();
    }

    @Test
    void aScanIntervalThatIsNotAWholeNumberIsRefusedByName() {
        assertThatThrownBy(() -> SiteForms.settings(form("healingMode", "standard", "scanIntervalSeconds", "15m",
                "baseline", "")))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("scan interval must be a whole number of seconds from 60 to 86400, got \"15m\"");
    }

    @Test
    void aBaselineThatIsNotAJsonObjectIsRefusedSayingWhatItMustBe() {
        for (String bad : List.of("[1,2]", "{\"dnsServers\": [", "dnsServers=10.0.0.10")) {
            assertThatThrownBy(() -> SiteForms.settings(form("healingMode", "standard", "scanIntervalSeconds", "600",
                    "baseline", bad)))
                    .as(bad).isInstanceOf(InvalidMessageException.class)
                    .hasMessageStartingWith("baseline must be a JSON object");
        }
    }

    @Test
    void aFieldTheFormDoesNotHaveIsRefusedNotIgnored() {
        assertThatThrownBy(() -> SiteForms.settings(form("healingMode", "standard", "scanIntervalSeconds", "600",
                "baseline", "", "alertEmail", "x@y.test")))
                .hasMessageContaining("form field alertEmail is not part of this form");
        assertThatThrownBy(() -> SiteForms.enabledRunbooks(form("runbook.", "on")))
                .hasMessageContaining("form field runbook. is not a runbook checkbox");
    }

    @Test
    void checkedRunbookBoxesAreTheEnabledRunbooksInFormOrder() {
        assertThat(SiteForms.enabledRunbooks(form("_csrf", "t", "runbook.RB-WIN-DNS-001", "on",
                "runbook.RB-LNX-DNS-001", "on"))).containsExactly("RB-WIN-DNS-001", "RB-LNX-DNS-001");
        assertThat(SiteForms.enabledRunbooks(form("_csrf", "t"))).isEmpty();
    }

    @Test
    void theAuditRowNamesWhatASelectionEnabledAndDisabled() {
        assertThat(SiteForms.changes(List.of("A", "B"), List.of("B", "C")).toString())
                .isEqualTo("{\"enabled\":[\"C\"],\"disabled\":[\"A\"]}");
    }

    @Test
    void theAuditRowKeepsTheBaselinesParameterNamesNotItsValues() {
        var settings = SiteForms.settings(form("healingMode", "standard", "scanIntervalSeconds", "600",
                "baseline", "{\"allowedAdmins\":[\"HARBOR\\\\ann\"]}"));
        assertThat(SiteForms.withoutBaselineValues(settings).toString()).doesNotContain("ann")
                .contains("\"baselineParameters\":[\"allowedAdmins\"]");
    }

    @Test
    void aResolutionByRunbookNamesItAndOneByHandMayNot() {
        ResolveRequest runbook = SiteForms.resolution(form("_csrf", "t", "action", "runbook",
                "runbookId", "RB-WIN-FIREWALL-001", "note", " re-applied "));
        assertThat(runbook).isEqualTo(new ResolveRequest("runbook", "RB-WIN-FIREWALL-001", "re-applied"));
        assertThatThrownBy(() -> SiteForms.resolution(form("action", "manual", "runbookId", "RB-WIN-FIREWALL-001")))
                .hasMessageContaining("runbookId is only for action runbook");
        assertThatThrownBy(() -> SiteForms.resolution(form("action", "reboot")))
                .hasMessageContaining("must be runbook or manual");
    }
}

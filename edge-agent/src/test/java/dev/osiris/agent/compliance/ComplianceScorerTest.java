package dev.osiris.agent.compliance;

import dev.osiris.protocol.checkin.CleartextRisk;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.runbook.Framework;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Verdict.Status;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.osiris.agent.compliance.CatalogFixture.AUDIT;
import static dev.osiris.agent.compliance.CatalogFixture.BACKUP;
import static dev.osiris.agent.compliance.CatalogFixture.FIREWALL;
import static dev.osiris.agent.compliance.CatalogFixture.SSH;
import static org.assertj.core.api.Assertions.assertThat;

class ComplianceScorerTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final List<ScoredHost> HOSTS = List.of(new ScoredHost("NVDC01", Platform.WINDOWS),
            new ScoredHost("NVWS02", Platform.WINDOWS), new ScoredHost("nvlnx01", Platform.LINUX));
    static final Set<String> ENABLED = Set.of(FIREWALL, AUDIT, SSH);

    private final ComplianceScorer scorer = new ComplianceScorer(CatalogFixture.catalog(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final List<LatestCheck> checks = new ArrayList<>();

    private void check(String host, String runbook, Status status) {
        checks.add(new LatestCheck(host, runbook, status, NOW.minusSeconds(60)));
    }

    private void allCompliant() {
        for (String runbook : List.of(FIREWALL, AUDIT, BACKUP)) {
            check("NVDC01", runbook, Status.COMPLIANT);
            check("NVWS02", runbook, Status.COMPLIANT);
        }
        check("nvlnx01", SSH, Status.COMPLIANT);
    }

    private ControlResult control(Framework framework, String control) {
        ComplianceScore score = scorer.score(HOSTS, ENABLED, checks);
        return score.framework(framework).controls().stream().filter(c -> c.control().equals(control)).findFirst()
                .orElseThrow(() -> new AssertionError(control + " not scored"));
    }

    @Test
    void passesWhenEveryHostIsCompliantOnEveryRunbook() {
        allCompliant();
        ComplianceScore score = scorer.score(HOSTS, ENABLED, checks);
        assertThat(score.computedAt()).isEqualTo(NOW);
        assertThat(score.frameworks()).extracting(FrameworkResult::framework).containsExactly(Framework.values());
        FrameworkResult hipaa = score.framework(Framework.HIPAA);
        assertThat(hipaa.controls()).allSatisfy(c -> assertThat(c.status()).isEqualTo(ControlStatus.PASSING));
        assertThat(hipaa.passing()).isEqualTo(3);
        assertThat(hipaa.percent()).isEqualTo(100.0);
        assertThat(control(Framework.HIPAA, "164.312(e)(1)").runbooks()).containsExactly(SSH, FIREWALL);
    }

    @Test
    void oneDriftedHostFailsTheControlAndIsNamed() {
        allCompliant();
        check("NVWS02", FIREWALL, Status.DRIFTED);
        checks.removeIf(c -> c.host().equals("NVWS02") && c.runbookId().equals(FIREWALL)
                && c.status() == Status.COMPLIANT);
        ControlResult c = control(Framework.HIPAA, "164.312(e)(1)");
        assertThat(c.status()).isEqualTo(ControlStatus.FAILING);
        assertThat(c.failingHosts()).containsExactly("NVWS02");
        assertThat(control(Framework.HIPAA, "164.312(b)").status()).isEqualTo(ControlStatus.PASSING);
    }

    @Test
    void driftWinsOverMissingAndErrorVerdicts() {
        check("NVDC01", FIREWALL, Status.ERROR);
        check("NVWS02", FIREWALL, Status.DRIFTED);
        ControlResult c = control(Framework.SOC2, "CC6.6");
        assertThat(c.status()).isEqualTo(ControlStatus.FAILING);
        assertThat(c.failingHosts()).containsExactly("NVWS02");
        assertThat(c.unknownHosts()).containsExactly("NVDC01");
    }

    @Test
    void missingHostResultMakesTheControlUnknown() {
        allCompliant();
        checks.removeIf(c -> c.host().equals("NVDC01") && c.runbookId().equals(AUDIT));
        ControlResult c = control(Framework.HIPAA, "164.312(b)");
        assertThat(c.status()).isEqualTo(ControlStatus.UNKNOWN);
        assertThat(c.unknownHosts()).containsExactly("NVDC01");
        assertThat(c.failingHosts()).isEmpty();
    }

    @Test
    void errorVerdictMakesTheControlUnknown() {
        allCompliant();
        check("nvlnx01", SSH, Status.ERROR);
        checks.removeIf(c -> c.runbookId().equals(SSH) && c.status() == Status.COMPLIANT);
        assertThat(control(Framework.SOC2, "CC6.1").status()).isEqualTo(ControlStatus.UNKNOWN);
        assertThat(control(Framework.HIPAA, "164.312(e)(1)").unknownHosts()).containsExactly("nvlnx01");
    }

    @Test
    void notApplicableNeitherPassesNorFails() {
        allCompliant();
        checks.removeIf(c -> c.host().equals("NVDC01") && c.runbookId().equals(AUDIT));
        check("NVDC01", AUDIT, Status.NOT_APPLICABLE);
        assertThat(control(Framework.HIPAA, "164.312(b)").status()).isEqualTo(ControlStatus.PASSING);
    }

    @Test
    void controlIsUnknownWhenEveryVerdictIsNotApplicable() {
        check("NVDC01", AUDIT, Status.NOT_APPLICABLE);
        check("NVWS02", AUDIT, Status.NOT_APPLICABLE);
        ControlResult c = control(Framework.HIPAA, "164.312(b)");
        assertThat(c.status()).isEqualTo(ControlStatus.UNKNOWN);
        assertThat(c.unknownHosts()).isEmpty();
    }

    @Test
    void controlIsUnknownWhenNoMonitoredHostRunsItsRunbooks() {
        allCompliant();
        List<ScoredHost> windowsOnly = HOSTS.subList(0, 2);
        ComplianceScore score = scorer.score(windowsOnly, ENABLED, checks);
        FrameworkResult soc2 = score.framework(Framework.SOC2);
        assertThat(soc2.controls()).filteredOn(c -> c.control().equals("CC6.1"))
                .singleElement().extracting(ControlResult::status).isEqualTo(ControlStatus.UNKNOWN);
        // the Linux runbook needs no verdict from Windows hosts, so the shared HIPAA control still passes
        assertThat(score.framework(Framework.HIPAA).controls()).filteredOn(c -> c.control().equals("164.312(e)(1)"))
                .singleElement().extracting(ControlResult::status).isEqualTo(ControlStatus.PASSING);
    }

    @Test
    void disabledRunbooksAreNotScoredAndTheirDriftIsIgnored() {
        allCompliant();
        check("NVDC01", BACKUP, Status.DRIFTED);
        ComplianceScore score = scorer.score(HOSTS, ENABLED, checks);
        assertThat(score.framework(Framework.HIPAA).controls()).extracting(ControlResult::control)
                .doesNotContain("164.308(a)(7)(ii)(A)");
        assertThat(score.framework(Framework.CIS_V8).failing()).isZero();

        ComplianceScore withBackup = scorer.score(HOSTS, Set.of(FIREWALL, AUDIT, SSH, BACKUP), checks);
        assertThat(withBackup.framework(Framework.CIS_V8).failing()).isEqualTo(1);
    }

    @Test
    void ignoresChecksFromHostsOutsideTheInventoryAndUnknownRunbooks() {
        allCompliant();
        check("OLDPC99", FIREWALL, Status.DRIFTED);
        check("NVDC01", "RB-WIN-RETIRED-001", Status.DRIFTED);
        ComplianceScore score = scorer.score(HOSTS, Set.of(FIREWALL, AUDIT, SSH, "RB-WIN-RETIRED-001"), checks);
        assertThat(score.frameworks()).allSatisfy(f -> assertThat(f.failing()).isZero());
    }

    @Test
    void onlyTheLatestVerdictPerHostAndRunbookCounts() {
        allCompliant();
        checks.add(new LatestCheck("NVDC01", FIREWALL, Status.DRIFTED, NOW.minusSeconds(3600)));
        assertThat(control(Framework.PCI_DSS_4, "1.4.1").status()).isEqualTo(ControlStatus.PASSING);
        checks.add(new LatestCheck("NVDC01", FIREWALL, Status.DRIFTED, NOW.minusSeconds(1)));
        assertThat(control(Framework.PCI_DSS_4, "1.4.1").status()).isEqualTo(ControlStatus.FAILING);
    }

    @Test
    void totalsAndPercentagePerFramework() {
        allCompliant();
        checks.removeIf(c -> c.runbookId().equals(AUDIT) && c.host().equals("NVWS02"));
        check("NVWS02", AUDIT, Status.DRIFTED);
        checks.removeIf(c -> c.runbookId().equals(SSH));
        FrameworkResult soc2 = scorer.score(HOSTS, ENABLED, checks).framework(Framework.SOC2);
        // CC6.1 unknown (no SSH verdict), CC6.6 passing, CC6.10 and CC7.2 failing
        assertThat(soc2.passing()).isEqualTo(1);
        assertThat(soc2.failing()).isEqualTo(2);
        assertThat(soc2.unknown()).isEqualTo(1);
        assertThat(soc2.percent()).isEqualTo(25.0);
    }

    @Test
    void frameworkWithoutEnabledControlsHasNoPercentage() {
        FrameworkResult nist = scorer.score(HOSTS, Set.of(SSH), checks).framework(Framework.NIST_CSF_2);
        assertThat(nist.total()).isZero();
        assertThat(nist.percent()).isZero();
    }

    @Test
    void controlsAreSortedNaturally() {
        ComplianceScore score = scorer.score(HOSTS, ENABLED, checks);
        assertThat(score.framework(Framework.HIPAA).controls()).extracting(ControlResult::control)
                .containsExactly("164.308(a)(1)(ii)(B)", "164.312(b)", "164.312(e)(1)");
        assertThat(score.framework(Framework.SOC2).controls()).extracting(ControlResult::control)
                .containsExactly("CC6.1", "CC6.6", "CC6.10", "CC7.2");
        assertThat(score.framework(Framework.CIS_V8).controls()).extracting(ControlResult::control)
                .containsExactly("4.4", "8.2", "8.10");
    }

    private static TargetTransport winrm(String host, int port, boolean tls, String auth, CleartextRisk risk) {
        return TargetTransport.of(new Target("cred-" + host, host, Transport.WINRM, port, tls, auth, ".\\osiris",
                new Secret("pw"), null, risk));
    }

    @Test
    void aTargetUsedInClearTextByAcceptedRiskFailsEveryFrameworksTransmissionSecurityControl() {
        allCompliant();
        List<TargetTransport> transports = List.of(winrm("NVDC01", 5986, true, "ntlm", null),
                winrm("NVWS02", 5985, false, "basic", new CleartextRisk("operator:ops", NOW)));
        ComplianceScore score = scorer.score(HOSTS, ENABLED, checks, transports);
        ControlResult hipaa = score.framework(Framework.HIPAA).controls().stream()
                .filter(c -> c.control().equals("164.312(e)(1)")).findFirst().orElseThrow();
        assertThat(hipaa.status()).isEqualTo(ControlStatus.FAILING);
        assertThat(hipaa.failingHosts()).containsExactly("NVWS02");
        assertThat(hipaa.runbooks()).contains(TransportControls.CHECK);
        for (Framework f : Framework.values()) {
            for (String control : TransportControls.of(f)) {
                assertThat(score.framework(f).controls()).filteredOn(c -> c.control().equals(control))
                        .singleElement().satisfies(c -> assertThat(c.status()).as(f + " " + control)
                                .isEqualTo(ControlStatus.FAILING));
            }
        }
    }

    @Test
    void encryptedAndRelayableTransportsPassAndARefusedOneIsUnknown() {
        allCompliant();
        ComplianceScore ok = scorer.score(HOSTS, ENABLED, checks, List.of(winrm("NVDC01", 5986, true, "ntlm", null),
                winrm("NVWS02", 5985, false, "ntlm", null)));
        assertThat(ok.framework(Framework.SOC2).controls()).filteredOn(c -> c.control().equals("CC6.7"))
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(ControlStatus.PASSING));
        ComplianceScore refused = scorer.score(HOSTS, ENABLED, checks, List.of(winrm("NVWS02", 5985, false, "basic", null)));
        assertThat(refused.framework(Framework.CIS_V8).controls()).filteredOn(c -> c.control().equals("3.10"))
                .singleElement().satisfies(c -> {
                    assertThat(c.status()).isEqualTo(ControlStatus.UNKNOWN);
                    assertThat(c.unknownHosts()).containsExactly("NVWS02");
                });
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        List<String> ids = new ArrayList<>(List.of("CC6.10", "164.312(a)(1)", "CC6.1", "164.308(a)(1)(ii)(B)",
                "CC6.2", "4.10", "4.4", "PR.AA-01", "PR.AA-1", "cc6.1"));
        ids.sort(ControlOrder.NATURAL);
        assertThat(ids).containsExactly("4.4", "4.10", "164.308(a)(1)(ii)(B)", "164.312(a)(1)", "CC6.1", "cc6.1",
                "CC6.2", "CC6.10", "PR.AA-01", "PR.AA-1");
    }
}

package dev.osiris.agent.compliance;

import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Verdict.Status;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static dev.osiris.agent.compliance.CatalogFixture.AUDIT;
import static dev.osiris.agent.compliance.CatalogFixture.FIREWALL;
import static dev.osiris.agent.compliance.CatalogFixture.SSH;
import static org.assertj.core.api.Assertions.assertThat;

class ComplianceTableTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final ComplianceScore score = new ComplianceScorer(CatalogFixture.catalog(), Clock.fixed(NOW, ZoneOffset.UTC))
            .score(List.of(new ScoredHost("NVDC01", Platform.WINDOWS), new ScoredHost("NVWS02", Platform.WINDOWS),
                            new ScoredHost("nvlnx01", Platform.LINUX)),
                    Set.of(FIREWALL, AUDIT, SSH),
                    List.of(new LatestCheck("NVDC01", FIREWALL, Status.COMPLIANT, NOW),
                            new LatestCheck("NVWS02", FIREWALL, Status.COMPLIANT, NOW),
                            new LatestCheck("NVDC01", AUDIT, Status.COMPLIANT, NOW),
                            new LatestCheck("NVWS02", AUDIT, Status.DRIFTED, NOW)));

    @Test
    void summaryHasOneAlignedRowPerFramework() {
        assertThat(ComplianceTable.render(score, false)).isEqualTo("""
                Compliance at 2026-11-23T12:00:00Z
                Framework            Passing  Failing  Unknown   Score
                HIPAA Security Rule        1        1        1   33.3%
                SOC 2                      1        2        1   25.0%
                PCI DSS v4                 1        1        0   50.0%
                NIST CSF 2.0               1        1        0   50.0%
                CIS Controls v8            1        2        0   33.3%
                """);
    }

    @Test
    void detailsListEveryControlInNaturalOrderWithRunbooksAndHosts() {
        assertThat(ComplianceTable.render(score, true)).isEqualTo("""
                Compliance at 2026-11-23T12:00:00Z
                Framework            Passing  Failing  Unknown   Score
                HIPAA Security Rule        1        1        1   33.3%
                  PASS     164.308(a)(1)(ii)(B)  RB-WIN-FIREWALL-001
                  FAIL     164.312(b)            RB-WIN-AUDIT-001                     NVWS02
                  UNKNOWN  164.312(e)(1)         RB-LNX-SSH-001, RB-WIN-FIREWALL-001  no result: nvlnx01
                SOC 2                      1        2        1   25.0%
                  UNKNOWN  CC6.1                 RB-LNX-SSH-001                       no result: nvlnx01
                  PASS     CC6.6                 RB-WIN-FIREWALL-001
                  FAIL     CC6.10                RB-WIN-AUDIT-001                     NVWS02
                  FAIL     CC7.2                 RB-WIN-AUDIT-001                     NVWS02
                PCI DSS v4                 1        1        0   50.0%
                  PASS     1.4.1                 RB-WIN-FIREWALL-001
                  FAIL     10.2.1                RB-WIN-AUDIT-001                     NVWS02
                NIST CSF 2.0               1        1        0   50.0%
                  FAIL     DE.CM-01              RB-WIN-AUDIT-001                     NVWS02
                  PASS     PR.IR-01              RB-WIN-FIREWALL-001
                CIS Controls v8            1        2        0   33.3%
                  PASS     4.4                   RB-WIN-FIREWALL-001
                  FAIL     8.2                   RB-WIN-AUDIT-001                     NVWS02
                  FAIL     8.10                  RB-WIN-AUDIT-001                     NVWS02
                """);
    }

    @Test
    void frameworkWithoutScoredControlsShowsADash() {
        ComplianceScore linuxOnly = new ComplianceScorer(CatalogFixture.catalog(), Clock.fixed(NOW, ZoneOffset.UTC))
                .score(List.of(new ScoredHost("nvlnx01", Platform.LINUX)), Set.of(SSH),
                        List.of(new LatestCheck("nvlnx01", SSH, Status.COMPLIANT, NOW)));
        assertThat(ComplianceTable.render(linuxOnly, false)).contains(
                "HIPAA Security Rule        1        0        0  100.0%",
                "NIST CSF 2.0               0        0        0       -");
    }
}

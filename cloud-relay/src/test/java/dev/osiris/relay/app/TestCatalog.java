package dev.osiris.relay.app;

import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.RunbookParser;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A small catalog of real runbook files for relay tests, independent of what the build ships. */
final class TestCatalog {

    static final String FIREWALL = "RB-WIN-FIREWALL-001";
    static final String DEFENDER = "RB-WIN-DEFENDER-001";
    static final String SSH_ROOT = "RB-LNX-SSH-ROOT-001";

    private TestCatalog() {
    }

    static RunbookCatalog catalog() {
        return new RunbookCatalog(List.of(
                runbook(FIREWALL, "Windows Firewall is on for every profile", "windows", "critical", "auto"),
                runbook(DEFENDER, "Defender real-time protection is on", "windows", "high", "auto"),
                runbook(SSH_ROOT, "sshd refuses root logins", "linux", "high", "auto")),
                Map.of(Platform.WINDOWS, "", Platform.LINUX, ""));
    }

    private static dev.osiris.protocol.runbook.Runbook runbook(String id, String title, String platform,
                                                               String severity, String heal) {
        String yaml = """
                id: %s
                version: 2
                title: %s
                platform: %s
                severity: %s
                heal: %s
                standard: true
                controls: {hipaa: ["164.312(a)(1)"], soc2: [CC6.6], pci-dss-4: ["1.4.1"], nist-csf-2: [PR.IR-01], cis-v8: ["4.4"]}
                timeouts: {detect: 5s, remediate: 30s}
                detect: |
                  echo '{"enabled":true}'
                expect:
                  - path: enabled
                    equals: true
                remediate: |
                  echo fixed
                """.formatted(id, title, platform, severity, heal);
        return RunbookParser.parse(id + ".yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.osiris.agent.compliance;

import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.RunbookParser;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A small catalog: a firewall and an audit runbook for Windows, an SSH runbook for Linux, a backup runbook. */
final class CatalogFixture {

    static final String FIREWALL = "RB-WIN-FIREWALL-001";
    static final String AUDIT = "RB-WIN-AUDIT-001";
    static final String SSH = "RB-LNX-SSH-001";
    static final String BACKUP = "RB-WIN-BACKUP-001";

    private CatalogFixture() {
    }

    static RunbookCatalog catalog() {
        return new RunbookCatalog(List.of(
                runbook(FIREWALL, "windows", """
                        {hipaa: ["164.312(e)(1)", "164.308(a)(1)(ii)(B)"], soc2: [CC6.6], pci-dss-4: ["1.4.1"],
                         nist-csf-2: [PR.IR-01], cis-v8: ["4.4"]}"""),
                runbook(AUDIT, "windows", """
                        {hipaa: ["164.312(b)"], soc2: [CC6.10, CC7.2], pci-dss-4: ["10.2.1"], nist-csf-2: [DE.CM-01],
                         cis-v8: ["8.2", "8.10"]}"""),
                runbook(SSH, "linux", """
                        {hipaa: ["164.312(e)(1)"], soc2: [CC6.1], pci-dss-4: [], nist-csf-2: [], cis-v8: []}"""),
                runbook(BACKUP, "windows", """
                        {hipaa: ["164.308(a)(7)(ii)(A)"], soc2: [], pci-dss-4: [], nist-csf-2: [], cis-v8: ["11.2"]}""")),
                Map.of());
    }

    private static Runbook runbook(String id, String platform, String controls) {
        String yaml = """
                id: %s
                version: 1
                title: %s test runbook
                platform: %s
                severity: high
                heal: detect-only
                standard: false
                controls: %s
                detect: |
                  echo '{"ok": true}'
                expect:
                  - path: ok
                    equals: true
                """.formatted(id, id, platform, controls.replace("\n", " "));
        return RunbookParser.parse(id + ".yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }
}

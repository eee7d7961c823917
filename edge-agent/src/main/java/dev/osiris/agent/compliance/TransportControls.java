package dev.osiris.agent.compliance;

import dev.osiris.protocol.runbook.Framework;

import java.util.List;

/**
 * The transmission-security controls the transport check of every target evidences, per framework: how the
 * appliance's own connection to a host protects the credential it sends.
 */
final class TransportControls {

    /** The check's id where a runbook id would stand in a control's evidence. */
    static final String CHECK = "transport-security";

    private TransportControls() {
    }

    static List<String> of(Framework framework) {
        return switch (framework) {
            case HIPAA -> List.of("164.312(e)(1)");            // transmission security
            case SOC2 -> List.of("CC6.7");                     // restricts transmission of information
            case PCI_DSS_4 -> List.of("8.3.2");                // authentication factors unreadable in transmission
            case NIST_CSF_2 -> List.of("PR.DS-02");            // confidentiality of data in transit
            case CIS_V8 -> List.of("3.10");                    // encrypt sensitive data in transit
        };
    }
}

package dev.osiris.agent.app;

import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DriftComponentsTest {

    private static Target target(String id, String host, Transport transport) {
        return new Target(id, host, transport, transport == Transport.SSH ? 22 : 5986, true,
                transport == Transport.SSH ? "password" : "ntlm", "svc", new Secret("s"), null);
    }

    @Test
    void targetsSharingAnAddressAreScoredAsSeparateHostsNamedByTheirId() {
        List<Target> targets = List.of(target("cred-w", "10.0.0.5", Transport.WINRM),
                target("cred-s", "10.0.0.5", Transport.SSH), target("cred-dc", "dc01", Transport.WINRM));

        assertThat(DriftComponents.hostNames(targets)).containsExactly(
                java.util.Map.entry("cred-w", "10.0.0.5 (cred-w)"),
                java.util.Map.entry("cred-s", "10.0.0.5 (cred-s)"),
                java.util.Map.entry("cred-dc", "dc01"));
    }
}

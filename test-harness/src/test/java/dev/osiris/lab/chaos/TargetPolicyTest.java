package dev.osiris.lab.chaos;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetPolicyTest {

    @Test
    void labNamespacesAndLoopbackAreAllowed() {
        TargetPolicy p = new TargetPolicy(Set.of());
        for (String a : new String[]{"198.18.0.10", "198.19.255.254", "127.0.0.11", "::1"}) {
            assertThatCode(() -> p.check("h", a)).as(a).doesNotThrowAnyException();
        }
    }

    @Test
    void anythingElseIsRefusedUnlessNamedInConfig() {
        TargetPolicy p = new TargetPolicy(Set.of());
        for (String a : new String[]{"198.20.0.1", "198.17.255.255", "10.0.0.5", "192.168.1.10", "dc01.example.com"}) {
            assertThatThrownBy(() -> p.check("dc", a)).as(a).isInstanceOf(TargetPolicy.TargetRefusedException.class)
                    .hasMessage("dc (" + a + ") is outside the lab (198.18.0.0/15, loopback); name it in ALLOWED_TARGETS"
                            + " in config.env to attack it");
        }
        assertThatCode(() -> new TargetPolicy(Set.of("10.0.0.5")).check("dc", "10.0.0.5")).doesNotThrowAnyException();
    }
}

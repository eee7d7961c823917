package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkStateTest {

    private final LinkState state = new LinkState(0, 0);

    private static CheckinResponse config() {
        return new CheckinResponse("a", "s", "Site", Instant.EPOCH, 60, HealingMode.STANDARD, false, List.of(),
                List.of(), List.of(), EvidenceHead.EMPTY, CheckinResponse.DEFAULT_SCAN_INTERVAL, Json.object(), List.of());
    }

    @Test
    void startsAsStartingAndHasNoCredentialsAfterAFailureWithoutConfiguration() {
        assertThat(state.state()).isEqualTo("starting");
        state.consecutiveFailures = 1;
        state.lastFailureUnreachable = true;
        state.lastError = "relay unreachable";
        assertThat(state.state()).isEqualTo("no-credentials");
        assertThat(state.detail()).contains("no configuration from the relay since the agent started")
                .contains("relay unreachable");
        assertThat(state.credentialsPresent()).isFalse();
    }

    @Test
    void unreachableWithConfigurationIsOfflineButRefusalIsDegraded() {
        state.config = config();
        state.lastCheckinAt = Instant.EPOCH;
        assertThat(state.state()).isEqualTo("online");
        state.consecutiveFailures = 2;
        state.lastFailureUnreachable = true;
        assertThat(state.state()).isEqualTo("offline");
        state.lastFailureUnreachable = false;
        state.lastError = "check-in refused by relay: 401";
        assertThat(state.state()).isEqualTo("degraded");
        assertThat(state.detail()).contains("refused the last 2 check-in(s)");
    }

    @Test
    void aRefusedEvidenceRecordDegradesAnOnlineLink() {
        state.config = config();
        state.refusedSeq = 7;
        state.refusedError = "relay refused evidence record 7: bad";
        assertThat(state.state()).isEqualTo("degraded");
        assertThat(state.detail()).isEqualTo("relay refused evidence record 7: bad");
    }

    @Test
    void incidentsHeldFromARefusedReportDegradeAnOnlineLinkAndAreNamed() {
        state.config = config();
        state.lastCheckinAt = Instant.EPOCH;
        state.hold(List.of("inc-ws01-fw-1"));
        assertThat(state.state()).isEqualTo("degraded");
        assertThat(state.detail()).contains("1 incident(s) the relay refused").contains("inc-ws01-fw-1")
                .contains("need a person");
        assertThat(state.heldIncidents()).containsExactly("inc-ws01-fw-1");
    }

    @Test
    void wireTextReplacesWhatTheProtocolRefusesAndBoundsTheLength() {
        assertThat(WireText.freeText("a\u0000b\tc\u001bd", 100)).isEqualTo("a\uFFFDb\tc\uFFFDd");
        assertThat(WireText.freeText("x".repeat(50), 10)).isEqualTo("xxxxxxx...");
    }
}

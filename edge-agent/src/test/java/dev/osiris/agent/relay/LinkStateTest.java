package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LinkStateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final LinkState initial = LinkState.initial(0, 0, List.of());

    private static CheckinResponse config() {
        return new CheckinResponse("a", "s", "Site", Instant.EPOCH, 60, HealingMode.STANDARD, false, List.of(),
                List.of(), List.of(), EvidenceHead.EMPTY, CheckinResponse.DEFAULT_SCAN_INTERVAL, Json.object(), List.of());
    }

    /** An outcome that changed nothing but how the attempt ended, and what configuration it brought. */
    private static CheckinOutcome outcome(LinkState s, CheckinResponse config, Throwable failure) {
        return new CheckinOutcome(config, config, config == null ? s.configFingerprint() : "fp", s.replacedChainRecorded(),
                s.delivery(), s.uploads(), failure);
    }

    private static CheckinOutcome held(LinkState s, long heldFrom, String why) {
        LinkState.Uploads u = s.uploads();
        return new CheckinOutcome(null, null, s.configFingerprint(), null, s.delivery(),
                new LinkState.Uploads(u.uploadedThrough(), u.duplicatesReported(), heldFrom, why), null);
    }

    @Test
    void startsAsStartingAndHasNoCredentialsAfterAFailureWithoutConfiguration() {
        assertThat(initial.status()).isEqualTo(LinkStatus.STARTING);
        LinkState failed = initial.after(outcome(initial, null, RelayException.unreachable("relay unreachable", null)), T0);
        assertThat(failed.status()).isEqualTo(LinkStatus.NO_CREDENTIALS);
        assertThat(failed.detail()).contains("no configuration from the relay since the agent started")
                .contains("relay unreachable");
        assertThat(failed.credentialsPresent()).isFalse();
        assertThat(failed.reportStatus().reportName()).isEqualTo("no-credentials");
    }

    @Test
    void unreachableWithConfigurationIsOfflineButRefusalIsDegraded() {
        LinkState online = initial.after(outcome(initial, config(), null), T0);
        assertThat(online.status()).isEqualTo(LinkStatus.ONLINE);
        assertThat(online.attempts().lastCheckinAt()).isEqualTo(T0);
        assertThat(online.reportStatus().reportName()).isEqualTo("ok");
        LinkState once = online.after(outcome(online, null, RelayException.unreachable("down", null)), T0.plusSeconds(60));
        LinkState offline = once.after(outcome(once, null, RelayException.unreachable("down", null)), T0.plusSeconds(120));
        assertThat(offline.status()).isEqualTo(LinkStatus.OFFLINE);
        assertThat(offline.attempts().consecutiveFailures()).isEqualTo(2);
        assertThat(offline.config()).as("the last configuration is kept").isSameAs(online.config());
        LinkState refused = offline.after(outcome(offline, null,
                RelayException.status(401, "check-in refused by relay: 401")), T0.plusSeconds(180));
        assertThat(refused.status()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(refused.detail()).contains("refused the last 3 check-in(s)");
        assertThat(refused.attempts().reachable()).as("a refusal is an answer").isFalse();
    }

    @Test
    void aSuccessAfterFailuresClearsThemAndMarksTheRelayReachable() {
        LinkState failed = initial.after(outcome(initial, null, RelayException.unreachable("down", null)), T0);
        assertThat(failed.attempts().reachable()).isFalse();
        LinkState online = failed.after(outcome(failed, config(), null), T0.plusSeconds(5));
        assertThat(online.attempts().consecutiveFailures()).isZero();
        assertThat(online.attempts().reachable()).isTrue();
        assertThat(online.status()).isEqualTo(LinkStatus.ONLINE);
    }

    @Test
    void aRefusedEvidenceRecordDegradesAnOnlineLink() {
        LinkState online = initial.after(outcome(initial, config(), null), T0);
        LinkState held = online.after(held(online, 7, "relay refused evidence record 7: bad"), T0);
        assertThat(held.status()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(held.detail()).isEqualTo("relay refused evidence record 7: bad");
        assertThat(held.attempts().lastError()).isEqualTo("relay refused evidence record 7: bad");
        assertThat(held.reportDetail()).isEqualTo("relay refused evidence record 7: bad");
    }

    @Test
    void incidentsHeldFromARefusedReportDegradeAnOnlineLinkAndAreNamed() {
        LinkState resumed = LinkState.initial(0, 0, List.of("inc-ws01-fw-1"));
        LinkState state = resumed.after(outcome(resumed, config(), null), T0);
        assertThat(state.status()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(state.detail()).contains("1 incident(s) the relay refused").contains("inc-ws01-fw-1")
                .contains("need a person");
        assertThat(state.delivery().heldIncidents()).containsExactly("inc-ws01-fw-1");
    }

    @Test
    void aBusyRelaysRetryAfterIsKeptAndSaidUntilTheNextSuccess() {
        LinkState online = initial.after(outcome(initial, config(), null), T0);
        LinkState busy = online.after(outcome(online, null, RelayException.status(503, "check-in refused by relay: 503",
                Duration.ofSeconds(120))), T0.plusSeconds(60)).nextAttemptAt(T0.plusSeconds(190));
        assertThat(busy.status()).isEqualTo(LinkStatus.OFFLINE);
        assertThat(busy.attempts().retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(busy.detail()).startsWith("relay busy for 1 attempt(s)").contains("the relay asked to retry after 120 s")
                .contains("next attempt at " + T0.plusSeconds(190));
        LinkState back = busy.after(outcome(busy, config(), null), T0.plusSeconds(190));
        assertThat(back.attempts().retryAfter()).isNull();
        assertThat(back.detail()).doesNotContain("retry after");
    }

    @Test
    void theStateHandedOutIsImmutable() {
        LinkState state = LinkState.initial(3, 1, List.of("inc-1"));
        assertThat(state.delivery().heldIncidents()).isUnmodifiable();
        assertThat(state.delivery().pendingAcks()).isUnmodifiable();
        LinkState.Delivery d = new LinkState.Delivery(0, new java.util.ArrayList<>(List.of("o-1")), Set.of(), Set.of(), 0);
        assertThat(d.pendingAcks()).isUnmodifiable().containsExactly("o-1");
    }

    @Test
    void wireTextReplacesWhatTheProtocolRefusesAndBoundsTheLength() {
        assertThat(WireText.freeText("a\u0000b\tc\u001bd", 100)).isEqualTo("a\uFFFDb\tc\uFFFDd");
        assertThat(WireText.freeText("x".repeat(50), 10)).isEqualTo("xxxxxxx...");
    }
}

package dev.osiris.agent.app;

import dev.osiris.agent.orders.OrderResult;
import dev.osiris.agent.relay.LinkState;
import dev.osiris.agent.relay.LinkStatus;
import dev.osiris.agent.relay.RelayException;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static dev.osiris.agent.app.LinkFixture.START;
import static dev.osiris.testing.Await.await;
import static dev.osiris.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check-in cycle and loop as one component: real relay client, outbox and evidence store over a {@link FakeRelay}
 * and SQLite in a temporary directory, time read from a test clock, every attempt driven by the test (no sleeps).
 */
@ExtendWith(VertxExtension.class)
class CheckinLinkTest {

    @TempDir
    Path dir;

    private Vertx vertx;
    private FakeRelay relay;
    private LinkFixture link;
    private final AtomicInteger probes = new AtomicInteger();

    @BeforeEach
    void startRelay(Vertx vertx) {
        this.vertx = vertx;
        relay = await(new FakeRelay().start(vertx));
    }

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        await(relay.stop());
    }

    private LinkFixture open() {
        return open(orders -> orders.register("probe", order -> {
            probes.incrementAndGet();
            return Future.succeededFuture(OrderResult.done());
        }));
    }

    private LinkFixture open(Consumer<dev.osiris.agent.orders.Orders> registrations) {
        link = LinkFixture.open(vertx, relay, dir, registrations);
        return link;
    }

    @Test
    void anUnreachableRelayIsRetriedWithGrowingBackoffAndTheReportsMadeOfflineGoOutInOrder() {
        open();
        relay.down = true;
        assertThat(failure(link.checkin())).isInstanceOf(RelayException.class)
                .hasMessageContaining("unreachable");
        LinkState first = link.state();
        assertThat(first.status()).isEqualTo(LinkStatus.NO_CREDENTIALS);
        assertThat(first.attempts().consecutiveFailures()).isEqualTo(1);
        // 1 h minimum, equal jitter drawing 0.5: between 30 and 60 min, here 45
        assertThat(first.attempts().nextAttemptAt()).isEqualTo(START.plus(Duration.ofMinutes(45)));

        link.clock.advance(Duration.ofMinutes(45));
        failure(link.checkin());
        LinkState second = link.state();
        assertThat(second.attempts().consecutiveFailures()).isEqualTo(2);
        assertThat(second.attempts().nextAttemptAt()).as("doubled")
                .isEqualTo(START.plus(Duration.ofMinutes(45)).plus(Duration.ofMinutes(90)));
        assertThat(second.delivery().outboxDepth()).as("one report per attempt, kept").isEqualTo(2);

        relay.down = false;
        link.clock.advance(Duration.ofMinutes(90));
        await(link.checkin());
        LinkState online = link.state();
        assertThat(online.status()).isEqualTo(LinkStatus.ONLINE);
        assertThat(online.attempts().consecutiveFailures()).isZero();
        assertThat(online.attempts().lastCheckinAt()).isEqualTo(START.plus(Duration.ofMinutes(135)));
        assertThat(online.attempts().nextAttemptAt()).as("the relay's 60 s interval, jitter drawn at its middle")
                .isEqualTo(START.plus(Duration.ofMinutes(135)).plusSeconds(60));
        assertThat(online.delivery().outboxDepth()).isZero();
        assertThat(relay.checkinSeqs).containsExactly(1L, 2L, 3L);
        assertThat(link.records("relay.unreachable")).as("recorded once, not per attempt").hasSize(1);
        assertThat(link.records("agent.no-credentials")).hasSize(1);
        assertThat(link.records("relay.reachable")).singleElement()
                .satisfies(r -> assertThat(Json.parseObject(r.details()).path("failedAttempts").asInt()).isEqualTo(2));
    }

    @Test
    void anApplianceWhoseClockIsBehindTheRelaysSignsInTheRelaysTimeAfterOneRefusal() {
        relay.relayClock = java.time.Clock.fixed(START.plus(Duration.ofMinutes(7)), java.time.ZoneOffset.UTC);
        open();
        await(link.checkin());
        assertThat(relay.skewRefusals).as("refused once, then re-signed in the relay's time").hasValue(1);
        assertThat(relay.checkinSeqs).containsExactly(1L);
        assertThat(link.state().attempts().lastError()).isNull();
        link.clock.advance(Duration.ofMinutes(1));
        relay.relayClock = java.time.Clock.fixed(START.plus(Duration.ofMinutes(8)), java.time.ZoneOffset.UTC);
        await(link.checkin());
        assertThat(relay.skewRefusals).as("the offset is kept for later requests").hasValue(1);
        assertThat(relay.checkinSeqs).containsExactly(1L, 2L);
    }

    @Test
    void aBusyRelaysRetryAfterIsWaitedOutWhenLongerThanTheOwnBackoff() {
        open();
        await(link.checkin());
        relay.busyStatus = 503;
        relay.retryAfter = "7200";
        assertThat(failure(link.checkin())).hasMessageContaining("503").hasMessageContaining("retry after 7200 s");
        LinkState busy = link.state();
        assertThat(busy.status()).isEqualTo(LinkStatus.OFFLINE);
        assertThat(busy.attempts().retryAfter()).isEqualTo(Duration.ofHours(2));
        // own backoff 45 min; asked 2 h, plus half of the 1 h spread
        assertThat(busy.attempts().nextAttemptAt()).isEqualTo(START.plus(Duration.ofMinutes(150)));
        assertThat(busy.detail()).contains("the relay asked to retry after 7200 s")
                .contains("next attempt at " + START.plus(Duration.ofMinutes(150)));

        relay.busyStatus = 429;
        relay.retryAfter = DateTimeFormatter.RFC_1123_DATE_TIME.format(START.plus(Duration.ofHours(3)).atOffset(ZoneOffset.UTC));
        failure(link.checkin());
        LinkState limited = link.state();
        assertThat(limited.status()).as("a 429 is a refusal, not an outage").isEqualTo(LinkStatus.DEGRADED);
        assertThat(limited.attempts().retryAfter()).as("an HTTP date, read against the clock").isEqualTo(Duration.ofHours(3));
        assertThat(limited.attempts().nextAttemptAt()).isEqualTo(START.plus(Duration.ofMinutes(210)));

        relay.busyStatus = 503;
        relay.retryAfter = "60";
        failure(link.checkin());
        // third failure: the own backoff (between 2 and 4 h, here 3) is longer than 60 s and wins
        assertThat(link.state().attempts().nextAttemptAt()).isEqualTo(START.plus(Duration.ofHours(3)));

        relay.busyStatus = 0;
        await(link.checkin());
        assertThat(link.state().attempts().retryAfter()).isNull();
        assertThat(link.state().status()).isEqualTo(LinkStatus.ONLINE);
    }

    @Test
    void anEvidenceBundleOverTheRelaysLimitIsSplitUntilItFitsAndEveryRecordArrivesOnce() {
        open();
        link.append(9);
        relay.maxBundleRecords = 2;
        await(link.checkin());
        assertThat(relay.tooLarge.get()).as("the first bundles were refused 413").isPositive();
        assertThat(relay.evidence.keySet()).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, link.head()).boxed().toList());
        assertThat(relay.uploadsOfSeq.values()).as("nothing the relay stored was sent again").allMatch(n -> n == 1);
        assertThat(link.state().uploads().uploadedThrough()).isEqualTo(link.head());
        assertThat(link.state().status()).isEqualTo(LinkStatus.ONLINE);
    }

    @Test
    void aReportTheRelayRefusesAsMalformedIsSetAsideWithEvidenceAndAFreshOneGoesOut() {
        open();
        relay.refuseReport = r -> r.seq() == 1 ? "checkin.statusDetail must not contain control characters" : null;
        await(link.checkin());
        assertThat(relay.refusedSeqs).containsExactly(1L);
        assertThat(relay.checkinSeqs).as("a fresh report in the same cycle").containsExactly(2L);
        assertThat(link.records("checkin.set-aside")).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("error");
            var details = Json.parseObject(r.details());
            assertThat(details.path("reportSeq").asLong()).isEqualTo(1);
            assertThat(details.path("status").asInt()).isEqualTo(400);
            assertThat(details.path("error").asText()).contains("control characters");
        });
        LinkState state = link.state();
        assertThat(state.delivery().setAsideReports()).isEqualTo(1);
        assertThat(state.delivery().outboxDepth()).isZero();
        assertThat(state.status()).isEqualTo(LinkStatus.ONLINE);

        await(link.checkin());
        assertThat(relay.checkinSeqs).as("the refused report is not sent again").containsExactly(2L, 3L);
    }

    @Test
    void anOrderOfAnUnknownTypeIsAcknowledgedUnsupportedWithASignedRecord() {
        open();
        relay.orders = List.of(new Order("o-1", "update", Json.object().put("version", "9.9"), START.minusSeconds(5)));
        await(link.checkin());
        EvidenceRecord record = link.records("order.update").getFirst();
        assertThat(record.outcome()).isEqualTo("unsupported");
        assertThat(record.signature()).isNotBlank();
        assertThat(Json.parseObject(record.details()).path("note").asText())
                .contains("does not carry out update orders");
        await(link.checkin());
        assertThat(relay.reports.getLast().ackedOrders()).containsExactly("o-1");
    }

    @Test
    void anOrderTheRelayResendsIsCarriedOutAndAcknowledgedOnce() {
        open();
        relay.orders = List.of(new Order("o-2", "probe", Json.object(), START.minusSeconds(5)));
        await(link.checkin());
        await(link.checkin());
        await(link.checkin());
        assertThat(probes.get()).isEqualTo(1);
        assertThat(link.records("order.probe")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("done"));
        assertThat(relay.reports.stream().map(CheckinRequest::ackedOrders).toList())
                .containsExactly(List.of(), List.of("o-2"), List.of());
    }

    @Test
    void anOrderHandlerThatFailsIsRecordedAsFailedAndStillAcknowledged() {
        open(orders -> orders.register("export", order -> Future.failedFuture(new IllegalStateException("disk full"))));
        relay.orders = List.of(new Order("o-3", "export", Json.object(), START.minusSeconds(5)));
        await(link.checkin());
        assertThat(link.records("order.export")).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("failed");
            assertThat(Json.parseObject(r.details()).path("note").asText()).isEqualTo("disk full");
        });
        assertThat(link.state().delivery().pendingAcks()).containsExactly("o-3");
    }

}

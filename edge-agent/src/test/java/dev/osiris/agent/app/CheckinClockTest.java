package dev.osiris.agent.app;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.protocol.checkin.ClockReport;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each check-in report carries the clock as the last check found it, and nothing when it is not checked. */
@ExtendWith(VertxExtension.class)
class CheckinClockTest {

    @TempDir
    Path dir;

    private LinkFixture link;
    private FakeRelay relay;

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        if (relay != null) {
            await(relay.stop());
        }
    }

    @Test
    void theReportCarriesTheLastClockVerdict(Vertx vertx) {
        relay = await(new FakeRelay().start(vertx));
        link = LinkFixture.open(vertx, relay, dir, orders -> { });
        await(link.checkin());
        assertThat(relay.reports.get(0).clock()).as("not checked yet").isNull();

        ClockReport untrusted = new ClockReport("untrusted", "no majority: 1 of 3 servers agree", null,
                Instant.parse("2026-06-01T08:00:00Z"), 3, 1);
        link.clockReport = untrusted;
        await(link.checkin());
        assertThat(relay.reports.get(relay.reports.size() - 1).clock()).isEqualTo(untrusted);
    }
}

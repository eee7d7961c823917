package dev.osiris.agent.app;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.protocol.checkin.UpdateReport;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each check-in report carries the self-update's state as last saved, for the relay's rollouts to count. */
@ExtendWith(VertxExtension.class)
class CheckinUpdateStateTest {

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
    void theReportCarriesTheUpdateStateAsLastSaved(Vertx vertx) {
        relay = await(new FakeRelay().start(vertx));
        link = LinkFixture.open(vertx, relay, dir, orders -> { });
        await(link.checkin());
        assertThat(relay.reports.get(0).update()).as("no self-update").isNull();

        UpdateReport rolledBack = new UpdateReport("rolled-back", "1.5.0", "health gate failed 3 trial boots", null,
                Instant.parse("2026-06-01T08:00:00Z"));
        link.updateReport = rolledBack;
        await(link.checkin());
        assertThat(relay.reports.get(relay.reports.size() - 1).update()).isEqualTo(rolledBack);
    }
}

package dev.osiris.agent.update;

import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.orders.OrderOutcome;
import dev.osiris.agent.orders.OrderResult;
import dev.osiris.agent.orders.Orders;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The update order through the agent's one order dispatch. */
class UpdateOrderTest {

    @TempDir
    Path dir;
    private UpdateFixture appliance;
    private Orders orders;
    private final Releases releases = new Releases();

    @BeforeEach
    void setUp() throws Exception {
        UpdateFixture.prepare(dir);
        appliance = UpdateFixture.open(dir, releases.key.publicKey().base64(), 64L << 20, Crashpoints.NONE);
        orders = new Orders(appliance.store, new Entries(Clock.systemUTC()));
        UpdateOrder.register(orders, appliance.updater);
    }

    @AfterEach
    void tearDown() {
        appliance.close();
    }

    @Test
    void payloadWithoutAHashIsRefusedNamingTheField() {
        Order order = new Order("o-1", "update", Json.object().put("version", "1.1.0")
                .put("url", "https://releases.example/1.1.0.img").put("size", 10), Instant.now());
        OrderResult r = await(orders.accept(order));
        assertThat(r.outcome()).isEqualTo(OrderOutcome.REFUSED);
        assertThat(r.note()).isEqualTo("sha256: is required (a string)");
        assertThat(appliance.records()).last().satisfies(rec -> {
            assertThat(rec.checkId()).isEqualTo("order.update");
            assertThat(rec.outcome()).isEqualTo("refused");
        });
    }

    @Test
    void aRolloutIdThatIsNotAnIdIsRefusedNamingTheField() throws Exception {
        var payload = releases.signed("1.1.0", java.net.URI.create("https://releases.example/1.1.0.img"),
                new byte[]{1, 2, 3}, false).toJson().put("rolloutId", "rol 7\n");
        OrderResult r = await(orders.accept(new Order("o-2", "update", payload, Instant.now())));
        assertThat(r.outcome()).isEqualTo(OrderOutcome.REFUSED);
        assertThat(r.note()).isEqualTo("rolloutId: must be 1 to 64 of A-Z a-z 0-9 . _ -, got \"rol 7\n\"");
        assertThat(appliance.updater.current().state()).isEqualTo(UpdateState.IDLE);
    }

    @Test
    void downgradeOrderIsRefusedWithTheReasonInTheOrderRecordAndAnUpdateRecord() throws Exception {
        UpdateRequest old = releases.signed("0.9.0", URI.create("http://127.0.0.1:9/image"), new byte[16], false);
        OrderResult r = await(orders.accept(new Order("o-2", "update", old.toJson(), Instant.now())));
        assertThat(r.outcome()).isEqualTo(OrderOutcome.REFUSED);
        assertThat(r.note()).contains("older than the running 1.0.0");
        assertThat(appliance.records().stream().map(rec -> rec.checkId() + " " + rec.outcome()))
                .containsExactly("update/failed fail", "order.update refused");
    }
}

package dev.osiris.agent.orders;

import dev.osiris.agent.evidence.Entries;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registration only; carrying orders out, with their evidence, is in {@code CheckinLinkTest}. */
class OrdersTest {

    private static final OrderHandler DONE = order -> Future.succeededFuture(OrderResult.done());

    // registration never touches the store
    private final Orders orders = new Orders(null, new Entries(Clock.systemUTC()));

    @Test
    void aTypeRegisteredTwiceIsAWiringErrorThatNamesIt() {
        orders.register("scan", DONE);
        assertThatThrownBy(() -> orders.register("scan", DONE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("order type scan is registered twice; each order type has one owner");
        assertThat(orders.types()).containsExactly("scan");
    }

    @Test
    void typesAreLowerCaseTokensAsTheWireHasThem() {
        assertThatThrownBy(() -> orders.register("Scan Now", DONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"Scan Now\"");
        assertThatThrownBy(() -> orders.register(null, DONE)).isInstanceOf(IllegalArgumentException.class);
        orders.register("evidence-export", DONE).register("update", DONE);
        assertThat(orders.types()).containsExactly("evidence-export", "update");
    }

    @Test
    void outcomesCarryTheirWireNames() {
        assertThat(OrderOutcome.STARTED.wireName()).isEqualTo("started");
        assertThat(OrderOutcome.UNSUPPORTED.wireName()).isEqualTo("unsupported");
        assertThat(OrderResult.refused("no such version").outcome().wireName()).isEqualTo("refused");
    }
}

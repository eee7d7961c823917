package dev.osiris.relay.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpEdgeConfigTest {

    private final HttpEdgeConfig defaults = HttpEdgeConfig.defaults();

    @Test
    void defaultsBoundBodiesAndSlowClients() {
        assertThat(defaults.bodyBytesInFlight()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.maxConnectionsPerSource()).isEqualTo(64);
    }

    @Test
    void invalidValuesAreNamedByTheirPath() {
        assertThatThrownBy(() -> defaults.withBodyBytesInFlight(1000))
                .hasMessageStartingWith("relay.http.bodyBytesInFlight");
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageStartingWith("relay.http.headerTimeout");
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofSeconds(1))).hasMessageStartingWith("relay.http.bodyTimeout");
        assertThatThrownBy(() -> defaults.withMaxConnectionsPerSource(0))
                .hasMessageStartingWith("relay.http.maxConnectionsPerSource");
    }
}

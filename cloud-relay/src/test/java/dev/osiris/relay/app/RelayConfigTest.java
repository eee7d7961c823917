package dev.osiris.relay.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayConfigTest {

    private final RelayConfig defaults = RelayConfig.defaults(Path.of("/tmp/relay"));

    @Test
    void defaultsAreLocalEphemeralAndEmbedded() {
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isZero();
        assertThat(defaults.databaseUrl()).isEmpty();
        assertThat(defaults.checkinBodyLimit()).isEqualTo(1024 * 1024);
        assertThat(defaults.bundleBodyLimit()).isEqualTo(16 * 1024 * 1024);
        assertThat(defaults.poolSize()).isEqualTo(8);
        assertThat(defaults.withDatabaseUrl("  ").databaseUrl()).isEmpty();
        assertThat(defaults.signatureWindow()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(defaults.withSignatureWindow(java.time.Duration.ofMinutes(2)).withPort(8080).signatureWindow())
                .isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> defaults.withPort(70000)).hasMessageStartingWith("relay.port");
        assertThatThrownBy(() -> defaults.withPoolSize(0)).hasMessageStartingWith("relay.poolSize");
        assertThatThrownBy(() -> defaults.withSignatureWindow(java.time.Duration.ofSeconds(1)))
                .hasMessageStartingWith("relay.signatureWindow must be between 10 s and 60 min");
        assertThatThrownBy(() -> new RelayConfig(defaults.dataDir(), "h", 0, defaults.databaseUrl(),
                java.util.Optional.empty(), java.util.Optional.of(Path.of("c.pem")), java.util.Optional.empty(),
                2048, 2048, 1, java.util.Optional.empty(), RelayConfig.DEFAULT_SIGNATURE_WINDOW,
                dev.osiris.relay.api.HttpEdgeConfig.defaults()))
                .hasMessageContaining("relay.tlsCert and relay.tlsKey");
    }
}

package dev.osiris.relay.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionInfoTest {

    @Test
    void parsesBothSchemesWithEncodedPasswords() {
        ConnectionInfo info = ConnectionInfo.parseUrl("postgresql://relay:p%40ss+w@db.local:6543/osiris");
        assertThat(info).isEqualTo(new ConnectionInfo("db.local", 6543, "osiris", "relay", "p@ss+w"));
        assertThat(ConnectionInfo.parseUrl("postgres://u@h/d").port()).isEqualTo(5432);
        assertThat(info.toString()).doesNotContain("p@ss");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> ConnectionInfo.parseUrl("mysql://u@h/d")).hasMessageContaining("postgres://");
    }
}

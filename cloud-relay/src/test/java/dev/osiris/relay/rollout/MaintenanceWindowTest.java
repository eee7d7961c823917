package dev.osiris.relay.rollout;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceWindowTest {

    // 2026-12-07 is a Monday
    private static Instant berlin(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.of("Europe/Berlin")).toInstant();
    }

    @Test
    void aWindowWithinTheDayIsOpenFromItsStartUntilBeforeItsEndOnItsDaysOnly() {
        MaintenanceWindow w = MaintenanceWindow.parse("Europe/Berlin", "mon-fri", "12:00-13:30");
        assertThat(w.isOpen(berlin("2026-12-07T12:00"))).isTrue();
        assertThat(w.isOpen(berlin("2026-12-07T13:29"))).isTrue();
        assertThat(w.isOpen(berlin("2026-12-07T13:30"))).isFalse();
        assertThat(w.isOpen(berlin("2026-12-07T11:59"))).isFalse();
        assertThat(w.isOpen(berlin("2026-12-12T12:30"))).as("Saturday").isFalse();
    }

    @Test
    void aWindowPastMidnightBelongsToTheDayItStarts() {
        MaintenanceWindow w = MaintenanceWindow.parse("Europe/Berlin", "fri", "22:00-05:00");
        assertThat(w.isOpen(berlin("2026-12-11T23:00"))).as("Friday night").isTrue();
        assertThat(w.isOpen(berlin("2026-12-12T04:59"))).as("Saturday early, Friday's window").isTrue();
        assertThat(w.isOpen(berlin("2026-12-12T05:00"))).isFalse();
        assertThat(w.isOpen(berlin("2026-12-11T04:00"))).as("Friday early is Thursday's window").isFalse();
    }

    @Test
    void theSiteTimeZoneDecidesNotUtc() {
        MaintenanceWindow w = MaintenanceWindow.parse("America/New_York", "mon", "01:00-02:00");
        // 06:30 UTC on Monday is 01:30 in New York (EST)
        assertThat(w.isOpen(Instant.parse("2026-12-07T06:30:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-12-07T01:30:00Z"))).isFalse();
    }

    @Test
    void daysAreBitsFromMonday() {
        assertThat(MaintenanceWindow.parse("UTC", "mon,sun", "01:00-02:00").dayBits()).isEqualTo(1 | 64);
        assertThat(MaintenanceWindow.parse("UTC", "sat-mon", "01:00-02:00").dayBits()).isEqualTo(32 | 64 | 1);
    }

    @Test
    void badInputIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> MaintenanceWindow.parse("Mars/Olympus", "mon", "01:00-02:00"))
                .hasMessage("--zone: unknown time zone \"Mars/Olympus\"");
        assertThatThrownBy(() -> MaintenanceWindow.parse("UTC", "someday", "01:00-02:00"))
                .hasMessageContaining("--days: unknown day");
        assertThatThrownBy(() -> MaintenanceWindow.parse("UTC", "mon", "1am-2am")).hasMessageContaining("--hours");
        assertThatThrownBy(() -> MaintenanceWindow.parse("UTC", "mon", "02:00-02:00"))
                .hasMessage("a maintenance window's start and end must differ");
    }
}

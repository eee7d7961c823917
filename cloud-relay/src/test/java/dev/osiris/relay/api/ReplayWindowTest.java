package dev.osiris.relay.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayWindowTest {

    private static final long WINDOW = 60_000;

    @Test
    void aSignatureSeenWithinTheWindowIsSeenAgainAndAnotherIsNew() {
        ReplayWindow window = new ReplayWindow(WINDOW, 1000);
        long now = 1_700_000_000_000L;
        assertThat(window.add(42, now + WINDOW, now)).isEqualTo(ReplayWindow.Added.NEW);
        assertThat(window.add(42, now + WINDOW, now + 30_000)).isEqualTo(ReplayWindow.Added.SEEN);
        assertThat(window.add(43, now + WINDOW, now + 30_000)).isEqualTo(ReplayWindow.Added.NEW);
        assertThat(window.add(0, now + WINDOW, now)).as("zero is a fingerprint too").isEqualTo(ReplayWindow.Added.NEW);
        assertThat(window.add(0, now + WINDOW, now)).isEqualTo(ReplayWindow.Added.SEEN);
        assertThat(window.size()).isEqualTo(3);
    }

    @Test
    void anExpiredSignatureIsForgottenAndItsRoomGivenBack() {
        ReplayWindow window = new ReplayWindow(WINDOW, 2);
        long now = 1_700_000_000_000L;
        window.add(1, now + WINDOW, now);
        window.add(2, now + WINDOW, now);
        assertThat(window.add(3, now + WINDOW, now)).as("full").isEqualTo(ReplayWindow.Added.FULL);
        long later = now + 3 * WINDOW;
        assertThat(window.add(3, later + WINDOW, later)).isEqualTo(ReplayWindow.Added.NEW);
        assertThat(window.add(1, later + WINDOW, later)).as("expired, so no longer a replay")
                .isEqualTo(ReplayWindow.Added.NEW);
        assertThat(window.size()).isEqualTo(2);
    }

    @Test
    void manySignaturesAcrossTheWindowAreEachSeenOnce() {
        ReplayWindow window = new ReplayWindow(WINDOW, 1_000_000);
        long now = 1_700_000_000_000L;
        for (long i = 1; i <= 200_000; i++) {
            long at = now + i / 4; // 4 a millisecond, over 50 s
            assertThat(window.add(i * 0x9E3779B97F4A7C15L, at + WINDOW, at)).isEqualTo(ReplayWindow.Added.NEW);
        }
        for (long i = 1; i <= 200_000; i += 997) {
            assertThat(window.add(i * 0x9E3779B97F4A7C15L, now + 50_000 + WINDOW, now + 50_000))
                    .isEqualTo(ReplayWindow.Added.SEEN);
        }
    }
}

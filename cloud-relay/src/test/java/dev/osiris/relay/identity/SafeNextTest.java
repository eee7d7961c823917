package dev.osiris.relay.identity;

import dev.osiris.relay.RelayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeNextTest {

    @Test
    void aLocalPathIsKeptAndNothingMeansHome() {
        assertThat(SafeNext.of("/portal/sites/site-1?tab=incidents")).isEqualTo("/portal/sites/site-1?tab=incidents");
        assertThat(SafeNext.of(null)).isEqualTo(SafeNext.HOME);
    }

    @Test
    void anythingABrowserCouldReadAsAnotherOriginIsRefused() {
        for (String evil : new String[]{"https://evil.test/", "//evil.test", "/\\evil.test", "evil.test",
                "/portal\r\nLocation: https://evil.test", "javascript:alert(1)", "/ok/../https://x", "/a b"}) {
            assertThatThrownBy(() -> SafeNext.of(evil)).as(evil).isInstanceOf(RelayException.class);
        }
    }
}

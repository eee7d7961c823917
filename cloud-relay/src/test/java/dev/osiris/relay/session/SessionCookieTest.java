package dev.osiris.relay.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCookieTest {

    @Test
    void overHttpsTheCookieIsHostPrefixedSecureHttpOnlyLaxAndHasNoDomain() {
        String header = new SessionCookie(true).issue("t0ken").encode();
        assertThat(header).startsWith("__Host-osiris-session=t0ken;").contains("Path=/").containsIgnoringCase("Secure")
                .containsIgnoringCase("HTTPOnly").contains("SameSite=Lax").doesNotContainIgnoringCase("Domain=");
    }

    @Test
    void onPlainLoopbackHttpTheCookieHasNoPrefixButStaysHttpOnlyAndLax() {
        String header = new SessionCookie(false).issue("t0ken").encode();
        assertThat(header).startsWith("osiris-session=t0ken;").containsIgnoringCase("HTTPOnly")
                .contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void clearingTheCookieExpiresIt() {
        assertThat(new SessionCookie(true).clear().encode()).contains("Max-Age=0");
    }
}

package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.session.Sessions;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import dev.osiris.testing.MovableClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions (OWASP ASVS L2) at a relay whose clock the test moves: the cookie and the key header get the same
 * answers, cookie changes need the CSRF token, and sign-out, idle and absolute expiry, role change and removal end
 * sessions at the server.
 */
class SessionIT {

    @TempDir
    static Path dataDir;

    static Vertx vertx;
    static Relay relay;
    static RelayAdmin admin;
    static Portal portal;
    static final MovableClock CLOCK = MovableClock.system();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir), RunbookCatalog.builtIn(), CLOCK));
        admin = relay.admin();
        portal = new Portal(admin, new Http(relay.baseUrl()));
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            Await.result(relay.close());
        }
        Await.result(vertx.close());
    }

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    @Test
    void theCookieAndTheKeyGetTheSameAnswers() {
        String siteId = Await.result(admin.createSite("Same answers"));
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.OPERATOR);
        Portal.Caller key = portal.keyOf(Tenant.DEFAULT_PARTNER, Role.OPERATOR);
        for (String path : new String[]{Api.SITES, Api.SITES + "/" + siteId, Api.SITES + "/" + siteId + "/appliances",
                Api.SITES + "/" + siteId + "/runbooks", Api.SITES + "/" + siteId + "/compliance"}) {
            Http.Reply byCookie = portal.send(cookie, "GET", path, null);
            Http.Reply byKey = portal.send(key, "GET", path, null);
            assertThat(byCookie.status()).as(path).isEqualTo(200);
            assertThat(byCookie.text()).as(path).isEqualTo(byKey.text());
        }
        assertThat(portal.send(cookie, "POST", Api.SITES, "{\"name\":\"By cookie\"}").status()).isEqualTo(201);
        assertThat(portal.send(key, "POST", Api.SITES, "{\"name\":\"By key\"}").status()).isEqualTo(201);
    }

    @Test
    void aCookieChangeWithoutTheCsrfTokenIsRefusedAndAKeyNeedsNone() {
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.ADMIN);
        int before = Await.result(admin.listSites()).size();
        Http.Reply missing = portal.send(cookie.withoutCsrf(), "POST", Api.SITES, "{\"name\":\"Forged\"}");
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.json().get("error").asText()).contains("CSRF");
        Http.Reply wrong = portal.send(cookie.withCsrf("A".repeat(43)), "POST", Api.SITES, "{\"name\":\"Forged\"}");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(Await.result(admin.listSites())).hasSize(before);
        // reads need no token; a key never does
        assertThat(portal.send(cookie.withoutCsrf(), "GET", Api.SITES, null).status()).isEqualTo(200);
        Portal.Caller key = portal.keyOf(Tenant.DEFAULT_PARTNER, Role.ADMIN);
        assertThat(portal.send(key, "POST", Api.SITES, "{\"name\":\"By key\"}").status()).isEqualTo(201);
    }

    @Test
    void aBrowsersFormNeedsTheSessionsCsrfTokenInItsFields() {
        String siteId = Await.result(admin.createSite("Form site"));
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.OPERATOR);
        String path = "/portal/sites/" + siteId + "/settings";
        String settings = "healingMode=full-coverage&scanIntervalSeconds=900&baseline=";
        for (String form : new String[]{settings, settings + "&_csrf=" + "A".repeat(43)}) {
            Http.Reply refused = portal.form(cookie, path, form);
            assertThat(refused.status()).as(form).isEqualTo(403);
            assertThat(refused.text()).contains("CSRF");
        }
        assertThat(Await.result(admin.site(siteId)).healingMode().name()).isEqualTo("STANDARD");
        assertThat(portal.form(cookie, path, Portal.withCsrf(cookie, settings)).status()).isEqualTo(303);
        assertThat(Await.result(admin.site(siteId)).healingMode().name()).isEqualTo("FULL_COVERAGE");
    }

    @Test
    void signOutEndsTheSessionAtTheServerSoAStolenCookieFails() {
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.READONLY);
        Portal.Caller stolen = new Portal.Caller("stolen copy", null, cookie.cookie(), cookie.csrf());
        assertThat(portal.send(stolen, "GET", "/api/me", null).status()).isEqualTo(200);
        Http.Reply out = portal.send(cookie, "POST", "/api/session/sign-out", null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(portal.send(stolen, "GET", Api.SITES, null).status()).isEqualTo(401);
        assertThat(portal.send(stolen, "GET", "/api/me", null).json().get("error").asText())
                .contains("session has ended");
    }

    @Test
    void signOutNeedsTheCsrfTokenSoAnotherSiteCannotSignSomeoneOut() {
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.READONLY);
        assertThat(portal.send(cookie.withoutCsrf(), "POST", "/api/session/sign-out", null).status()).isEqualTo(403);
        assertThat(portal.send(cookie, "GET", "/api/me", null).status()).isEqualTo(200);
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutes() {
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.READONLY);
        CLOCK.advance(Sessions.IDLE.minusMinutes(2));
        assertThat(portal.send(cookie, "GET", Api.SITES, null).status()).as("used within 30 minutes").isEqualTo(200);
        CLOCK.advance(Sessions.IDLE.minusMinutes(2));
        assertThat(portal.send(cookie, "GET", Api.SITES, null).status()).as("each use moves the idle limit")
                .isEqualTo(200);
        CLOCK.advance(Sessions.IDLE.plusMinutes(1));
        assertThat(portal.send(cookie, "GET", Api.SITES, null).status()).as("idle 31 minutes").isEqualTo(401);
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.READONLY);
        Duration step = Duration.ofMinutes(20);
        for (Duration at = step; at.compareTo(Sessions.ABSOLUTE) < 0; at = at.plus(step)) {
            CLOCK.advance(step);
            assertThat(portal.send(cookie, "GET", "/api/me", null).status()).as("at " + at).isEqualTo(200);
        }
        CLOCK.advance(step);
        assertThat(portal.send(cookie, "GET", "/api/me", null).status()).as("past 12 hours").isEqualTo(401);
    }

    @Test
    void aRoleChangeTakesEffectOnTheNextRequest() {
        User user = portal.user(Tenant.DEFAULT_PARTNER, Role.ADMIN);
        Portal.Caller cookie = Portal.Caller.session("admin", Await.result(admin.startSession(user.id())));
        assertThat(portal.send(cookie, "GET", "/api/users", null).status()).isEqualTo(200);
        Portal.Caller other = portal.keyOf(Tenant.DEFAULT_PARTNER, Role.ADMIN);
        assertThat(portal.send(other, "PATCH", "/api/users/" + user.id(), "{\"role\":\"readonly\"}").status())
                .isEqualTo(200);
        assertThat(portal.send(cookie, "GET", "/api/users", null).status()).isEqualTo(401);
        Portal.Caller again = Portal.Caller.session("readonly now", Await.result(admin.startSession(user.id())));
        assertThat(portal.send(again, "GET", "/api/users", null).status()).isEqualTo(403);
        assertThat(portal.send(again, "GET", Api.SITES, null).status()).isEqualTo(200);
    }

    @Test
    void aRemovedUserIsSignedOutEverywhere() {
        User user = portal.user(Tenant.DEFAULT_PARTNER, Role.OPERATOR);
        Portal.Caller laptop = Portal.Caller.session("laptop", Await.result(admin.startSession(user.id())));
        Portal.Caller phone = Portal.Caller.session("phone", Await.result(admin.startSession(user.id())));
        assertThat(laptop.cookie()).isNotEqualTo(phone.cookie());
        Portal.Caller other = portal.keyOf(Tenant.DEFAULT_PARTNER, Role.ADMIN);
        assertThat(portal.send(other, "DELETE", "/api/users/" + user.id(), null).status()).isEqualTo(204);
        assertThat(portal.send(laptop, "GET", Api.SITES, null).status()).isEqualTo(401);
        assertThat(portal.send(phone, "GET", Api.SITES, null).status()).isEqualTo(401);
    }

    @Test
    void theDatabaseHoldsOnlyTheTokensHash() {
        Portal.Caller cookie = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.READONLY);
        String stored = Await.result(admin.sql("SELECT string_agg(token_sha256, ',') AS t FROM sessions"))
                .iterator().next().getString("t");
        assertThat(stored).doesNotContain(cookie.cookie())
                .contains(dev.osiris.relay.auth.ApiKeys.sha256Hex(cookie.cookie()));
        assertThat(cookie.cookie()).hasSize(43); // 256 bits, base64url
    }
}

package dev.osiris.relay.app;

import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.alerts.SmtpConfig;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.OidcProvider;
import dev.osiris.relay.identity.PortalConfig;
import dev.osiris.relay.identity.SignIn;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import dev.osiris.testing.LoopbackPort;
import dev.osiris.testing.MovableClock;
import io.vertx.core.Vertx;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect sign-in against an identity provider nobody here wrote (no.nav.security's mock-oauth2-server on
 * loopback), as two issuers: one shaped like Google's, one like Microsoft's. RFC 9700 and OIDC negative cases, each
 * refused with no session created.
 */
class SignInIT {

    @TempDir
    static Path dataDir;

    static MockOAuth2Server idp;
    static Vertx vertx;
    static Relay relay;
    static RelayAdmin admin;
    static String base;
    static final MovableClock CLOCK = MovableClock.system();
    static final Browserless browser = new Browserless();
    static final TokenScript GOOGLE = new TokenScript("google");
    static final TokenScript MICROSOFT = new TokenScript("microsoft");
    static Mailbox mail;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
                Set.of(GOOGLE, MICROSOFT)));
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        int port = LoopbackPort.free();
        base = "http://127.0.0.1:" + port;
        PortalConfig portal = new PortalConfig(Optional.of(base), List.of(
                new OidcProvider("google", OidcProvider.Kind.GOOGLE, issuer("google"), "relay-google", "g-secret"),
                new OidcProvider("microsoft", OidcProvider.Kind.MICROSOFT, issuer("microsoft"), "relay-ms",
                        "m-secret")));
        mail = new Mailbox();
        SmtpConfig smtp = SmtpConfig.of("127.0.0.1", mail.port, "relay@osiris.test").withStarttls(false)
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(200));
        vertx = Vertx.vertx();
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir).withPort(port).withSmtp(smtp),
                RunbookCatalog.builtIn(), CLOCK, portal));
        admin = relay.admin();
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            Await.result(relay.close());
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
        if (idp != null) {
            idp.shutdown();
        }
        if (mail != null) {
            mail.close();
        }
    }

    @AfterEach
    void reset() {
        CLOCK.reset();
        GOOGLE.reset();
        MICROSOFT.reset();
    }

    static String issuer(String id) {
        String url = idp.issuerUrl(id).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // --- a small DSL -------------------------------------------------------------------------------------------

    /** The provider's next token names {@code subject} with {@code claims}, for {@code audience} (null: the client). */
    static void nextToken(String issuerId, String subject, List<String> audience, Map<String, Object> claims,
                          long expirySeconds) {
        (issuerId.equals("google") ? GOOGLE : MICROSOFT).next(subject, audience, claims, expirySeconds);
    }

    static void nextGoogle(String subject) {
        nextToken("google", subject, null, Map.of("email", subject + "@msp.test", "email_verified", true,
                "hd", "msp.test"), 3600);
    }

    static long sessions() {
        return Await.result(admin.sql("SELECT count(*) AS n FROM sessions")).iterator().next().getLong("n");
    }

    /** Starts a sign-in at the relay; answers the provider's authorization URL. */
    static URI begin(String provider, String next) {
        Browserless.Answer start = browser.get(base + "/auth/" + provider + (next == null ? "" : "?next=" + next));
        assertThat(start.status()).as(start.body()).isEqualTo(302);
        return URI.create(start.location());
    }

    /** The provider signs the person in and sends the browser back: the callback URL with code and state. */
    static URI authorize(URI authorizationUrl) {
        Browserless.Answer back = browser.get(authorizationUrl.toString());
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        return URI.create(back.location());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String cookieOf(Browserless.Answer answer) {
        String header = answer.setCookie().orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    /** The callback must refuse with {@code status}, set no cookie and create no session. */
    static void refused(String callbackUrl, int status, String why) {
        long before = sessions();
        Browserless.Answer answer = browser.get(callbackUrl);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains(why);
        assertThat(answer.setCookie()).isEmpty();
        assertThat(sessions()).isEqualTo(before);
    }

    // --- sign-in -----------------------------------------------------------------------------------------------

    @Test
    void aKnownGooglePersonSignsInAndLandsWhereTheyWereGoing() {
        Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.OPERATOR, issuer("google"), "g-ann", "ann@msp.test"));
        nextGoogle("g-ann");
        URI authorization = begin("google", "/portal/sites");
        Map<String, String> params = query(authorization);
        assertThat(params).containsEntry("code_challenge_method", "S256").containsEntry("response_type", "code")
                .containsEntry("redirect_uri", base + "/auth/google/callback").containsKeys("state", "nonce");
        assertThat(params.get("code_challenge")).hasSize(43);
        URI callback = authorize(authorization);
        Browserless.Answer done = browser.get(callback.toString());
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).isEqualTo("/portal/sites");
        assertThat(done.setCookie().orElseThrow()).startsWith(SessionCookie.PLAIN_NAME + "=")
                .containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        Browserless.Answer me = browser.get(base + "/api/me", cookieOf(done));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).contains("\"role\":\"operator\"").contains("ann@msp.test");
    }

    @Test
    void aMicrosoftPersonIsKnownByTenantAndObjectIdNotByEmail() {
        String tenantIssuer = issuer("microsoft");
        Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.READONLY, tenantIssuer, "oid-77", "bo@msp.test"));
        // someone else's tenant sets the same e-mail: it names nobody here
        nextToken("microsoft", "pairwise-1", null, Map.of("tid", "tenant-x", "oid", "oid-other",
                "email", "bo@msp.test"), 3600);
        refused(authorize(begin("microsoft", null)).toString(), 403, "not a user of this relay yet");
        nextToken("microsoft", "pairwise-2", null, Map.of("tid", "tenant-1", "oid", "oid-77"), 3600);
        Browserless.Answer done = browser.get(authorize(begin("microsoft", null)).toString());
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(browser.get(base + "/api/me", cookieOf(done)).body()).contains("\"role\":\"readonly\"");
    }

    @Test
    void anUnknownPersonGetsNoSession() {
        nextGoogle("g-stranger");
        refused(authorize(begin("google", null)).toString(), 403, "not a user of this relay yet");
    }

    // --- approval ----------------------------------------------------------------------------------------------

    /** Signs in with Google as {@code subject} of Workspace {@code domain}; answers the callback's answer. */
    static Browserless.Answer googleSignIn(String subject, String domain, boolean emailVerified) {
        nextToken("google", subject, null, Map.of("email", subject + "@" + domain, "email_verified", emailVerified,
                "hd", domain), 3600);
        return browser.get(authorize(begin("google", null)).toString());
    }

    static Portal.Caller platformAdmin(String email) {
        var u = Await.result(admin.addUser(null, null, "https://staff.test", "staff-" + email, email));
        return Portal.Caller.session("platform admin", Await.result(admin.startSession(u.id())));
    }

    static Http.Reply platform(Portal.Caller caller, String method, String path, String json) {
        return new Portal(admin, new Http(base)).send(caller, method, "/api/platform" + path, json);
    }

    @Test
    void anAllowListedDomainIsApprovedAtOnceAndAnotherWaitsForAPlatformAdmin() throws Exception {
        Portal.Caller staff = platformAdmin("staff@relay.test");
        String partner = Await.result(admin.createPartner("Lakeside IT"));
        assertThat(platform(staff, "POST", "/allow-list", "{\"domain\":\"lakeside.test\",\"partnerId\":\""
                + partner + "\",\"role\":\"operator\"}").status()).isEqualTo(201);

        Browserless.Answer listed = googleSignIn("g-lake-1", "lakeside.test", true);
        assertThat(listed.status()).as(listed.body()).isEqualTo(302);
        assertThat(browser.get(base + "/api/me", cookieOf(listed)).body()).contains("\"partnerId\":\"" + partner)
                .contains("\"role\":\"operator\"");

        // the same domain typed in an address the provider did not verify counts for nothing
        refused(googleUrl("g-lake-2", "lakeside.test", false), 403, "a platform admin has been told");

        String otherUrl = googleUrl("g-hill-1", "hillside.test", true);
        refused(otherUrl, 403, "a platform admin has been told");
        Http.Reply pending = platform(staff, "GET", "/signups?status=pending", null);
        JsonNode signup = StreamSupport.stream(pending.json().get("signups").spliterator(), false)
                .filter(x -> x.get("subject").asText().equals("g-hill-1")).findFirst().orElseThrow();
        assertThat(signup.get("provider").asText()).isEqualTo("google");
        assertThat(signup.get("verifiedDomain").asText()).isEqualTo("hillside.test");
        Await.until("the platform admin to be mailed", Duration.ofSeconds(60),
                () -> mail.to("staff@relay.test").stream().anyMatch(m -> subject(m).contains("g-hill-1@hillside.test")));

        Http.Reply approved = platform(staff, "POST", "/signups/" + signup.get("id").asText() + "/approve",
                "{\"partnerId\":\"" + partner + "\",\"role\":\"readonly\"}");
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        Browserless.Answer now = googleSignIn("g-hill-1", "hillside.test", true);
        assertThat(now.status()).as(now.body()).isEqualTo(302);
        assertThat(browser.get(base + "/api/me", cookieOf(now)).body()).contains("\"role\":\"readonly\"");
    }

    @Test
    void everyPlatformAdminWithAnAddressIsMailedAboutAPendingSignupAndARemovedOneIsNot() {
        List<String> staff = List.of("ops-a@relay.test", "ops-b@relay.test", "ops-c@relay.test");
        staff.forEach(SignInIT::platformAdmin);
        var gone = Await.result(admin.addUser(null, null, "https://staff.test", "staff-gone", "gone@relay.test"));
        Await.result(admin.removeUser(gone.id()));

        refused(googleUrl("g-mail-1", "mailtest.test", true), 403, "a platform admin has been told");
        for (String address : staff) {
            Await.until(address + " to be mailed about the pending signup", Duration.ofSeconds(60),
                    () -> mail.to(address).stream().anyMatch(m -> subject(m).contains("g-mail-1@mailtest.test")));
        }
        // each once, and nobody who is no longer staff
        for (String address : staff) {
            assertThat(mail.to(address).stream().filter(m -> subject(m).contains("g-mail-1@mailtest.test")))
                    .as(address).hasSize(1);
        }
        assertThat(mail.to("gone@relay.test")).isEmpty();
    }

    @Test
    void aRejectedSignupCannotSignIn() {
        Portal.Caller staff = platformAdmin("staff2@relay.test");
        refused(googleUrl("g-reject", "nowhere.test", true), 403, "a platform admin has been told");
        String id = StreamSupport.stream(platform(staff, "GET", "/signups?status=pending", null).json()
                        .get("signups").spliterator(), false)
                .filter(x -> x.get("subject").asText().equals("g-reject")).findFirst().orElseThrow().get("id").asText();
        assertThat(platform(staff, "POST", "/signups/" + id + "/reject", null).status()).isEqualTo(200);
        refused(googleUrl("g-reject", "nowhere.test", true), 403, "rejected");
        assertThat(platform(staff, "POST", "/signups/" + id + "/approve",
                "{\"partnerId\":\"default\",\"role\":\"admin\"}").status()).isEqualTo(409);
    }

    @Test
    void withApprovalRequiredEvenAnAllowListedDomainWaits() {
        Portal.Caller staff = platformAdmin("staff3@relay.test");
        assertThat(platform(staff, "POST", "/allow-list",
                "{\"domain\":\"strict.test\",\"partnerId\":\"default\"}").status()).isEqualTo(201);
        assertThat(platform(staff, "PUT", "/settings", "{\"approvalRequired\":true}").status()).isEqualTo(200);
        try {
            refused(googleUrl("g-strict", "strict.test", true), 403, "a platform admin has been told");
        } finally {
            platform(staff, "PUT", "/settings", "{\"approvalRequired\":false}");
        }
    }

    /** The callback URL of a Google sign-in as {@code subject} of {@code domain}, not yet followed. */
    static String googleUrl(String subject, String domain, boolean emailVerified) {
        nextToken("google", subject, null, Map.of("email", subject + "@" + domain, "email_verified", emailVerified,
                "hd", domain), 3600);
        return authorize(begin("google", null)).toString();
    }

    static String subject(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- state -------------------------------------------------------------------------------------------------

    @Test
    void aCallbackWithoutStateIsRefused() {
        nextGoogle("g-ann");
        URI callback = authorize(begin("google", null));
        refused(base + "/auth/google/callback?code=" + query(callback).get("code"), 400, "no state");
    }

    @Test
    void aStateIsUsedOnce() {
        Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.READONLY, issuer("google"), "g-once", null));
        nextGoogle("g-once");
        URI callback = authorize(begin("google", null));
        assertThat(browser.get(callback.toString()).status()).isEqualTo(302);
        refused(callback.toString(), 400, "unknown, used, expired");
    }

    @Test
    void aStateExpiresAfterTenMinutes() {
        nextGoogle("g-ann");
        URI callback = authorize(begin("google", null));
        CLOCK.advance(SignIn.FLOW_LIFETIME.plusSeconds(1));
        refused(callback.toString(), 400, "unknown, used, expired");
    }

    @Test
    void aStateNobodyIssuedIsRefused() {
        nextGoogle("g-ann");
        URI callback = authorize(begin("google", null));
        refused(base + "/auth/google/callback?state=forged-state&code=" + query(callback).get("code"), 400,
                "unknown, used, expired");
    }

    @Test
    void anotherProvidersStateIsRefused() {
        nextToken("microsoft", "p", null, Map.of("tid", "tenant-1", "oid", "oid-77"), 3600);
        URI microsoft = authorize(begin("microsoft", null));
        refused(base + "/auth/google/callback?" + microsoft.getRawQuery(), 400, "another provider");
    }

    // --- PKCE and redirect URI ---------------------------------------------------------------------------------

    @Test
    void aWrongPkceVerifierIsRefusedByTheProvider() {
        nextGoogle("g-ann");
        URI callback = authorize(begin("google", null));
        Await.result(admin.sql("UPDATE sign_in_flows SET code_verifier = '" + "w".repeat(64) + "' WHERE used_at IS NULL"));
        refused(callback.toString(), 401, "did not accept the code");
    }

    @Test
    void aMissingPkceVerifierIsRefused() {
        nextGoogle("g-ann");
        URI callback = authorize(begin("google", null));
        Await.result(admin.sql("UPDATE sign_in_flows SET code_verifier = NULL WHERE used_at IS NULL"));
        refused(callback.toString(), 401, "no PKCE verifier");
    }

    @Test
    void theRedirectUriIsTheConfiguredOneWhateverTheRequestSays() {
        URI authorization = URI.create(browser.get(base + "/auth/google?redirect_uri=https://evil.test/cb")
                .location());
        assertThat(query(authorization).get("redirect_uri")).isEqualTo(base + "/auth/google/callback");
        // a callback at any other path is no callback
        nextGoogle("g-ann");
        URI callback = authorize(begin("google", null));
        refused(base + "/auth/google/callback/extra?" + callback.getRawQuery(), 404, "no such endpoint");
    }

    // --- ID token ----------------------------------------------------------------------------------------------

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        // the provider puts the asking client in an ID token's audience; the claim is overridden here
        nextToken("google", "g-ann", null, Map.of("aud", List.of("another-client")), 3600);
        refused(authorize(begin("google", null)).toString(), 401, "sign-in refused");
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        nextToken("google", "g-ann", null, Map.of(), -300);
        refused(authorize(begin("google", null)).toString(), 401, "sign-in refused");
    }

    @Test
    void anIdTokenFromTheOtherProvidersIssuerIsAMixUp() {
        nextToken("google", "g-ann", null, Map.of("iss", issuer("microsoft")), 3600);
        refused(authorize(begin("google", null)).toString(), 401, "sign-in refused");
    }

    @Test
    void anIdTokenWithAnotherFlowsNonceIsRefused() {
        nextToken("google", "g-ann", null, Map.of("nonce", "a-nonce-of-another-sign-in"), 3600);
        refused(authorize(begin("google", null)).toString(), 401, "sign-in refused");
    }

    // --- one-time link ----------------------------------------------------------------------------------------

    @Test
    void aOneTimeLinkSignsInOnceWithinTenMinutes() {
        var user = Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.ADMIN, "https://demo.test", "demo-1",
                "demo@msp.test"));
        String link = Await.result(admin.oneTimeSignIn(user.id()));
        Browserless.Answer first = browser.get(base + link);
        assertThat(first.status()).as(first.body()).isEqualTo(302);
        assertThat(first.location()).isEqualTo("/portal");
        assertThat(browser.get(base + "/api/me", cookieOf(first)).body()).contains("demo@msp.test");
        refused(base + link, 400, "unknown, used or expired");

        String late = Await.result(admin.oneTimeSignIn(user.id()));
        CLOCK.advance(SignIn.FLOW_LIFETIME.plusSeconds(1));
        refused(base + late, 400, "unknown, used or expired");
    }

    // --- next --------------------------------------------------------------------------------------------------

    @Test
    void nextCannotSendTheBrowserElsewhere() {
        for (String evil : new String[]{"https://evil.test/", "//evil.test/x", "/%5Cevil.test"}) {
            long before = sessions();
            Browserless.Answer start = browser.get(base + "/auth/google?next=" + evil);
            assertThat(start.status()).as(evil).isEqualTo(400);
            assertThat(start.location()).isNull();
            assertThat(sessions()).isEqualTo(before);
        }
    }

    @Test
    void theClientSecretIsInNoAnswer() {
        Browserless.Answer providers = browser.get(base + "/auth/providers");
        assertThat(providers.body()).contains("google").contains("microsoft").doesNotContain("g-secret")
                .doesNotContain("m-secret");
        assertThat(browser.get(base + "/auth/google").location()).doesNotContain("g-secret");
    }

}

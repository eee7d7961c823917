package dev.osiris.relay.app;

import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import dev.osiris.testing.Tools;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The session cookie and the portal's transport headers over real TLS: a relay serving HTTPS on loopback with a
 * self-signed certificate (made by openssl), a client that trusts exactly that certificate, and openssl's
 * s_client for the protocol versions the relay accepts.
 */
class SessionTlsIT {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path certDir;

    static Vertx vertx;
    static Relay relay;
    static RelayAdmin admin;
    static HttpClient client;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Tools.find("openssl").isPresent(), "openssl is needed to make a test certificate");
        Path cert = certDir.resolve("cert.pem");
        Path key = certDir.resolve("key.pem");
        Tools.run(Duration.ofSeconds(60), "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1");
        vertx = Vertx.vertx();
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir).withTls(cert, key)));
        admin = relay.admin();
        port = relay.port();
        client = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            Await.result(relay.close());
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
    }

    /** A TLS context that trusts only the relay's own certificate: the hostname is checked too. */
    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("relay", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Map<String, String> headers, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overHttpsTheSessionCookieIsAHostPrefixedSecureHttpOnlyLaxCookieForTheWholeOriginOnly() throws Exception {
        User ann = Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.ADMIN, "https://idp.test", "tls-ann",
                "ann@msp.test"));
        HttpResponse<String> signedIn = get(Await.result(admin.oneTimeSignIn(ann.id())), Map.of());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        String cookie = cookies.getFirst();
        assertThat(cookie).startsWith(SessionCookie.SECURE_NAME + "=");
        // attribute names are case-insensitive (RFC 6265 5.2); Netty writes HTTPOnly
        List<String> parts = List.of(cookie.toLowerCase(java.util.Locale.ROOT).split(";\\s*"));
        assertThat(parts.subList(1, parts.size())).containsExactlyInAnyOrder("path=/", "secure", "httponly",
                "samesite=lax");
        assertThat(cookie.toLowerCase(java.util.Locale.ROOT)).doesNotContain("domain=").doesNotContain("expires=")
                .doesNotContain("max-age=");
        String token = cookie.substring(SessionCookie.SECURE_NAME.length() + 1, cookie.indexOf(';'));
        assertThat(token).hasSize(43);

        // the session is the __Host- cookie's: the plain name means nothing over TLS
        HttpResponse<String> page = get("/portal/sites", Map.of("Cookie", SessionCookie.SECURE_NAME + "=" + token));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue(HSTS);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'").contains("frame-ancestors 'none'");
        HttpResponse<String> plain = get("/portal/sites", Map.of("Cookie", SessionCookie.PLAIN_NAME + "=" + token));
        assertThat(plain.statusCode()).isEqualTo(302);
        assertThat(plain.headers().firstValue("Location")).hasValue("/portal/sign-in");
        assertThat(get("/portal/sign-in", Map.of()).headers().firstValue("Strict-Transport-Security")).hasValue(HSTS);

        // signing out clears the same cookie, with the same attributes, and ends the session at the server
        String csrf = csrfField(page.body());
        HttpResponse<String> out = post("/portal/sign-out", Map.of("Cookie", SessionCookie.SECURE_NAME + "=" + token),
                "_csrf=" + csrf);
        assertThat(out.statusCode()).isEqualTo(303);
        String cleared = out.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cleared).startsWith(SessionCookie.SECURE_NAME + "=;").containsIgnoringCase("max-age=0")
                .containsIgnoringCase("secure").containsIgnoringCase("path=/").doesNotContainIgnoringCase("domain=");
        assertThat(get("/portal/sites", Map.of("Cookie", SessionCookie.SECURE_NAME + "=" + token)).statusCode())
                .isEqualTo(302);
    }

    private static String csrfField(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("the page's CSRF field").isTrue();
        return m.group(1);
    }

    @Test
    void theRelayAcceptsTls12And13AndRefusesOlderProtocols() {
        String target = "127.0.0.1:" + port;
        for (String version : List.of("-tls1_2", "-tls1_3")) {
            Tools.Output ok = Tools.exec(Duration.ofSeconds(30), Map.of(), List.of("openssl", "s_client", version,
                    "-connect", target, "-servername", "127.0.0.1"));
            assertThat(ok.stdout()).as(version).containsPattern("Protocol *: TLSv1\\.[23]|New, TLSv1\\.[23]");
        }
        // the client is allowed the old protocols (security level 0), so a refusal is the relay's
        for (String version : List.of("-tls1", "-tls1_1")) {
            Tools.Output refused = Tools.exec(Duration.ofSeconds(30), Map.of(), List.of("openssl", "s_client",
                    version, "-cipher", "DEFAULT@SECLEVEL=0", "-connect", target));
            assertThat(refused.exitCode()).as(version).isNotZero();
            assertThat(refused.stdout() + refused.stderr()).as(version).contains("alert protocol version");
        }
    }
}

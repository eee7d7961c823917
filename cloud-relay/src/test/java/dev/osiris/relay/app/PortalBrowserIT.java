package dev.osiris.relay.app;

import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.OidcProvider;
import dev.osiris.relay.identity.PortalConfig;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import dev.osiris.testing.LoopbackPort;
import io.vertx.core.Vertx;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The portal in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium with the driver's
 * path given, so nothing is downloaded), signing in through mock-oauth2-server as a Google- and a Microsoft-shaped
 * provider. Screenshots of each page go to {@code target/portal-screenshots}.
 */
class PortalBrowserIT {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File DRIVER = new File("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "portal-screenshots");

    @TempDir
    static Path dataDir;

    static MockOAuth2Server idp;
    static Vertx vertx;
    static Relay relay;
    static RelayAdmin admin;
    static String base;
    static final TokenScript GOOGLE = new TokenScript("google");
    static final TokenScript MICROSOFT = new TokenScript("microsoft");
    static String siteId;
    static Portal relayDsl;

    WebDriver browser;
    String testName;
    int shot;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(), "skipped: Debian's chromium and chromium-driver are"
                + " not installed (apt-get install chromium chromium-driver)");
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
                Set.of(GOOGLE, MICROSOFT)));
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        int port = LoopbackPort.free();
        base = "http://127.0.0.1:" + port;
        PortalConfig portal = new PortalConfig(Optional.of(base), List.of(
                new OidcProvider("google", OidcProvider.Kind.GOOGLE, issuer("google"), "relay-google", "g-secret"),
                new OidcProvider("microsoft", OidcProvider.Kind.MICROSOFT, issuer("microsoft"), "relay-ms", "m-secret")));
        vertx = Vertx.vertx();
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir).withPort(port), RunbookCatalog.builtIn(),
                java.time.Clock.systemUTC(), portal));
        admin = relay.admin();
        siteId = Await.result(admin.createSite("Harbor Clinic"));
        Await.result(admin.provisionAppliance(siteId));
        Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.ADMIN, issuer("google"), "g-admin", "ann@msp.test"));
        Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.OPERATOR, issuer("microsoft"), "oid-bo", "bo@msp.test"));
        Await.result(admin.addUser(null, null, issuer("google"), "g-staff", "staff@relay.test"));
        relayDsl = new Portal(admin, new Http(base));
        Files.createDirectories(SHOTS);
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
    }

    @BeforeEach
    void openBrowser(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        GOOGLE.reset();
        MICROSOFT.reset();
        if (browser != null) {
            browser.quit();
        }
    }

    static String issuer(String id) {
        String url = idp.issuerUrl(id).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // --- a small DSL -------------------------------------------------------------------------------------------

    void screenshot(String page) throws IOException {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(testName + "-" + (++shot) + "-" + page + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    void waitFor(By element) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    void signInWith(String provider) {
        browser.get(base + "/portal");
        waitFor(By.id("sign-in-" + provider));
        browser.findElement(By.id("sign-in-" + provider)).click();
    }

    String text(By element) {
        return browser.findElement(element).getText();
    }

    void signInAsAnn() {
        GOOGLE.next("g-admin", null, Map.of("email", "ann@msp.test", "email_verified", true, "hd", "msp.test"), 3600);
        signInWith("google");
        waitFor(By.id("sites"));
    }

    void openSite(String name) {
        browser.get(base + "/portal/sites");
        waitFor(By.linkText(name));
        browser.findElement(By.linkText(name)).click();
        waitFor(By.id("runbooks"));
    }

    /** Submits a form by its button and waits for the page it leads to (one that has {@code landmark}). */
    void submit(WebElement button, By landmark) {
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(button));
        waitFor(landmark);
    }

    /** This browser, holding only {@code session}'s cookie, asks for the dashboard: is it let in? */
    boolean letIn(Sessions.Started session) {
        browser.get(base + "/portal/static/portal.css"); // a cookie is set for the page's own origin
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie(SessionCookie.PLAIN_NAME, session.token(), "/"));
        browser.get(base + "/portal/sites");
        waitFor(By.tagName("h1"));
        return browser.getCurrentUrl().equals(base + "/portal/sites");
    }

    void signOut() throws IOException {
        browser.findElement(By.id("sign-out")).click();
        waitFor(By.id("sign-in-google"));
        screenshot("signed-out");
        browser.get(base + "/portal/sites");
        waitFor(By.id("sign-in-google"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/sign-in");
    }

    // --- tests -------------------------------------------------------------------------------------------------

    @Test
    void aGoogleAdminSignsInManagesASiteAndSignsOut() throws IOException {
        browser.get(base + "/portal");
        waitFor(By.id("sign-in-google"));
        screenshot("sign-in");
        GOOGLE.next("g-admin", null, Map.of("email", "ann@msp.test", "email_verified", true, "hd", "msp.test"), 3600);
        browser.findElement(By.id("sign-in-google")).click();
        waitFor(By.id("sites"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/sites");
        assertThat(text(By.id("sites"))).contains("Harbor Clinic");
        screenshot("dashboard");

        browser.findElement(By.linkText("Harbor Clinic")).click();
        waitFor(By.id("add-credential"));
        browser.findElement(By.id("credential-host")).sendKeys("dc01.harbor.local");
        browser.findElement(By.id("credential-account")).sendKeys("HARBOR\\svc-osiris");
        browser.findElement(By.id("credential-secret")).sendKeys("S3cret-in-the-browser");
        browser.findElement(By.id("credential-add")).click();
        waitFor(By.id("credentials"));
        assertThat(text(By.id("credentials"))).contains("dc01.harbor.local").contains("write-only")
                .doesNotContain("S3cret-in-the-browser");
        assertThat(browser.getPageSource()).doesNotContain("S3cret-in-the-browser");
        new Select(browser.findElement(By.id("healing-mode"))).selectByValue("full-coverage");
        browser.findElement(By.id("settings-save")).click();
        waitFor(By.id("score-chart"));
        assertThat(Await.result(admin.site(siteId)).healingMode().name()).isEqualTo("FULL_COVERAGE");
        screenshot("site");

        browser.findElement(By.id("nav-team")).click();
        waitFor(By.id("users"));
        assertThat(text(By.id("users"))).contains("ann@msp.test").contains("bo@msp.test");
        screenshot("team");

        signOut();
    }

    @Test
    void aMicrosoftOperatorSignsInSeesTheDashboardButNoTeamAndSignsOut() throws IOException {
        MICROSOFT.next("pairwise-bo", null, Map.of("tid", "tenant-1", "oid", "oid-bo"), 3600);
        signInWith("microsoft");
        waitFor(By.id("sites"));
        assertThat(text(By.id("sites"))).contains("Harbor Clinic");
        assertThat(browser.findElements(By.id("nav-team"))).isEmpty();
        screenshot("dashboard");
        browser.get(base + "/portal/team");
        waitFor(By.id("error"));
        assertThat(text(By.id("error"))).contains("your role may not do this");
        screenshot("team-refused");
        browser.get(base + "/portal/sites");
        waitFor(By.id("sites"));
        signOut();
    }

    @Test
    void aPlatformAdminApprovesOneSignupAndRejectsAnotherInTheBrowser() throws IOException {
        // two people nobody knows sign in: both wait
        GOOGLE.next("g-new", null, Map.of("email", "cy@newmsp.test", "email_verified", true, "hd", "newmsp.test"), 3600);
        signInWith("google");
        waitFor(By.id("error"));
        assertThat(text(By.id("error"))).contains("a platform admin has been told");
        screenshot("pending");
        GOOGLE.next("g-bad", null, Map.of("email", "eve@evil.test", "email_verified", true, "hd", "evil.test"), 3600);
        signInWith("google");
        waitFor(By.id("error"));

        GOOGLE.next("g-staff", null, Map.of("email", "staff@relay.test", "email_verified", true), 3600);
        signInWith("google");
        waitFor(By.id("signups"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/platform");
        assertThat(text(By.id("signup-g-new"))).contains("cy@newmsp.test").contains("google").contains("newmsp.test");
        screenshot("platform");
        new Select(browser.findElement(By.cssSelector("#signup-g-new .approve-role"))).selectByVisibleText("operator");
        browser.findElement(By.cssSelector("#signup-g-new .approve")).click();
        waitFor(By.id("signups"));
        browser.findElement(By.cssSelector("#signup-g-bad .reject")).click();
        waitFor(By.id("no-signups"));
        screenshot("platform-decided");
        signOut();

        GOOGLE.next("g-new", null, Map.of("email", "cy@newmsp.test", "email_verified", true, "hd", "newmsp.test"), 3600);
        signInWith("google");
        waitFor(By.id("sites"));
        assertThat(text(By.id("sites"))).contains("Harbor Clinic");
        screenshot("approved-dashboard");
        signOut();

        GOOGLE.next("g-bad", null, Map.of("email", "eve@evil.test", "email_verified", true, "hd", "evil.test"), 3600);
        signInWith("google");
        waitFor(By.id("error"));
        assertThat(text(By.id("error"))).contains("rejected");
        screenshot("rejected");
    }

    @Test
    void anAdminManagesRunbooksHealingAndIncidentsOfASiteInTheBrowser() throws IOException {
        String valley = Await.result(admin.createSite("Valley Clinic"));
        TestAppliance appliance = relayDsl.escalating(valley,
                Portal.incident("inc-fw-1", "dc01.valley.local", "RB-WIN-FIREWALL-001"));
        relayDsl.checkin(appliance, List.of(Portal.incident("inc-dns-1", "ws01.valley.local", "RB-WIN-DNS-001")),
                List.of());
        signInAsAnn();
        openSite("Valley Clinic");
        screenshot("site-before");

        // runbooks: one checkbox per runbook, saved together
        boolean wasOn = browser.findElement(By.id("runbook-RB-LNX-DNS-001")).isSelected();
        browser.findElement(By.id("runbook-RB-LNX-DNS-001")).click();
        submit(browser.findElement(By.id("runbooks-save")), By.id("runbooks"));
        assertThat(browser.findElement(By.id("runbook-RB-LNX-DNS-001")).isSelected()).isEqualTo(!wasOn);
        assertThat(Await.result(admin.site(valley)).enabledRunbooks().contains("RB-LNX-DNS-001")).isEqualTo(!wasOn);

        // healing: dry run, scan interval, baseline
        browser.findElement(By.id("dry-run")).click();
        browser.findElement(By.id("scan-interval")).clear();
        browser.findElement(By.id("scan-interval")).sendKeys("1800");
        browser.findElement(By.id("baseline")).clear();
        browser.findElement(By.id("baseline")).sendKeys("{\"dnsServers\": [\"10.0.0.10\", \"10.0.0.11\"]}");
        submit(browser.findElement(By.id("settings-save")), By.id("settings"));
        var saved = Await.result(admin.site(valley));
        assertThat(saved.dryRun()).isTrue();
        assertThat(saved.scanIntervalSeconds()).isEqualTo(1800);
        assertThat(saved.baseline().toString()).isEqualTo("{\"dnsServers\":[\"10.0.0.10\",\"10.0.0.11\"]}");
        assertThat(browser.findElement(By.id("scan-interval")).getDomProperty("value")).isEqualTo("1800");
        assertThat(browser.findElement(By.id("baseline")).getDomProperty("value")).contains("10.0.0.11");

        // a baseline that is not JSON is refused with the reason, and nothing changes
        browser.findElement(By.id("baseline")).clear();
        browser.findElement(By.id("baseline")).sendKeys("{\"dnsServers\": [");
        browser.findElement(By.id("scan-interval")).clear();
        browser.findElement(By.id("scan-interval")).sendKeys("600");
        submit(browser.findElement(By.id("settings-save")), By.id("error"));
        assertThat(text(By.id("error"))).startsWith("baseline must be a JSON object");
        screenshot("settings-refused");
        assertThat(Await.result(admin.site(valley))).isEqualTo(saved);
        browser.findElement(By.id("back")).click();
        waitFor(By.id("settings"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/sites/" + valley);

        // incidents: one resolved with the runbook the appliance will run on the host, one by hand
        WebElement firewall = browser.findElement(By.id("incident-inc-fw-1"));
        assertThat(new Select(firewall.findElement(By.className("remedy"))).getFirstSelectedOption().getText())
                .isEqualTo("RB-WIN-FIREWALL-001");
        firewall.findElement(By.className("remedy-note")).sendKeys("re-applied the policy");
        submit(firewall.findElement(By.className("run-runbook")), By.id("resolved"));
        WebElement dns = browser.findElement(By.id("incident-inc-dns-1"));
        dns.findElement(By.className("manual-note")).sendKeys("fixed at the console");
        submit(dns.findElement(By.className("resolved-by-hand")), By.id("resolved"));
        assertThat(browser.findElement(By.id("no-incidents")).isDisplayed()).isTrue();
        assertThat(text(By.id("resolved-inc-fw-1"))).contains("with runbook RB-WIN-FIREWALL-001")
                .contains("re-applied the policy").contains("runs after the next check-in");
        assertThat(text(By.id("resolved-inc-dns-1"))).contains("by hand").contains("fixed at the console");
        screenshot("incidents-resolved");

        var response = relayDsl.checkin(appliance, List.of(), List.of());
        assertThat(response.resolutions()).extracting(r -> r.incidentId() + " " + r.runbookId())
                .containsExactlyInAnyOrder("inc-fw-1 RB-WIN-FIREWALL-001", "inc-dns-1 null");
        relayDsl.checkin(appliance, List.of(), List.of("inc-fw-1", "inc-dns-1"));
        browser.navigate().refresh();
        waitFor(By.id("resolved"));
        assertThat(text(By.id("resolved-inc-fw-1"))).contains("taken at");
        screenshot("incidents-taken");
        signOut();
    }

    @Test
    void anAdminChangesARoleRemovesSomeoneAndCreatesRenamesAndRevokesAKeyInTheBrowser() throws IOException {
        User cy = Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.OPERATOR, issuer("google"), "g-cy",
                "cy@msp.test"));
        User dee = Await.result(admin.addUser(Tenant.DEFAULT_PARTNER, Role.OPERATOR, issuer("google"), "g-dee",
                "dee@msp.test"));
        Sessions.Started cySession = Await.result(admin.startSession(cy.id()));
        Sessions.Started deeSession = Await.result(admin.startSession(dee.id()));
        assertThat(letIn(cySession)).as("cy's session before the change").isTrue();
        assertThat(letIn(deeSession)).as("dee's session before the removal").isTrue();
        browser.manage().deleteAllCookies();

        signInAsAnn();
        browser.findElement(By.id("nav-team")).click();
        waitFor(By.id("users"));
        assertThat(browser.findElement(By.id("user-ann@msp.test")).getText()).contains("you");
        assertThat(browser.findElement(By.id("user-ann@msp.test")).findElements(By.className("remove-user")))
                .isEmpty();
        WebElement cyRow = browser.findElement(By.id("user-cy@msp.test"));
        new Select(cyRow.findElement(By.className("new-role"))).selectByVisibleText("readonly");
        submit(cyRow.findElement(By.className("change-role")), By.id("users"));
        assertThat(browser.findElement(By.id("user-cy@msp.test")).findElement(By.className("role")).getText())
                .isEqualTo("readonly");
        submit(browser.findElement(By.id("user-dee@msp.test")).findElement(By.className("remove-user")),
                By.id("users"));
        assertThat(text(By.id("user-dee@msp.test"))).contains("removed");
        screenshot("team-changed");

        browser.findElement(By.id("key-name")).sendKeys("ci pipeline");
        new Select(browser.findElement(By.id("key-role"))).selectByVisibleText("operator");
        submit(browser.findElement(By.id("key-create")), By.id("new-key"));
        String key = text(By.id("new-key-value"));
        assertThat(key).startsWith("opk_");
        assertThat(text(By.id("new-key"))).contains("ci pipeline").contains("operator").contains("only this once");
        screenshot("key-shown-once");
        Portal.Caller byKey = Portal.Caller.key("new key", key);
        assertThat(relayDsl.send(byKey, "GET", "/api/sites", null).status()).isEqualTo(200);
        String keyId = dev.osiris.relay.auth.ApiKeys.operatorKeyId(key);

        browser.get(base + "/portal/team");
        waitFor(By.id("keys"));
        assertThat(browser.getPageSource()).doesNotContain(key);
        WebElement row = browser.findElement(By.id("key-" + keyId));
        row.findElement(By.className("key-name")).clear();
        row.findElement(By.className("key-name")).sendKeys("ci pipeline (main)");
        submit(row.findElement(By.className("rename-key")), By.id("keys"));
        assertThat(browser.findElement(By.id("key-" + keyId)).findElement(By.className("name")).getText())
                .isEqualTo("ci pipeline (main)");
        submit(browser.findElement(By.id("key-" + keyId)).findElement(By.className("revoke-key")), By.id("keys"));
        assertThat(browser.findElement(By.id("key-" + keyId)).findElement(By.className("status")).getText())
                .isEqualTo("revoked");
        assertThat(relayDsl.send(byKey, "GET", "/api/sites", null).status()).isEqualTo(401);
        screenshot("key-revoked");
        signOut();

        // the changed person's and the removed person's sessions ended with the change
        assertThat(letIn(cySession)).as("cy's session after the role change").isFalse();
        assertThat(letIn(deeSession)).as("dee's session after the removal").isFalse();
        screenshot("ended-session");
    }
}

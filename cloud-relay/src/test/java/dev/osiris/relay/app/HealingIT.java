package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.ControlStatus;
import dev.osiris.protocol.checkin.FrameworkScore;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.alerts.SmtpConfig;
import dev.osiris.relay.store.SitePatch;
import dev.osiris.testing.Await;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.osiris.relay.app.TestCatalog.DEFENDER;
import static dev.osiris.relay.app.TestCatalog.FIREWALL;
import static dev.osiris.relay.app.TestCatalog.SSH_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift and healing at the relay against a real embedded PostgreSQL and a real SMTP server (GreenMail) on loopback:
 * site runbooks, incidents from check-ins, alert mail through the outbox, resolutions back to the appliance, and
 * compliance.
 */
class HealingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    static TestRelay site;
    static Relay relay;
    static RelayAdmin admin;
    static Http http;
    static String operatorKey;
    static String otherKey;
    static Mailbox mail;

    @BeforeAll
    static void start() throws IOException {
        mail = new Mailbox();
        SmtpConfig smtp = SmtpConfig.of("127.0.0.1", mail.port, "relay@osiris.test").withStarttls(false)
                .withDefaultRecipient("noc@msp.test")
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(200));
        site = TestRelay.start(RelayConfig.defaults(dataDir).withSmtp(smtp), TestCatalog.catalog(), "alice");
        relay = site.relay;
        admin = site.admin;
        http = site.http;
        operatorKey = site.operatorKey;
        otherKey = Await.result(admin.createOperatorKey("mallory", Await.result(admin.createPartner("Other MSP"))));
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
        mail.close();
    }

    // --- a small DSL -------------------------------------------------------------------------------------------

    private static String site(String name, String alertEmail) {
        String id = Await.result(admin.createSite(name));
        if (alertEmail != null) {
            Await.result(admin.updateSite(id, SitePatch.none().withAlerts(alertEmail, null)));
        }
        return id;
    }

    private static TestAppliance appliance(String siteId) {
        return new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
    }

    private static Incident incident(String id, String host, String runbookId, String severity) {
        return new Incident(id, host, runbookId, 2, severity, "heal-failed", "remediation did not verify on " + host,
                Json.object().put("enabled", false), Instant.now().truncatedTo(ChronoUnit.MILLIS), 17);
    }

    private static Http.Reply checkin(TestAppliance appliance, CheckinRequest request) {
        byte[] body = TestAppliance.body(request);
        return http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));
    }

    private static CheckinResponse checkinOk(TestAppliance appliance, CheckinRequest request) {
        Http.Reply reply = checkin(appliance, request);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return CheckinResponse.fromJson(reply.json());
    }

    private static CheckinRequest reporting(TestAppliance appliance, List<Incident> incidents, List<String> acks) {
        return appliance.nextCheckin(List.of(), incidents, ComplianceReport.EMPTY, acks);
    }

    private static Http.Reply api(String method, String path, String key, String body) {
        return http.operator(method, Api.SITES + "/" + path, key, body);
    }

    private static long count(String sql) {
        return Await.result(admin.sql(sql)).iterator().next().getLong(0);
    }

    // --- runbooks ----------------------------------------------------------------------------------------------

    @Test
    void runbooksListTheWholeCatalogAndAPutReachesTheNextCheckin() {
        String siteId = site("Runbook Dental", null);
        TestAppliance appliance = appliance(siteId);

        Http.Reply listed = api("GET", siteId + "/runbooks", operatorKey, null);
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        assertThat(listed.json().get("siteId").asText()).isEqualTo(siteId);
        assertThat(listed.json().get("healingMode").asText()).isEqualTo("standard");
        assertThat(listed.json().get("scanIntervalSeconds").asInt()).isEqualTo(900);
        assertThat(listed.json().get("runbooks")).extracting(r -> r.get("id").asText())
                .containsExactly(FIREWALL, DEFENDER, SSH_ROOT);
        JsonNode first = listed.json().get("runbooks").get(0);
        assertThat(first.get("version").asInt()).isEqualTo(2);
        assertThat(first.get("platform").asText()).isEqualTo("windows");
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("heal").asText()).isEqualTo("auto");
        assertThat(first.get("standard").asBoolean()).isTrue();
        assertThat(first.get("enabled").asBoolean()).isFalse();

        Http.Reply put = api("PUT", siteId + "/runbooks", operatorKey, """
                {"enabled":["%s","%s"],"healingMode":"full-coverage","dryRun":true,"scanIntervalSeconds":600,
                 "baseline":{"dnsServers":["198.18.0.10"],"allowedAdmins":["NVD\\\\itadmin"]}}""".formatted(FIREWALL, SSH_ROOT));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().get("runbooks")).extracting(r -> r.get("enabled").asBoolean())
                .containsExactly(true, false, true);
        assertThat(put.json().get("dryRun").asBoolean()).isTrue();

        CheckinResponse config = checkinOk(appliance, appliance.nextCheckin(List.of()));
        assertThat(config.enabledRunbooks()).containsExactly(FIREWALL, SSH_ROOT);
        assertThat(config.healingMode()).isEqualTo(HealingMode.FULL_COVERAGE);
        assertThat(config.dryRun()).isTrue();
        assertThat(config.scanIntervalSeconds()).isEqualTo(600);
        assertThat(config.baseline().get("dnsServers").get(0).asText()).isEqualTo("198.18.0.10");

        Http.Reply all = api("PUT", siteId + "/runbooks", operatorKey, "{\"enabled\":\"all\"}");
        assertThat(all.json().get("runbooks")).extracting(r -> r.get("enabled").asBoolean())
                .containsOnly(true);
        assertThat(all.json().get("baseline").get("dnsServers")).hasSize(1);
    }

    @Test
    void aRefusedRunbookChangeIs400NamingTheProblemAndLeavesTheSiteAsItWas() {
        String siteId = site("Refusals", null);
        api("PUT", siteId + "/runbooks", operatorKey, "{\"enabled\":[\"" + DEFENDER + "\"]}");
        String before = api("GET", siteId + "/runbooks", operatorKey, null).text();

        Http.Reply unknown = api("PUT", siteId + "/runbooks", operatorKey,
                "{\"enabled\":[\"" + FIREWALL + "\",\"RB-WIN-NOPE-001\"],\"dryRun\":true}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).isEqualTo("runbooks.enabled[1]: unknown runbook RB-WIN-NOPE-001");
        Http.Reply mode = api("PUT", siteId + "/runbooks", operatorKey,
                "{\"enabled\":[\"" + FIREWALL + "\"],\"healingMode\":\"yolo\"}");
        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.json().get("error").asText()).startsWith("runbooks.healingMode must be standard or full-coverage");
        assertThat(api("PUT", siteId + "/runbooks", operatorKey, "{\"scanIntervalSeconds\":30}").json()
                .get("error").asText()).isEqualTo("runbooks.scanIntervalSeconds must be between 60 and 86400");
        assertThat(api("PUT", siteId + "/runbooks", operatorKey, "{\"baseline\":[1]}").status()).isEqualTo(400);
        assertThat(api("PUT", siteId + "/runbooks", operatorKey, "{\"enabled\":\"some\"}").status()).isEqualTo(400);
        assertThat(api("PUT", siteId + "/runbooks", operatorKey, "{\"colour\":\"red\"}").status()).isEqualTo(400);

        assertThat(api("GET", siteId + "/runbooks", otherKey, null).status()).isEqualTo(404);
        assertThat(api("PUT", siteId + "/runbooks", otherKey, "{\"enabled\":\"all\"}").status()).isEqualTo(404);

        assertThat(api("GET", siteId + "/runbooks", operatorKey, null).text()).isEqualTo(before);
    }

    // --- incidents and alerts ----------------------------------------------------------------------------------

    @Test
    void anIncidentIsStoredOnceHoweverOftenItIsReportedAndACriticalOneIsMailedOnce() throws Exception {
        String recipient = "frontdesk@valley.test";
        String siteId = site("Valley Pediatrics", recipient);
        TestAppliance appliance = appliance(siteId);
        Incident critical = incident("inc-fw-1", "ws01.valley.local", FIREWALL, "critical");
        Incident minor = incident("inc-def-1", "ws02.valley.local", DEFENDER, "low");

        CheckinRequest report = reporting(appliance, List.of(critical, minor), List.of());
        checkinOk(appliance, report);
        checkinOk(appliance, report); // the outbox re-sends the same report
        checkinOk(appliance, reporting(appliance, List.of(critical), List.of())); // and the next one repeats it

        String where = " WHERE appliance_id = '" + appliance.id + "'";
        assertThat(count("SELECT count(*) FROM incidents" + where)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM alerts" + where)).isEqualTo(1);
        Await.until("the alert to be sent", WAIT,
                () -> count("SELECT count(*) FROM alerts" + where + " AND sent_at IS NOT NULL") == 1);
        List<MimeMessage> mails = mail.to(recipient);
        assertThat(mails).hasSize(1);
        Mailbox.assertAlert(mails.getFirst(), recipient, "Valley Pediatrics", critical);

        Http.Reply listed = api("GET", siteId + "/incidents", operatorKey, null);
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        assertThat(listed.json().get("incidents")).extracting(i -> i.get("id").asText())
                .containsExactlyInAnyOrder("inc-fw-1", "inc-def-1");
        Http.Reply one = api("GET", siteId + "/incidents/inc-fw-1", operatorKey, null);
        assertThat(Incident.read(dev.osiris.protocol.json.Fields.lenient(one.json(), "incident"))).isEqualTo(critical);
        assertThat(one.json().get("status").asText()).isEqualTo("open");
        assertThat(one.json().get("applianceId").asText()).isEqualTo(appliance.id);
        assertThat(api("GET", siteId + "/incidents?status=resolved", operatorKey, null).json().get("incidents"))
                .isEmpty();
        assertThat(api("GET", siteId + "/incidents?status=later", operatorKey, null).status()).isEqualTo(400);
        assertThat(api("GET", siteId + "/incidents/inc-nope", operatorKey, null).status()).isEqualTo(404);
        assertThat(api("GET", siteId + "/incidents", otherKey, null).status()).isEqualTo(404);
        assertThat(api("GET", siteId + "/incidents/inc-fw-1", otherKey, null).status()).isEqualTo(404);
        assertThat(mail.to(recipient)).hasSize(1);
    }

    @Test
    void anAlertRaisedWhileTheMailServerIsDownIsDeliveredOnceItIsBack() throws Exception {
        String siteId = site("Outage Orthodontics", null); // no own address: the relay's default recipient
        TestAppliance appliance = appliance(siteId);
        Incident critical = incident("inc-ssh-1", "srv01.outage.local", SSH_ROOT, "critical");
        String where = " WHERE appliance_id = '" + appliance.id + "'";
        int before = mail.to("noc@msp.test").size();

        mail.stop();
        try {
            checkinOk(appliance, reporting(appliance, List.of(critical), List.of()));
            Await.until("a failed attempt to be recorded", WAIT,
                    () -> count("SELECT count(*) FROM alerts" + where + " AND attempts >= 1 AND last_error IS NOT NULL"
                            + " AND sent_at IS NULL") == 1);
        } finally {
            mail.start();
        }

        Await.until("the alert to be sent after the outage", WAIT,
                () -> count("SELECT count(*) FROM alerts" + where + " AND sent_at IS NOT NULL") == 1);
        List<MimeMessage> mails = mail.to("noc@msp.test");
        assertThat(mails).hasSize(before + 1);
        Mailbox.assertAlert(mails.getLast(), "noc@msp.test", "Outage Orthodontics", critical);
    }

    @Test
    void aSiteWhosePolicyIsAllIsMailedAboutEveryIncidentAndOthersOnlyAboutCriticalOnes() throws Exception {
        String recipient = "owner@careful.test";
        String siteId = site("Careful Cardiology", null);
        Http.Reply patched = api("PATCH", siteId, operatorKey,
                "{\"alertEmail\":\"" + recipient + "\",\"alertPolicy\":\"all\"}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().get("alertPolicy").asText()).isEqualTo("all");
        assertThat(api("PATCH", siteId, operatorKey, "{\"alertPolicy\":\"some\"}").json().get("error").asText())
                .isEqualTo("site.alertPolicy must be critical or all, got \"some\"");
        assertThat(api("PATCH", siteId, operatorKey, "{\"alertEmail\":\"not an address\"}").status()).isEqualTo(400);
        TestAppliance appliance = appliance(siteId);
        String quietSite = site("Quiet Clinic", "quiet@clinic.test");
        TestAppliance quiet = appliance(quietSite);

        checkinOk(appliance, reporting(appliance, List.of(incident("inc-low-1", "ws03", DEFENDER, "low")), List.of()));
        checkinOk(quiet, reporting(quiet, List.of(incident("inc-low-2", "ws04", DEFENDER, "low")), List.of()));

        Await.until("the low incident's alert to be sent", WAIT, () -> count("SELECT count(*) FROM alerts"
                + " WHERE appliance_id = '" + appliance.id + "' AND sent_at IS NOT NULL") == 1);
        assertThat(mail.to(recipient)).hasSize(1);
        assertThat(mail.to(recipient).getFirst().getSubject()).startsWith("[Osiris] LOW incident at Careful Cardiology");
        assertThat(count("SELECT count(*) FROM alerts WHERE appliance_id = '" + quiet.id + "'")).isZero();
    }

    // --- resolutions -------------------------------------------------------------------------------------------

    @Test
    void aResolutionRidesEveryCheckinUntilTheApplianceAcknowledgesIt() {
        String siteId = site("Resolve Radiology", null);
        TestAppliance appliance = appliance(siteId);
        checkinOk(appliance, reporting(appliance, List.of(incident("inc-fw-9", "ws09", FIREWALL, "high"),
                incident("inc-ssh-9", "srv09", SSH_ROOT, "medium")), List.of()));
        String path = siteId + "/incidents/inc-fw-9/resolve";

        Http.Reply resolved = api("POST", path, operatorKey,
                "{\"action\":\"runbook\",\"runbookId\":\"" + DEFENDER + "\",\"note\":\"Defender policy re-applied\"}");
        assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
        assertThat(resolved.json().get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.json().get("resolution").get("resolvedBy").asText()).isEqualTo("alice");
        assertThat(api("POST", path, operatorKey, "{\"action\":\"manual\"}").status()).isEqualTo(409);

        CheckinResponse next = checkinOk(appliance, reporting(appliance, List.of(), List.of()));
        assertThat(next.resolutions()).hasSize(1);
        assertThat(next.resolutions().getFirst().incidentId()).isEqualTo("inc-fw-9");
        assertThat(next.resolutions().getFirst().runbookId()).isEqualTo(DEFENDER);
        assertThat(next.resolutions().getFirst().note()).isEqualTo("Defender policy re-applied");
        assertThat(checkinOk(appliance, reporting(appliance, List.of(), List.of())).resolutions()).hasSize(1);

        assertThat(checkinOk(appliance, reporting(appliance, List.of(), List.of("inc-fw-9"))).resolutions()).isEmpty();
        assertThat(checkinOk(appliance, reporting(appliance, List.of(), List.of())).resolutions()).isEmpty();
        assertThat(api("GET", siteId + "/incidents?status=open", operatorKey, null).json().get("incidents"))
                .extracting(i -> i.get("id").asText()).containsExactly("inc-ssh-9");
    }

    @Test
    void anInvalidResolutionIs400AndAnotherTenantsIncidentIs404() {
        String siteId = site("Invalid Implants", null);
        TestAppliance appliance = appliance(siteId);
        checkinOk(appliance, reporting(appliance, List.of(incident("inc-ssh-5", "srv05", SSH_ROOT, "high")), List.of()));
        String path = siteId + "/incidents/inc-ssh-5/resolve";

        Http.Reply otherPlatform = api("POST", path, operatorKey,
                "{\"action\":\"runbook\",\"runbookId\":\"" + FIREWALL + "\"}");
        assertThat(otherPlatform.status()).isEqualTo(400);
        assertThat(otherPlatform.json().get("error").asText()).contains("is a windows runbook");
        assertThat(api("POST", path, operatorKey, "{\"action\":\"runbook\",\"runbookId\":\"RB-LNX-NOPE-001\"}")
                .json().get("error").asText()).isEqualTo("resolution.runbookId: unknown runbook RB-LNX-NOPE-001");
        assertThat(api("POST", path, operatorKey, "{\"action\":\"runbook\"}").status()).isEqualTo(400);
        assertThat(api("POST", path, operatorKey, "{\"action\":\"manual\",\"runbookId\":\"" + SSH_ROOT + "\"}")
                .status()).isEqualTo(400);
        assertThat(api("POST", path, operatorKey, "{\"note\":\"done\"}").json().get("error").asText())
                .isEqualTo("resolution.action is required");
        assertThat(api("POST", path, otherKey, "{\"action\":\"manual\"}").status()).isEqualTo(404);
        assertThat(api("POST", siteId + "/incidents/inc-nope/resolve", operatorKey, "{\"action\":\"manual\"}")
                .status()).isEqualTo(404);
        assertThat(api("GET", siteId + "/incidents/inc-ssh-5", operatorKey, null).json().get("status").asText())
                .isEqualTo("open");

        Http.Reply manual = api("POST", path, operatorKey, "{\"action\":\"manual\",\"note\":\"sshd_config restored\"}");
        assertThat(manual.status()).as(manual.text()).isEqualTo(200);
        assertThat(manual.json().get("resolution").has("runbookId")).isFalse();
    }

    // --- compliance --------------------------------------------------------------------------------------------

    @Test
    void complianceIsTheLatestReportOfTheSiteOrAnEmptyOne() {
        String siteId = site("Score Surgery", null);
        TestAppliance appliance = appliance(siteId);
        Http.Reply empty = api("GET", siteId + "/compliance", operatorKey, null);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.text()).isEqualTo("{\"computedAt\":null,\"frameworks\":[]}");

        ComplianceReport report = new ComplianceReport(Instant.parse("2026-11-23T10:00:00Z"), List.of(
                new FrameworkScore("hipaa", 1, 0, 1, List.of(
                        new ControlStatus("164.312(a)(1)", "passing", List.of(FIREWALL)),
                        new ControlStatus("164.312(b)", "unknown", List.of())))));
        checkinOk(appliance, appliance.nextCheckin(List.of(), List.of(), report, List.of()));
        checkinOk(appliance, appliance.nextCheckin(List.of())); // no score in this one: the last one stands

        Http.Reply latest = api("GET", siteId + "/compliance", operatorKey, null);
        assertThat(ComplianceReport.fromJson(latest.json(), "compliance")).isEqualTo(report);
        assertThat(api("GET", siteId + "/compliance", otherKey, null).status()).isEqualTo(404);
    }

    @Test
    void theAdminSeesTheSameRunbooksAndIncidents() {
        String siteId = site("Admin Audiology", null);
        ObjectNode view = Await.result(admin.putRunbooks(siteId, Json.parseObject("{\"enabled\":[\"" + FIREWALL + "\"]}")));
        assertThat(view.get("runbooks").get(0).get("enabled").asBoolean()).isTrue();
        assertThat(Await.result(admin.incidents(siteId, null))).isEmpty();
    }
}

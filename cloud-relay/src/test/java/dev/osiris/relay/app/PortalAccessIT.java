package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.Api;
import dev.osiris.relay.api.ApiRouter;
import dev.osiris.relay.api.HttpEdgeConfig;
import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.auth.Authorization;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static dev.osiris.protocol.checkin.Transport.WINRM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorization at the relay, against a real embedded PostgreSQL: every route of the router against every kind of
 * caller (the matrix), another partner's things answering 404, and the audit log of changes.
 */
class PortalAccessIT {

    @TempDir
    static Path dataDir;

    static TestRelay site;
    static RelayAdmin admin;
    static Portal portal;
    static String otherPartner;

    @BeforeAll
    static void start() {
        site = TestRelay.start(RelayConfig.defaults(dataDir), "alice");
        admin = site.admin;
        portal = new Portal(admin, site.http);
        otherPartner = Await.result(admin.createPartner("Other MSP"));
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    /** A caller of the matrix, with the principal the decision table judges (null: none, or an appliance). */
    private record Subject(Portal.Caller caller, Principal model, boolean appliance) {
    }

    private static List<Subject> subjects() {
        List<Subject> out = new ArrayList<>();
        out.add(new Subject(Portal.Caller.NOBODY, null, false));
        for (Role role : Role.values()) {
            out.add(new Subject(portal.keyOf(Tenant.DEFAULT_PARTNER, role),
                    Principal.key("opk-x", "k", Tenant.DEFAULT_PARTNER, role), false));
            out.add(new Subject(portal.signedIn(Tenant.DEFAULT_PARTNER, role), new Principal(
                    Principal.Kind.PARTNER_USER, "usr-x", "u", Tenant.partner(Tenant.DEFAULT_PARTNER), role, "c"),
                    false));
        }
        out.add(new Subject(portal.signedIn(null, null),
                new Principal(Principal.Kind.PLATFORM_ADMIN, "usr-y", "p", null, null, "c"), false));
        String siteId = Await.result(admin.createSite("Matrix appliance site"));
        out.add(new Subject(Portal.Caller.key("appliance key", Await.result(admin.provisionAppliance(siteId)).apiKey()),
                null, true));
        return out;
    }

    private static List<SecuredRoutes.Declared> routes() {
        var vertx = io.vertx.core.Vertx.vertx();
        try {
            ApiRouter.Services none = new ApiRouter.Services(null, null, null, null, null, null, null, null, null,
                    1024, 1024, null, null, null, Optional.empty(), Duration.ofMinutes(5), HttpEdgeConfig.defaults(),
                    Clock.systemUTC(), null, null, null, null, null, null, null, null,
                    dev.osiris.relay.rollout.FleetUpdates.unwired());
            List<SecuredRoutes.Declared> all = new ArrayList<>(SecuredRoutes.declared(new ApiRouter(none).build(vertx)));
            // signing out ends the caller's session: those routes go last
            all.sort(Comparator.comparing(r -> r.path().endsWith("/sign-out")));
            return all;
        } finally {
            Await.result(vertx.close());
        }
    }

    /** Path parameters name nothing that exists: an allowed change answers 400 or 404 and changes nothing. */
    private static String concrete(String path) {
        return path.replaceAll(":[A-Za-z]+", "nothing-here") + (path.endsWith("/evidence") ? "?appliance=nothing" : "");
    }

    @Test
    void everyRouteAnswersEveryKindOfCallerAsTheDecisionTableSays() {
        List<SecuredRoutes.Declared> routes = routes();
        assertThat(routes).hasSizeGreaterThan(25);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Subject s : subjects()) {
            for (SecuredRoutes.Declared r : routes) {
                String body = r.method() == HttpMethod.GET || r.method() == HttpMethod.DELETE ? null : "{}";
                Http.Reply reply = portal.send(s.caller(), r.method().name(), concrete(r.path()), body);
                String verdict = verdict(s, r.permission(), r.path(), reply);
                if (verdict != null) {
                    wrong.add(s.caller().label() + " " + r.method() + " " + r.path() + ": " + verdict
                            + " (got " + reply.status() + " " + reply.text() + ")");
                }
                checked++;
            }
        }
        assertThat(wrong).as("calls answered against the decision table").isEmpty();
        assertThat(checked).isGreaterThan(250);
    }

    private static String verdict(Subject s, Permission permission, String path, Http.Reply reply) {
        int status = reply.status();
        if (s.appliance() && permission == Permission.APPLIANCE) {
            // an appliance's key gets past authorization; the unsigned body is then refused on its own terms
            return status == 403 ? "an appliance was forbidden its own route" : null;
        }
        return switch (Authorization.decide(s.model(), permission)) {
            case ALLOW -> status == 401 || status == 403 || status >= 500 ? "expected to be allowed" : null;
            // a page sends a browser without a session to the sign-in page instead
            case UNAUTHENTICATED -> status == 401 || path.startsWith("/portal") && status == 302 ? null
                    : "expected 401";
            case FORBIDDEN -> status == 403 ? null : "expected 403";
        };
    }

    @Test
    void anotherPartnersThingsAreNotFoundNeverForbidden() {
        String theirSite = Await.result(admin.createSite(otherPartner, "Their clinic"));
        String theirAppliance = Await.result(admin.provisionAppliance(theirSite)).applianceId();
        String theirCredential = Await.result(admin.addCredential(theirSite,
                CredentialSpec.of("dc01.their.local", WINRM, ".\\admin", new dev.osiris.protocol.checkin.Secret("Pa55w0rd!x"))));
        User theirUser = portal.user(otherPartner, Role.OPERATOR);
        portal.keyOf(otherPartner, Role.ADMIN);
        String theirKeyId = Await.result(admin.keys()).stream()
                .filter(k -> otherPartner.equals(k.partnerId()) && "operator".equals(k.kind())).findFirst()
                .orElseThrow().id();
        String s = Api.SITES + "/" + theirSite;
        for (Portal.Caller mine : List.of(portal.keyOf(Tenant.DEFAULT_PARTNER, Role.ADMIN),
                portal.signedIn(Tenant.DEFAULT_PARTNER, Role.ADMIN))) {
            assertThat(portal.send(mine, "GET", s, null).status()).as(mine.label() + " site").isEqualTo(404);
            assertThat(portal.send(mine, "PATCH", s, "{\"dryRun\":true}").status()).isEqualTo(404);
            assertThat(portal.send(mine, "GET", s + "/appliances", null).status()).isEqualTo(404);
            assertThat(portal.send(mine, "POST", s + "/appliances/" + theirAppliance + "/replace", null).status())
                    .as("appliance").isEqualTo(404);
            assertThat(portal.send(mine, "DELETE", s + "/credentials/" + theirCredential, null).status())
                    .as("credential").isEqualTo(404);
            assertThat(portal.send(mine, "GET", s + "/incidents", null).status()).as("incidents").isEqualTo(404);
            assertThat(portal.send(mine, "POST", s + "/incidents/inc-1/resolve", "{\"action\":\"manual\",\"note\":\"mine\"}").status())
                    .as("incident").isEqualTo(404);
            assertThat(portal.send(mine, "PATCH", "/api/users/" + theirUser.id(), "{\"role\":\"admin\"}").status())
                    .as("user").isEqualTo(404);
            assertThat(portal.send(mine, "DELETE", "/api/users/" + theirUser.id(), null).status()).isEqualTo(404);
            assertThat(portal.send(mine, "DELETE", Api.KEYS + "/" + theirKeyId, null).status()).as("key")
                    .isEqualTo(404);
            assertThat(portal.send(mine, "PATCH", Api.KEYS + "/" + theirKeyId, "{\"name\":\"mine now\"}").status())
                    .as("key rename").isEqualTo(404);
            assertThat(portal.send(mine, "DELETE", Api.KEYS + "/" + theirAppliance, null).status())
                    .as("appliance key").isEqualTo(404);
            JsonNode users = portal.send(mine, "GET", "/api/users", null).json().get("users");
            assertThat(StreamSupport.stream(users.spliterator(), false).map(u -> u.get("id").asText()))
                    .doesNotContain(theirUser.id());
        }
        assertThat(Await.result(admin.listCredentials(theirSite))).hasSize(1);
        assertThat(Await.result(admin.users()).stream().filter(u -> u.id().equals(theirUser.id())).findFirst()
                .orElseThrow().role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    void everyChangeIsAuditedForItsOwnPartnerOnly() {
        Portal.Caller operator = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.OPERATOR);
        Http.Reply created = portal.send(operator, "POST", Api.SITES, "{\"name\":\"Audited clinic\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String siteId = created.json().get("id").asText();
        Portal.Caller admin = portal.keyOf(Tenant.DEFAULT_PARTNER, Role.ADMIN);
        Http.Reply key = portal.send(admin, "POST", Api.KEYS, "{\"name\":\"ci\",\"role\":\"readonly\"}");
        assertThat(key.status()).as(key.text()).isEqualTo(201);
        assertThat(key.json().get("apiKey").asText()).startsWith("opk_");

        Http.Reply log = portal.send(admin, "GET", "/api/audit?limit=50", null);
        assertThat(log.status()).isEqualTo(200);
        List<JsonNode> entries = StreamSupport.stream(log.json().get("entries").spliterator(), false).toList();
        JsonNode keyRow = entries.get(0);
        assertThat(keyRow.get("action").asText()).isEqualTo("POST /api/keys");
        assertThat(keyRow.get("actor").asText()).startsWith("operator key-admin (opk-");
        assertThat(keyRow.get("details").get("role").asText()).isEqualTo("readonly");
        assertThat(keyRow.toString()).doesNotContain(key.json().get("apiKey").asText());
        JsonNode siteRow = entries.stream().filter(e -> e.get("action").asText().equals("POST /api/sites"))
                .findFirst().orElseThrow();
        assertThat(siteRow.get("actor").asText()).startsWith("user operator").contains("(usr-");
        assertThat(siteRow.get("source").asText()).isEqualTo("127.0.0.1");
        assertThat(siteRow.get("details").get("status").asInt()).isEqualTo(201);
        assertThat(siteId).startsWith("site-");

        // a refused change leaves no row, and the other partner sees none of these
        Portal.Caller readonly = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.READONLY);
        assertThat(portal.send(readonly, "POST", Api.SITES, "{\"name\":\"Nope\"}").status()).isEqualTo(403);
        Http.Reply again = portal.send(admin, "GET", "/api/audit?limit=1", null);
        assertThat(again.json().get("entries").get(0).get("id").asLong()).isEqualTo(keyRow.get("id").asLong());
        Http.Reply theirs = portal.send(portal.keyOf(otherPartner, Role.ADMIN), "GET", "/api/audit", null);
        assertThat(theirs.json().get("entries").toString()).doesNotContain("Audited").doesNotContain("POST /api/sites");
    }

    @Test
    void theSitePagesFormsChangeRunbooksAndHealingRefuseBadValuesWithNothingChangedAndAreAudited() {
        String siteId = Await.result(admin.createSite("Form clinic"));
        String page = "/portal/sites/" + siteId;
        Portal.Caller operator = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.OPERATOR);

        Http.Reply chosen = portal.form(operator, page + "/runbooks",
                Portal.withCsrf(operator, "runbook.RB-WIN-FIREWALL-001=on&runbook.RB-LNX-DNS-001=on"));
        assertThat(chosen.status()).as(chosen.text()).isEqualTo(303);
        assertThat(Await.result(admin.site(siteId)).enabledRunbooks())
                .containsExactly("RB-WIN-FIREWALL-001", "RB-LNX-DNS-001");

        List<String[]> refused = List.of(
                new String[]{"/runbooks", "runbook.RB-WIN-FIREWALL-001=on&runbook.RB-NOPE-001=on",
                        "unknown runbook RB-NOPE-001"},
                new String[]{"/runbooks", "enabled=all", "form field enabled is not a runbook checkbox"},
                new String[]{"/settings", "healingMode=full-coverage&scanIntervalSeconds=30&baseline=",
                        "runbooks.scanIntervalSeconds must be between 60 and 86400"},
                new String[]{"/settings", "healingMode=full-coverage&scanIntervalSeconds=ten&baseline=",
                        "scan interval must be a whole number of seconds from 60 to 86400, got &quot;ten&quot;"},
                new String[]{"/settings", "healingMode=full-coverage&scanIntervalSeconds=600&baseline=%7B%22dns",
                        "baseline must be a JSON object"},
                new String[]{"/settings", "healingMode=sometimes&scanIntervalSeconds=600&baseline=",
                        "runbooks.healingMode"},
                new String[]{"/settings", "healingMode=standard&scanIntervalSeconds=600&baseline=&interval=5",
                        "form field interval is not part of this form"});
        for (String[] r : refused) {
            Http.Reply reply = portal.form(operator, page + r[0], Portal.withCsrf(operator, r[1]));
            assertThat(reply.status()).as(r[1]).isEqualTo(400);
            assertThat(reply.text()).as(r[1]).contains(r[2]).contains("href=\"" + page + "\"");
        }
        var unchanged = Await.result(admin.site(siteId));
        assertThat(unchanged.enabledRunbooks()).containsExactly("RB-WIN-FIREWALL-001", "RB-LNX-DNS-001");
        assertThat(unchanged.healingMode().name()).isEqualTo("STANDARD");
        assertThat(unchanged.scanIntervalSeconds()).isEqualTo(900);

        Http.Reply saved = portal.form(operator, page + "/settings", Portal.withCsrf(operator,
                "healingMode=full-coverage&dryRun=on&scanIntervalSeconds=1800"
                        + "&baseline=%7B%22dnsServers%22%3A%5B%2210.0.0.10%22%5D%7D"));
        assertThat(saved.status()).as(saved.text()).isEqualTo(303);
        var site = Await.result(admin.site(siteId));
        assertThat(site.healingMode().name()).isEqualTo("FULL_COVERAGE");
        assertThat(site.dryRun()).isTrue();
        assertThat(site.scanIntervalSeconds()).isEqualTo(1800);
        assertThat(site.baseline().toString()).isEqualTo("{\"dnsServers\":[\"10.0.0.10\"]}");
        assertThat(portal.form(operator, page + "/runbooks", Portal.withCsrf(operator, "runbook.RB-LNX-DNS-001=on"))
                .status()).isEqualTo(303);

        List<JsonNode> log = audit(2);
        assertThat(log.get(0).get("action").asText()).isEqualTo("POST /portal/sites/:siteId/runbooks");
        assertThat(log.get(0).get("subject").asText()).isEqualTo("siteId=" + siteId);
        assertThat(log.get(0).get("details").get("disabled").toString()).isEqualTo("[\"RB-WIN-FIREWALL-001\"]");
        assertThat(log.get(0).get("details").get("enabled").toString()).isEqualTo("[]");
        assertThat(log.get(1).get("action").asText()).isEqualTo("POST /portal/sites/:siteId/settings");
        assertThat(log.get(1).get("details").get("baselineParameters").toString()).isEqualTo("[\"dnsServers\"]");
        assertThat(log.get(1).get("details").get("scanIntervalSeconds").asInt()).isEqualTo(1800);
    }

    @Test
    void anIncidentIsResolvedWithARunbookTheApplianceIsThenToldToRunOrByHandBothAudited() {
        String siteId = Await.result(admin.createSite("Incident clinic"));
        String page = "/portal/sites/" + siteId;
        TestAppliance appliance = portal.escalating(siteId,
                Portal.incident("inc-fw-1", "dc01.clinic.local", "RB-WIN-FIREWALL-001"));
        portal.checkin(appliance, List.of(Portal.incident("inc-dns-1", "ws01.clinic.local", "RB-WIN-DNS-001"),
                Portal.incident("inc-ssh-1", "lnx01.clinic.local", "RB-LNX-SSHROOT-001")), List.of());
        Portal.Caller operator = portal.signedIn(Tenant.DEFAULT_PARTNER, Role.OPERATOR);

        Http.Reply shown = portal.send(operator, "GET", page, null);
        assertThat(shown.text()).contains("inc-fw-1").contains("Run on the host and resolve");

        // refused before anything is written: another platform's runbook, one that cannot heal unattended
        for (String[] bad : new String[][]{
                {"RB-LNX-SSHROOT-001", "is a linux runbook; incident runbook RB-WIN-FIREWALL-001 is not"},
                {"RB-WIN-BACKUP-001", "has no unattended remediation"}}) {
            Http.Reply reply = portal.form(operator, page + "/incidents/inc-fw-1/resolve",
                    Portal.withCsrf(operator, "action=runbook&runbookId=" + bad[0] + "&note="));
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.text()).contains(bad[1]);
        }
        Http.Reply byRunbook = portal.form(operator, page + "/incidents/inc-fw-1/resolve",
                Portal.withCsrf(operator, "action=runbook&runbookId=RB-WIN-FIREWALL-001&note=re-applied+the+policy"));
        assertThat(byRunbook.status()).as(byRunbook.text()).isEqualTo(303);
        Http.Reply byHand = portal.form(operator, page + "/incidents/inc-dns-1/resolve",
                Portal.withCsrf(operator, "action=manual&note=fixed+at+the+console"));
        assertThat(byHand.status()).as(byHand.text()).isEqualTo(303);
        assertThat(portal.form(operator, page + "/incidents/inc-dns-1/resolve",
                Portal.withCsrf(operator, "action=manual&note=again")).status()).isEqualTo(409);

        // the appliance hears of both with its next check-in: the runbook one is the order to run it on the host
        var response = portal.checkin(appliance, List.of(), List.of());
        assertThat(response.resolutions()).extracting(r -> r.incidentId() + " " + r.action() + " " + r.runbookId())
                .containsExactlyInAnyOrder("inc-fw-1 runbook RB-WIN-FIREWALL-001", "inc-dns-1 manual null");
        String before = portal.send(operator, "GET", page, null).text();
        assertThat(before).contains("with runbook RB-WIN-FIREWALL-001").contains("runs after the next check-in")
                .contains("by hand").contains("fixed at the console");
        portal.checkin(appliance, List.of(), List.of("inc-fw-1", "inc-dns-1"));
        String after = portal.send(operator, "GET", page, null).text();
        assertThat(after).contains("taken at").doesNotContain("runs after the next check-in")
                .contains("inc-ssh-1");

        List<JsonNode> log = audit(2);
        assertThat(log).extracting(e -> e.get("action").asText() + " " + e.get("subject").asText() + " "
                        + e.get("details").path("action").asText() + " " + e.get("details").path("runbookId").asText())
                .containsExactly(
                        "POST /portal/sites/:siteId/incidents/:incidentId/resolve incidentId=inc-dns-1 siteId=" + siteId
                                + " manual ",
                        "POST /portal/sites/:siteId/incidents/:incidentId/resolve incidentId=inc-fw-1 siteId=" + siteId
                                + " runbook RB-WIN-FIREWALL-001");
    }

    @Test
    void anOperatorKeyIsRenamedByTheApiButNotOnceRevokedNorAnAppliancesKey() {
        Portal.Caller keys = portal.keyOf(Tenant.DEFAULT_PARTNER, Role.ADMIN);
        Http.Reply created = portal.send(keys, "POST", Api.KEYS, "{\"name\":\"backup job\",\"role\":\"readonly\"}");
        String id = created.json().get("id").asText();
        Http.Reply renamed = portal.send(keys, "PATCH", Api.KEYS + "/" + id, "{\"name\":\"backup job (nightly)\"}");
        assertThat(renamed.status()).as(renamed.text()).isEqualTo(204);
        assertThat(portal.send(keys, "GET", Api.KEYS, null).text()).contains("backup job (nightly)");
        assertThat(portal.send(keys, "PATCH", Api.KEYS + "/" + id, "{\"name\":\"a\\nb\"}").status()).isEqualTo(400);
        assertThat(portal.send(keys, "DELETE", Api.KEYS + "/" + id, null).status()).isEqualTo(204);
        Http.Reply revoked = portal.send(keys, "PATCH", Api.KEYS + "/" + id, "{\"name\":\"again\"}");
        assertThat(revoked.status()).isEqualTo(409);
        assertThat(revoked.json().get("error").asText()).isEqualTo("operator key " + id + " is revoked; it keeps its name");
        String siteId = Await.result(admin.createSite("Key clinic"));
        String appliance = Await.result(admin.provisionAppliance(siteId)).applianceId();
        Http.Reply applianceKey = portal.send(keys, "PATCH", Api.KEYS + "/" + appliance, "{\"name\":\"x\"}");
        assertThat(applianceKey.status()).isEqualTo(400);
        assertThat(applianceKey.json().get("error").asText()).contains("only an operator key (opk-...) can be renamed");
    }

    @Test
    void theDashboardPrintsEachFrameworksScoreAsTheSitePageComputesIt() {
        String partner = Await.result(admin.createPartner("Score MSP"));
        String siteId = Await.result(admin.createSite(partner, "Score clinic"));
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        // 40 of 43 judged pass: 93.02 %; 1 of 8: 12.5 %, half rounded up; none judged: 0
        var report = new dev.osiris.protocol.checkin.ComplianceReport(java.time.Instant.now(), List.of(
                new dev.osiris.protocol.checkin.FrameworkScore("hipaa", 40, 3, 2, List.of()),
                new dev.osiris.protocol.checkin.FrameworkScore("soc2", 1, 7, 0, List.of()),
                new dev.osiris.protocol.checkin.FrameworkScore("pci-dss-4", 0, 0, 7, List.of())));
        portal.checkin(appliance, List.of(), report, List.of());
        Http.Reply page = portal.send(portal.signedIn(partner, Role.READONLY), "GET", "/portal/sites", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("hipaa 93%  soc2 13%  pci-dss-4 0%").contains("1 / 1");
    }

    /** The partner's newest audit rows, newest first. */
    private static List<JsonNode> audit(int limit) {
        Http.Reply log = portal.send(portal.keyOf(Tenant.DEFAULT_PARTNER, Role.ADMIN), "GET", "/api/audit?limit=" + limit,
                null);
        assertThat(log.status()).isEqualTo(200);
        return StreamSupport.stream(log.json().get("entries").spliterator(), false).toList();
    }
}

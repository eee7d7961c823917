package dev.osiris.relay.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.incidents.ResolveRequest;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.Site;
import dev.osiris.relay.store.StoredIncident;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.osiris.relay.portal.PageAnswers.redirect;
import static dev.osiris.relay.portal.PageAnswers.tenant;

/**
 * A site's page and the forms it posts: credentials (secrets write-only), the runbooks it runs, its healing
 * settings, and its incidents, resolved by hand or with a runbook the appliance then runs on the incident's host.
 * Every form goes through the same services as the operator API, so it refuses what the API refuses, with the
 * same message, before anything is written; each change is audited by {@link SecuredRoutes}.
 */
final class SitePage {

    /** A catalog runbook and whether the site runs it. */
    record RunbookRow(Runbook runbook, boolean enabled) {
    }

    /** An open incident and the runbooks that may resolve it: auto-healing ones of its host's platform. */
    record OpenIncident(StoredIncident stored, List<Runbook> remedies) {
    }

    private final PortalPages.Services s;
    private final PageAnswers answers;

    SitePage(PortalPages.Services services, PageAnswers answers) {
        this.s = services;
        this.answers = answers;
    }

    void mount(SecuredRoutes routes, String site) {
        routes.get(site, Permission.SITE_READ).handler(this::page);
        routes.post(site + "/credentials", Permission.SITE_WRITE).handler(this::addCredential);
        routes.post(site + "/credentials/:credentialId/delete", Permission.SITE_WRITE).handler(this::deleteCredential);
        routes.post(site + "/incidents/:incidentId/resolve", Permission.SITE_WRITE).handler(this::resolve);
        routes.post(site + "/settings", Permission.SITE_WRITE).handler(this::settings);
        routes.post(site + "/runbooks", Permission.SITE_WRITE).handler(this::runbooks);
    }

    private void page(RoutingContext ctx) {
        Tenant t = tenant(ctx);
        String id = ctx.pathParam("siteId");
        s.fleet().site(t, id).compose(site -> Future.all(s.fleet().appliances(t, id), s.fleet().credentials(t, id),
                        s.incidents().list(t, id, "open"), s.checkins().compliance(t, id), s.queries().history(t, id),
                        s.queries().resolvedIncidents(t, id))
                .map(all -> {
                    Map<String, Object> v = new HashMap<>();
                    v.put("site", site);
                    v.put("appliances", all.resultAt(0));
                    v.put("credentials", all.resultAt(1));
                    v.put("incidents", open(all.resultAt(2)));
                    v.put("compliance", all.resultAt(3));
                    v.put("chart", ScoreChart.lines(all.resultAt(4)));
                    v.put("chartWidth", ScoreChart.WIDTH);
                    v.put("chartHeight", ScoreChart.HEIGHT);
                    v.put("resolved", all.resultAt(5));
                    v.put("runbooks", rows(site));
                    v.put("baseline", site.baseline().toPrettyString());
                    return v;
                }))
                .onSuccess(v -> answers.page(ctx, "site", v))
                .onFailure(ctx::fail);
    }

    private List<RunbookRow> rows(Site site) {
        Set<String> enabled = new HashSet<>(site.enabledRunbooks());
        return s.runbooks().catalog().all().stream().map(r -> new RunbookRow(r, enabled.contains(r.id()))).toList();
    }

    private List<OpenIncident> open(List<StoredIncident> incidents) {
        List<Runbook> healers = s.runbooks().catalog().all().stream().filter(Runbook::autoHealable).toList();
        return incidents.stream().map(i -> new OpenIncident(i, healers.stream()
                .filter(r -> i.incident().runbookId().startsWith(r.platform().idPrefix())).toList())).toList();
    }

    private void addCredential(RoutingContext ctx) {
        Map<String, String> form = SecuredRoutes.form(ctx);
        ObjectNode json = Json.object().put("host", form.getOrDefault("host", ""))
                .put("transport", form.getOrDefault("transport", ""))
                .put("account", form.getOrDefault("account", "")).put("secret", form.getOrDefault("secret", ""));
        CredentialSpec spec = CredentialSpec.fromJson(json);
        s.fleet().addCredential(tenant(ctx), siteId(ctx), spec, "operator:" + SecuredRoutes.principal(ctx).name())
                .onSuccess(id -> back(ctx))
                .onFailure(ctx::fail);
    }

    private void deleteCredential(RoutingContext ctx) {
        s.fleet().deleteCredential(tenant(ctx), siteId(ctx), ctx.pathParam("credentialId"))
                .onSuccess(v -> back(ctx))
                .onFailure(ctx::fail);
    }

    /**
     * {@code action=manual} with a note, or {@code action=runbook} with {@code runbookId}: the resolution goes to
     * the appliance with its next check-in, which runs that runbook's remediation on the incident's host and
     * verifies the drifted check (the existing L3 resolution path).
     */
    private void resolve(RoutingContext ctx) {
        ResolveRequest request = SiteForms.resolution(SecuredRoutes.form(ctx));
        SecuredRoutes.auditDetails(ctx, request.runbookId() == null ? Json.object().put("action", request.action())
                : Json.object().put("action", request.action()).put("runbookId", request.runbookId()));
        s.incidents().resolve(tenant(ctx), siteId(ctx), ctx.pathParam("incidentId"), request,
                        SecuredRoutes.principal(ctx).name())
                .onSuccess(i -> back(ctx))
                .onFailure(ctx::fail);
    }

    private void settings(RoutingContext ctx) {
        ObjectNode body = SiteForms.settings(SecuredRoutes.form(ctx));
        SecuredRoutes.auditDetails(ctx, SiteForms.withoutBaselineValues(body));
        s.runbooks().update(tenant(ctx), siteId(ctx), body)
                .onSuccess(v -> back(ctx))
                .onFailure(ctx::fail);
    }

    /** The runbooks checked in the form are the ones the site runs; the audit row names what changed. */
    private void runbooks(RoutingContext ctx) {
        List<String> chosen = SiteForms.enabledRunbooks(SecuredRoutes.form(ctx));
        Tenant t = tenant(ctx);
        s.fleet().site(t, siteId(ctx))
                .compose(before -> {
                    SecuredRoutes.auditDetails(ctx, SiteForms.changes(before.enabledRunbooks(), chosen));
                    ObjectNode body = Json.object();
                    chosen.forEach(body.putArray("enabled")::add);
                    return s.runbooks().update(t, before.id(), body);
                })
                .onSuccess(v -> back(ctx))
                .onFailure(ctx::fail);
    }

    private static String siteId(RoutingContext ctx) {
        return ctx.pathParam("siteId");
    }

    private static void back(RoutingContext ctx) {
        redirect(ctx, 303, PortalPages.PORTAL + "/sites/" + siteId(ctx));
    }
}

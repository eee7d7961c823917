package dev.osiris.lab.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A campaign's report: {@code report.json} for machines (what {@code chaos report --compare} reads),
 * {@code report.md} and {@code report.html} (with the plots) for people. Every attack not healed comes with the
 * reason the evidence gives.
 */
public final class CampaignReport {

    /** Runbooks the catalog heals by itself (in full-coverage mode): the benchmark's aim is all of them healed. */
    private static final java.util.Set<String> AUTO_HEALABLE = dev.osiris.protocol.runbook.RunbookCatalog.builtIn().all()
            .stream().filter(dev.osiris.protocol.runbook.Runbook::autoHealable).map(dev.osiris.protocol.runbook.Runbook::id)
            .collect(java.util.stream.Collectors.toSet());

    private final CampaignResult result;
    private final CampaignStats stats;

    public CampaignReport(CampaignResult result) {
        this.result = result;
        this.stats = new CampaignStats(result.rounds());
    }

    public CampaignStats stats() {
        return stats;
    }

    public CampaignResult result() {
        return result;
    }

    public CampaignStats.Rate autoHealable() {
        return stats.autoHealable(AUTO_HEALABLE);
    }

    /**
     * Writes the reports into {@code dir} and returns the notes about what could not be drawn (gnuplot missing:
     * the JSON and Markdown are written regardless).
     */
    public List<String> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> problems = new ArrayList<>();
        Files.writeString(dir.resolve("report.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json()));
        Files.writeString(dir.resolve("report.md"), markdown());
        List<Path> plots = List.of();
        try {
            plots = Plots.render(stats, dir);
        } catch (Plots.PlotException e) {
            problems.add("plots not drawn: " + e.getMessage());
        }
        Files.writeString(dir.resolve("report.html"), HtmlReport.page(markdown(), plots, dir));
        return problems;
    }

    public ObjectNode json() {
        ObjectNode root = Json.object();
        root.put("plan", result.plan().wire()).put("seed", result.seed())
                .put("startedAt", result.startedAt().toString()).put("finishedAt", result.finishedAt().toString())
                .put("wallSeconds", Duration.between(result.startedAt(), result.finishedAt()).toMillis() / 1000.0)
                .put("interrupted", result.interrupted()).put("restores", result.restores());
        ObjectNode settings = root.putObject("settings");
        new java.util.TreeMap<>(result.settings()).forEach(settings::put);
        root.set("overall", rate(stats.overall()));
        root.set("autoHealable", rate(stats.autoHealable(AUTO_HEALABLE)));
        root.set("byCategory", rates(stats.byCategory()));
        root.set("byHost", rates(stats.byHost()));
        root.set("byRunbook", rates(stats.byRunbook()));
        ObjectNode tiers = root.putObject("byTier");
        stats.byTier().forEach(tiers::put);
        ObjectNode outcomes = root.putObject("byOutcome");
        stats.byOutcome().forEach(outcomes::put);
        ObjectNode escalations = root.putObject("escalationReasons");
        stats.escalationReasons().forEach(escalations::put);
        root.set("timeToHeal", timing(stats.timing()));
        ObjectNode perCategory = root.putObject("timeToHealByCategory");
        stats.timingByCategory().forEach((k, t) -> perCategory.set(k, timing(t)));
        root.put("misses", stats.misses().size());
        ArrayNode rounds = root.putArray("rounds");
        for (RoundResult r : result.rounds()) {
            ObjectNode o = rounds.addObject().put("index", r.round().index()).put("wave", r.round().wave())
                    .put("repeat", r.round().repeat()).put("attack", r.round().attack().name())
                    .put("runbook", r.round().runbook()).put("category", r.round().attack().category().wire())
                    .put("host", r.round().host()).put("address", r.round().address()).put("outcome", r.outcome().wire())
                    .put("tier", r.tier()).put("reason", r.reason()).put("restored", r.restored())
                    .put("attackedAt", r.attackedAt() == null ? null : r.attackedAt().toString());
            o.put("toHealMs", r.toHeal() == null ? null : r.toHeal().toMillis());
            ArrayNode seqs = o.putArray("evidenceSeq");
            r.evidenceSeq().forEach(seqs::add);
        }
        ArrayNode skipped = root.putArray("skipped");
        result.skipped().forEach(skipped::add);
        ArrayNode notes = root.putArray("notes");
        result.notes().forEach(notes::add);
        ObjectNode compliance = root.putObject("compliance");
        new java.util.TreeMap<>(result.compliance()).forEach((host, checks) -> {
            ObjectNode h = compliance.putObject(host);
            new java.util.TreeMap<>(checks).forEach(h::put);
        });
        return root;
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Chaos campaign: ").append(result.plan().wire()).append("\n\n");
        md.append("Seed ").append(result.seed()).append(", ").append(result.startedAt()).append(" to ").append(result.finishedAt())
                .append(String.format(" (%.1f s)", Duration.between(result.startedAt(), result.finishedAt()).toMillis() / 1000.0))
                .append(result.interrupted() ? ", **interrupted**: rounds not judged are listed as such" : "").append(".\n\n");
        md.append("**Heal rate: ").append(stats.overall()).append("**; of attacks on auto-healable runbooks: ")
                .append(stats.autoHealable(AUTO_HEALABLE)).append("; restores: ").append(result.restores())
                .append("; misses (not detected): ").append(stats.misses().size()).append(".\n\n");
        CampaignStats.Timing t = stats.timing();
        md.append("Attack to verified heal: median ").append(seconds(t.median())).append(", p95 ").append(seconds(t.p95()))
                .append(", max ").append(seconds(t.max())).append(".\n\n");
        table(md, "Category", stats.byCategory(), stats.timingByCategory());
        table(md, "Host", stats.byHost(), Map.of());
        table(md, "Runbook", stats.byRunbook(), Map.of());
        md.append("| Tier | Rounds |\n|---|---|\n");
        stats.byTier().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| Time to heal | Heals |\n|---|---|\n");
        t.histogram().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Escalations\n\n");
        if (stats.escalationReasons().isEmpty()) {
            md.append("None.\n");
        }
        stats.escalationReasons().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Not healed, with the reason from the evidence\n\n");
        List<RoundResult> notHealed = stats.notHealed();
        if (notHealed.isEmpty()) {
            md.append("Every judged attack was healed and verified.\n");
        } else {
            md.append("| # | Host | Attack | Outcome | Reason |\n|---|---|---|---|---|\n");
            for (RoundResult r : notHealed) {
                md.append("| ").append(r.round().index()).append(" | ").append(r.round().host()).append(" | ")
                        .append(r.round().attack().name()).append(" | ").append(r.outcome().wire()).append(" | ")
                        .append(cell(r.reason())).append(r.restored() ? " (host restored)" : "").append(" |\n");
            }
        }
        List<RoundResult> other = result.rounds().stream().filter(r -> !r.outcome().judged()).toList();
        if (!other.isEmpty()) {
            md.append("\n## Not judged\n\n");
            other.forEach(r -> md.append("- #").append(r.round().index()).append(' ').append(r.round().host()).append(' ')
                    .append(r.round().attack().name()).append(": ").append(r.outcome().wire()).append(", ")
                    .append(cell(r.reason())).append('\n'));
        }
        if (!result.skipped().isEmpty()) {
            md.append("\n## Skipped\n\n");
            result.skipped().forEach(s -> md.append("- ").append(s).append('\n'));
        }
        if (!result.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            result.notes().forEach(s -> md.append("- ").append(s).append('\n'));
        }
        md.append("\n## Compliance scan\n\n");
        new java.util.TreeMap<>(result.compliance()).forEach((host, checks) -> {
            long drifted = checks.values().stream().filter(s -> !s.equals("compliant") && !s.equals("not-applicable")).count();
            md.append("- ").append(host).append(": ").append(checks.size()).append(" checks, ").append(drifted)
                    .append(" not compliant").append(drifted == 0 ? "" : " (" + String.join(", ", checks.entrySet().stream()
                            .filter(e -> !e.getValue().equals("compliant") && !e.getValue().equals("not-applicable"))
                            .map(e -> e.getKey() + " " + e.getValue()).sorted().toList()) + ")").append('\n');
        });
        return md.toString();
    }

    private static void table(StringBuilder md, String what, Map<String, CampaignStats.Rate> rates,
                              Map<String, CampaignStats.Timing> timings) {
        md.append("| ").append(what).append(" | Healed | Rate |").append(timings.isEmpty() ? "" : " Median | p95 |").append('\n');
        md.append("|---|---|---|").append(timings.isEmpty() ? "" : "---|---|").append('\n');
        rates.forEach((k, r) -> {
            md.append("| ").append(k).append(" | ").append(r.healed()).append('/').append(r.judged()).append(" | ")
                    .append(String.format("%.0f%%", r.percent())).append(" |");
            CampaignStats.Timing t = timings.get(k);
            if (!timings.isEmpty()) {
                md.append(' ').append(seconds(t == null ? null : t.median())).append(" | ")
                        .append(seconds(t == null ? null : t.p95())).append(" |");
            }
            md.append('\n');
        });
        md.append('\n');
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    static String seconds(Duration d) {
        return d == null ? "-" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static ObjectNode rate(CampaignStats.Rate r) {
        return Json.object().put("healed", r.healed()).put("judged", r.judged())
                .put("percent", Math.round(r.percent() * 10) / 10.0);
    }

    private static ObjectNode rates(Map<String, CampaignStats.Rate> rates) {
        ObjectNode o = Json.object();
        rates.forEach((k, r) -> o.set(k, rate(r)));
        return o;
    }

    private static JsonNode timing(CampaignStats.Timing t) {
        ObjectNode o = Json.object();
        o.put("medianMs", t.median() == null ? null : t.median().toMillis());
        o.put("p95Ms", t.p95() == null ? null : t.p95().toMillis());
        o.put("maxMs", t.max() == null ? null : t.max().toMillis());
        ObjectNode h = o.putObject("histogram");
        t.histogram().forEach(h::put);
        return o;
    }
}

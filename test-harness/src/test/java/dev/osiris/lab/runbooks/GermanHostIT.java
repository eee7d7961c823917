package dev.osiris.lab.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.WindowsLabBaseline;
import dev.osiris.lab.windows.model.DisplayLanguage;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runbooks that read localized output or localized names, on a German (de-DE) Windows host: every runbook finds
 * the German presets compliant, and each attack on those runbooks - the catalog's own where they work on German
 * Windows, and the same drift as a German admin types it (German group, account and subcategory names) - is detected,
 * healed and verified. A catalog attack written with English names fails on German Windows as it would in the field
 * (its names do not exist there); it is counted and listed, never silently passed.
 */
class GermanHostIT {

    /** The runbooks whose detect or heal reads output or names that Windows localizes. */
    private static final List<String> AFFECTED = List.of("RB-WIN-TIME-001", "RB-WIN-AUDIT-001", "RB-WIN-PASSWORD-001",
            "RB-WIN-LOCKOUT-001", "RB-WIN-ADMINS-001", "RB-WIN-GUEST-001");

    /** The drift of the catalog attacks that name things in English, as a German admin makes it. */
    private static final Map<String, List<String>> GERMAN_ATTACKS = Map.of(
            "RB-WIN-AUDIT-001", List.of(
                    "auditpol /set /subcategory:\"Anmelden\" /success:disable /failure:disable",
                    "auditpol /set /category:\"An-/Abmeldung\" /success:disable /failure:disable",
                    "auditpol /set /subcategory:\"Sensible Verwendung von Rechten\" /failure:disable"),
            "RB-WIN-GUEST-001", List.of("Enable-LocalUser -Name Gast", "net user Gast /active:yes"),
            "RB-WIN-ADMINS-001", List.of(
                    "Add-LocalGroupMember -Group Administratoren -Member osiris",
                    "net user eviluser \"Ev1l-Passw0rd-2026!\" /add; net localgroup Administratoren eviluser /add"));

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Baseline BASELINE = WindowsLabBaseline.baseline();
    private static final RunbookCatalog CATALOG = RunbookCatalog.builtIn();

    private static Vertx vertx;
    private static RemoteShells shells;
    private static RunbookRunner runner;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withOperationTimeout(Duration.ofSeconds(10))
                .withConnectTimeout(Duration.ofSeconds(5)), KnownHosts.inMemory());
        runner = new RunbookRunner(CATALOG);
    }

    @AfterAll
    static void stop() {
        shells.close();
        Await.result(vertx.close());
    }

    @Test
    void everyWindowsRunbookFindsTheGermanPresetsCompliant() {
        List<Runbook> all = CATALOG.forPlatform(Platform.WINDOWS);
        for (HostRole role : List.of(HostRole.WORKSTATION, HostRole.SERVER_CORE)) {
            WinRmEmulator host = german(role);
            try {
                Map<String, Verdict> verdicts = withShell(host, shell ->
                        Await.result(runner.detect(shell, EmulatedTargets.target(host), all, BASELINE)));
                verdicts.forEach((id, v) -> assertThat(v.status()).as("de-DE " + role + " " + id + ": " + v.summary()
                        + " " + v.observed()).isIn(Verdict.Status.COMPLIANT, Verdict.Status.NOT_APPLICABLE));
            } finally {
                Await.result(host.close());
            }
        }
    }

    @Test
    void theAffectedRunbooksDetectAndHealOnAGermanHost() {
        List<String> lines = new ArrayList<>();
        int attacks = 0;
        int detected = 0;
        int healed = 0;
        int escalated = 0;
        List<String> englishOnly = new ArrayList<>();
        for (String id : AFFECTED) {
            Runbook runbook = CATALOG.find(id).orElseThrow();
            List<Attack> scripts = Stream.concat(Attacks.load().forRunbook(id).stream(),
                    GERMAN_ATTACKS.getOrDefault(id, List.of()).stream().map(s -> new Attack(id + " (de-DE) " + s, id,
                            s, Platform.WINDOWS, null, s))).toList();
            for (Attack attack : scripts) {
                WinRmEmulator host = german(HostRole.WORKSTATION);
                try {
                    String outcome = withShell(host, shell -> attackDetectHeal(shell, host, runbook, attack));
                    if (outcome.equals("english-names")) {
                        englishOnly.add(attack.name());
                        continue;
                    }
                    attacks++;
                    detected += outcome.equals("not-detected") ? 0 : 1;
                    healed += outcome.equals("healed") ? 1 : 0;
                    escalated += outcome.equals("enforced-by-policy") ? 1 : 0;
                    assertThat(outcome).as(attack.name()).isEqualTo(attack.enforced() ? "enforced-by-policy" : "healed");
                } finally {
                    Await.result(host.close());
                }
            }
        }
        lines.add(String.format("  de-DE %d attacks on %d runbooks: %d detected, %d healed and verified, %d escalated"
                + " (enforced by policy), %d missed", attacks, AFFECTED.size(), detected, healed, escalated, attacks - detected));
        lines.add("  de-DE " + englishOnly.size() + " catalog attacks fail on German Windows (English names): " + englishOnly);
        lines.forEach(System.out::println);
        assertThat(attacks).isGreaterThanOrEqualTo(AFFECTED.size() * 2);
    }

    /** The localized text itself: what a German host prints where the runbooks read it. */
    @Test
    void aGermanHostPrintsGermanAndRefusesWhatItHasNoGermanFor() {
        WinRmEmulator host = german(HostRole.WORKSTATION);
        try {
            withShell(host, shell -> {
                String w32tm = run(shell, host, "w32tm /query /status /verbose").stdout();
                assertThat(w32tm).contains("Sprungindikator: 0(keine Warnung)", "Quelle: NVDC01.nvdental.local",
                        "Phasendifferenz: ", "Zeit seit der letzten erfolgr. Synchronisierungszeit: ");
                String audit = run(shell, host, "auditpol /get '/subcategory:{0CCE9215-69AE-11D9-BED3-505054503030}' /r").stdout();
                assertThat(audit).startsWith("Computername,Richtlinienziel,Unterkategorie,Unterkategorie-GUID,")
                        .contains(",Anmelden,{0CCE9215-69AE-11D9-BED3-505054503030},Erfolg und Fehler,,3");
                assertThat(run(shell, host, "(Get-LocalGroup -SID S-1-5-32-544).Name").stdout().strip())
                        .isEqualTo("Administratoren");
                assertThat(run(shell, host, "net accounts /minpwlen:14").stdout()).contains("Der Befehl wurde erfolgreich ausgeführt.");
                ScriptResult display = run(shell, host, "net accounts");
                assertThat(display.stderr()).contains("does not model the German text of net accounts");
                ScriptResult english = run(shell, host, "auditpol /set /subcategory:\"Logon\" /success:disable");
                assertThat(english.stderr()).contains("does not model");
                return null;
            });
        } finally {
            Await.result(host.close());
        }
    }

    /**
     * "healed", "enforced-by-policy" (detected, the policy named: not healed), "not-detected", "not-healed", or
     * "english-names" when the attack itself fails on German Windows.
     */
    private static String attackDetectHeal(RemoteShell shell, WinRmEmulator host, Runbook runbook, Attack attack) {
        String name = attack.name();
        String script = attack.script();
        assertThat(detect(shell, host, runbook).status()).as(name + ": compliant before").isEqualTo(Verdict.Status.COMPLIANT);
        ScriptResult ran = Await.result(runner.runScript(shell, EmulatedTargets.target(host), name, script, TIMEOUT));
        if (!ran.stderr().isBlank()) {
            assertThat(name).as("only a catalog attack may fail on German Windows: " + ran.stderr()).doesNotContain("(de-DE)");
            return "english-names";
        }
        Verdict drifted = detect(shell, host, runbook);
        if (drifted.status() != Verdict.Status.DRIFTED) {
            return "not-detected";
        }
        if (!drifted.enforcedBy().isEmpty()) {
            return "enforced-by-policy";
        }
        ScriptResult heal = Await.result(runner.remediate(shell, EmulatedTargets.target(host), runbook, BASELINE));
        assertThat(heal.exitCode()).as(name + " remediate: " + heal.stdout() + heal.stderr()).isZero();
        Verdict after = Await.result(runner.verify(shell, EmulatedTargets.target(host), runbook, BASELINE));
        return after.status() == Verdict.Status.COMPLIANT ? "healed" : "not-healed";
    }

    private static ScriptResult run(RemoteShell shell, WinRmEmulator host, String script) {
        return Await.result(runner.runScript(shell, EmulatedTargets.target(host), "de-DE", script, TIMEOUT));
    }

    private static Verdict detect(RemoteShell shell, WinRmEmulator host, Runbook runbook) {
        return Await.result(runner.detect(shell, EmulatedTargets.target(host), List.of(runbook), BASELINE)).get(runbook.id());
    }

    private static <T> T withShell(WinRmEmulator host, Function<RemoteShell, T> body) {
        RemoteShell shell = Await.result(shells.open(EmulatedTargets.target(host)));
        try {
            return body.apply(shell);
        } finally {
            Await.result(shell.close());
        }
    }

    private static WinRmEmulator german(HostRole role) {
        WindowsHost host = WindowsHost.preset(role == HostRole.SERVER_CORE ? "NVSRV02" : "NVWS02", role,
                DisplayLanguage.DE_DE, Clock.systemUTC());
        return Await.result(WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(host).httpPort(-1).httpsPort(0).build()));
    }
}

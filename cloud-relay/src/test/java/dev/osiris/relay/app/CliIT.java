package dev.osiris.relay.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The administration CLI against a real embedded PostgreSQL that it starts and stops itself. */
class CliIT {

    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var cli = RelayMain.commandLine();
            cli.setErr(new PrintWriter(err, true));
            String[] full = new String[args.length + 2];
            full[0] = "--data-dir";
            full[1] = dataDir.toString();
            System.arraycopy(args, 0, full, 2, args.length);
            int code = cli.execute(full);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void createsSitesAndProvisionsAppliancesWithMachineReadableOutput() {
        Run created = run("site", "create", "--name", "North Valley Dental");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String siteId = created.out().strip();
        assertThat(siteId).matches("site-[0-9a-f]{16}");

        Run provisioned = run("appliance", "provision", "--site", siteId);
        assertThat(provisioned.exitCode()).isZero();
        assertThat(provisioned.out()).containsPattern("(?m)^appliance app-[0-9a-f]{16}$")
                .containsPattern("(?m)^api-key osk_[A-Za-z0-9_-]{43}$");

        assertThat(run("appliance", "list", "--site", siteId).out()).contains("\ttransports=none\tclock=none");

        Run set = run("site", "set", siteId, "--interval", "30", "--dry-run", "true");
        assertThat(set.out()).contains("interval=30").contains("dry-run=true");
        assertThat(run("site", "list").out()).contains(siteId + "\tNorth Valley Dental");
    }

    @Test
    void showsRunbooksAndIncidentsAndRefusesWhatTheCatalogDoesNotKnow() {
        String siteId = run("site", "create", "--name", "Lakeside").out().strip();

        Run runbooks = run("site", "runbooks", siteId);
        assertThat(runbooks.exitCode()).as(runbooks.err()).isZero();
        assertThat(runbooks.out()).startsWith("healing-mode=standard dry-run=false scan-interval=900 baseline={}");
        Run unknown = run("site", "runbooks", siteId, "--enable", "RB-WIN-NOPE-001");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("error: runbooks.enabled[0]: unknown runbook RB-WIN-NOPE-001");

        assertThat(run("site", "set", siteId, "--alert-email", "it@lakeside.test", "--alert-policy", "all").out())
                .contains("alert=all:it@lakeside.test");
        Run incidents = run("incident", "list", siteId, "--status", "open");
        assertThat(incidents.exitCode()).as(incidents.err()).isZero();
        assertThat(incidents.out()).isEmpty();
        Run resolve = run("incident", "resolve", siteId, "inc-nope", "--note", "gone");
        assertThat(resolve.exitCode()).isEqualTo(1);
        assertThat(resolve.err()).contains("error: incident inc-nope not found at site " + siteId);
    }

    @Test
    void replacesAnApplianceAndListsAndRevokesKeysWithoutShowingThem() {
        String siteId = run("site", "create", "--name", "Harbor").out().strip();
        String old = run("appliance", "provision", "--site", siteId).out().lines().findFirst().orElseThrow()
                .substring("appliance ".length());
        String operatorKey = run("operator", "create-key", "--name", "night-shift").out().strip();

        Run replaced = run("appliance", "replace", old, "--reason", "disk failed");
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(replaced.out()).containsPattern("(?m)^appliance app-[0-9a-f]{16}$")
                .containsPattern("(?m)^api-key osk_[A-Za-z0-9_-]{43}$")
                .contains("replaces " + old + " (its chain ended at seq 0)");
        assertThat(run("appliance", "replace", old).err()).contains("error: appliance " + old
                + ": it was replaced already by app-");

        String keyId = "opk-" + dev.osiris.relay.auth.ApiKeys.sha256Hex(operatorKey).substring(0, 16);
        Run listed = run("key", "list");
        assertThat(listed.out()).contains(keyId + "\toperator\tname=night-shift").contains("\tvalid")
                .contains(old + "\tappliance").doesNotContain("opk_").doesNotContain("osk_")
                .doesNotContain(dev.osiris.relay.auth.ApiKeys.sha256Hex(operatorKey));
        assertThat(run("key", "revoke", keyId).out()).contains("key " + keyId + " revoked");
        assertThat(run("key", "list").out()).containsPattern(keyId + "\\t.*revoked=.* by cli ");
        assertThat(run("key", "revoke", keyId).err()).contains("is revoked already");
    }

    @Test
    void credentialAddRefusesBasicOverHttpUnlessTheRiskIsAcceptedAndListShowsWhoAccepted() throws Exception {
        String siteId = run("site", "create", "--name", "Cleartext").out().strip();
        java.nio.file.Path secret = java.nio.file.Files.writeString(dataDir.resolve("pw"), "Pa55w0rd!x");
        String[] basicHttp = {"credential", "add", "--site", siteId, "--host", "pc07", "--transport", "winrm",
                "--port", "5985", "--auth", "basic", "--account", ".\\admin", "--secret-file", secret.toString()};
        Run refused = run(basicHttp);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("credential.auth: basic over plain http (tls false) would send the password"
                + " in clear text").contains("--accept-cleartext-risk");
        assertThat(run("credential", "list", "--site", siteId).out()).isEmpty();

        String[] accepting = java.util.Arrays.copyOf(basicHttp, basicHttp.length + 1);
        accepting[basicHttp.length] = "--accept-cleartext-risk";
        Run added = run(accepting);
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(run("credential", "list", "--site", siteId).out()).contains("security=cleartext")
                .contains("cleartext-risk-accepted-by=relay-cli:" + System.getProperty("user.name") + " at=");
    }

    @Test
    void errorsExitNonZeroWithAMessage() {
        Run unknown = run("appliance", "replace", "app-0000000000000000");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("error: appliance app-0000000000000000 not found");
        Run rotate = run("appliance", "rotate-key", "app-0000000000000000");
        assertThat(rotate.exitCode()).isEqualTo(1);
        assertThat(rotate.err()).contains("use 'appliance replace app-0000000000000000'");
    }
}

package dev.osiris.relay.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release engineer's {@code release keygen|sign} and the relay's {@code release trust|add|list} and
 * {@code rollout create|show|pause|resume|abort}, through the CLI against a real embedded PostgreSQL.
 */
class ReleaseCliIT {

    @TempDir
    Path dataDir;
    @TempDir
    Path engineer;

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
            return new Run(cli.execute(full), out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void aSignedReleaseIsAddedOnceAndRolledOutFromTheCommandLine() throws Exception {
        Path key = engineer.resolve("release.key");
        Run keygen = run("release", "keygen", "--out", key.toString());
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        assertThat(Files.getPosixFilePermissions(key)).hasToString("[OWNER_READ, OWNER_WRITE]");
        Path image = Files.write(engineer.resolve("osiris-1.5.0.img"), new byte[] {1, 2, 3, 4, 5});
        Run signed = run("release", "sign", "--key", key.toString(), "--image", image.toString(), "--version", "1.5.0");
        assertThat(signed.exitCode()).as(signed.err()).isZero();
        Path manifest = Path.of(image + ".manifest.json");
        assertThat(manifest).exists();

        Run untrusted = run("release", "add", "--version", "1.5.0", "--image", image.toString(), "--manifest",
                manifest.toString());
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.err()).contains("no release key is configured at this relay");

        assertThat(run("release", "trust", "--public-key", key + ".pub").exitCode()).isZero();
        Run added = run("release", "add", "--version", "1.5.0", "--image", image.toString(), "--manifest",
                manifest.toString());
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).startsWith("1.5.0\t5\t");
        Run again = run("release", "add", "--version", "1.5.0", "--image", image.toString(), "--manifest",
                manifest.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("release 1.5.0 exists already");

        String site = run("site", "create", "--name", "CLI office").out().strip();
        run("appliance", "provision", "--site", site);
        Run created = run("rollout", "create", "--release", "1.5.0", "--site", site, "--groups", "rest",
                "--success", "100", "--error", "50");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Matcher id = Pattern.compile("^(rol-[0-9a-f]{16})\t1\\.5\\.0\trunning").matcher(created.out());
        assertThat(id.find()).as(created.out()).isTrue();
        assertThat(created.out()).contains("group 1").contains("of 1");
        assertThat(run("rollout", "pause", id.group(1)).out()).contains("\tpaused\tpaused by cli ");
        assertThat(run("rollout", "resume", id.group(1)).out()).contains("\trunning");
        assertThat(run("rollout", "abort", id.group(1)).out()).contains("\taborted");
        Run bad = run("rollout", "create", "--release", "1.5.0", "--site", site, "--groups", "rest", "--error", "0");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("error threshold must be between 1 and 100 %, got 0");
    }
}

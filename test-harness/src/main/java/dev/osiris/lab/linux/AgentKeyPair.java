package dev.osiris.lab.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An Ed25519 key pair for the agent's account on hardened lab hosts, made by OpenSSH's ssh-keygen (as a partner
 * would make one for a site). Blocking: call off event loops.
 *
 * @param publicKey  the OpenSSH public key line, for {@link LinuxHostSpec#hardened}
 * @param privateKey the OpenSSH private key, the secret of the agent's {@code key} target
 */
public record AgentKeyPair(String publicKey, String privateKey) {

    /** Generates a new pair into {@code dir} (replacing one made earlier there). */
    public static AgentKeyPair generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path key = dir.resolve("id_ed25519");
        Files.deleteIfExists(key);
        Files.deleteIfExists(dir.resolve("id_ed25519.pub"));
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "osiris-agent",
                "-f", key.toString()).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keygen.waitFor(30, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
            keygen.destroyForcibly();
            throw new IOException("ssh-keygen failed: " + output.strip());
        }
        return new AgentKeyPair(Files.readString(dir.resolve("id_ed25519.pub")).strip(), Files.readString(key));
    }
}

package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAndBindsTheCiphertextToSiteAndCredential() throws Exception {
        CredentialCipher cipher = new CredentialCipher(MasterKey.load(Optional.empty(), dir), new SecureRandom());
        CredentialCipher.Sealed sealed = cipher.encrypt("site-1", "cred-1", new Secret("hunter2-long-secret"));

        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        assertThat(cipher.decrypt("site-1", "cred-1", sealed).reveal()).isEqualTo("hunter2-long-secret");
        assertThatThrownBy(() -> cipher.decrypt("site-2", "cred-1", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("site-1", "cred-2", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theGeneratedMasterKeyIsOwnerOnlyAndStable() throws Exception {
        MasterKey.load(Optional.empty(), dir);
        Path file = dir.resolve("master.key");
        String first = Files.readString(file);
        MasterKey.load(Optional.empty(), dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(first);
    }

    @Test
    void aMalformedKeyFromTheEnvironmentIsRefused() {
        assertThatThrownBy(() -> MasterKey.load(Optional.of("c2hvcnQ="), dir))
                .hasMessageContaining("must hold 32 bytes");
    }
}

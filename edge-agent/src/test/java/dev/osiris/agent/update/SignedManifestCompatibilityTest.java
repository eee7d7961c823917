package dev.osiris.agent.update;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.release.SignedManifest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code release sign} writes (and the relay checks) is what the appliance's updater verifies. */
class SignedManifestCompatibilityTest {

    private static final String SHA = "ab".repeat(32);
    private final ApplianceKey releaseKey = ApplianceKey.generate(new SecureRandom());

    private static UpdateRequest order(SignedManifest signed, String version) {
        return new UpdateRequest(version, URI.create("https://relay.example/api/releases/" + version + "/image"), 4096,
                SHA, signed.manifest(), signed.signature());
    }

    @Test
    void aManifestSignedByTheReleaseToolIsAcceptedByTheUpdater() {
        SignedManifest signed = SignedManifest.sign(releaseKey, new SignedManifest.Manifest("1.5.0", 4096, SHA, false));
        ReleaseManifest m = ReleaseManifest.verify(order(signed, "1.5.0"), releaseKey.publicKey(), "1.4.0");
        assertThat(m).isEqualTo(new ReleaseManifest("1.5.0", 4096, SHA, false));
        assertThat(signed.verify(releaseKey.publicKey())).isEqualTo(new SignedManifest.Manifest("1.5.0", 4096, SHA, false));
    }

    @Test
    void aManifestSignedByAnotherKeyIsRefusedByBoth() {
        ApplianceKey other = ApplianceKey.generate(new SecureRandom());
        SignedManifest signed = SignedManifest.sign(other, new SignedManifest.Manifest("1.5.0", 4096, SHA, false));
        assertThatThrownBy(() -> ReleaseManifest.verify(order(signed, "1.5.0"), releaseKey.publicKey(), "1.4.0"))
                .isInstanceOf(UpdateRefused.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> signed.verify(releaseKey.publicKey())).hasMessageContaining("manifest.signature");
    }
}

package dev.osiris.protocol.evidence;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's bundle upload: any bytes are a bundle or an {@link InvalidMessageException}, and a decoded bundle
 * is verified to a verdict (never an exception), as the relay does before storing it.
 */
class EvidenceBundleFuzzTest {

    @FuzzTest
    void anyUploadIsABundleOrARefusal(byte[] body) {
        parsesOrRefuses(InvalidMessageException.class, () -> EvidenceBundle.fromJson(Json.parseObject(body)))
                .ifPresent(bundle -> {
                    parsesOrRefuses(IllegalArgumentException.class, () -> ApplianceKey.PublicKey.fromBase64(bundle.publicKey()))
                            .ifPresent(key -> {
                                ChainVerifier verifier = ChainVerifier.fromGenesis(key);
                                bundle.records().forEach(verifier::accept);
                                assertThat(verifier.ok() || verifier.failure() != null).isTrue();
                            });
                    assertThat(EvidenceBundle.fromJson(Json.parseObject(Json.bytes(bundle.toJson())))).isEqualTo(bundle);
                });
    }
}

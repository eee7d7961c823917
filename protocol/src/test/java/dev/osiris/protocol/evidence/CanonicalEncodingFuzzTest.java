package dev.osiris.protocol.evidence;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.CanonicalJson;
import dev.osiris.protocol.json.Json;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encodings evidence hashes are computed over: for anything that decodes, encoding is stable. Canonical JSON
 * text parses back to the same text, and a record decoded from its own JSON form has the same canonical bytes
 * (the relay and the offline verifier recompute hashes from exactly that round trip).
 */
class CanonicalEncodingFuzzTest {

    @FuzzTest
    void whatDecodesEncodesStably(byte[] body) {
        parsesOrRefuses(InvalidMessageException.class, () -> Json.parseObject(body)).ifPresent(json -> {
            String canonical = CanonicalJson.encode(json);
            assertThat(CanonicalJson.encode(Json.parseObject(canonical))).isEqualTo(canonical);
            parsesOrRefuses(InvalidMessageException.class, () -> EvidenceRecord.fromJson(json, "record"))
                    .ifPresent(record -> {
                        ObjectNode again = record.toJson();
                        assertThat(EvidenceCodec.canonicalBytes(EvidenceRecord.fromJson(again, "record")))
                                .isEqualTo(EvidenceCodec.canonicalBytes(record));
                    });
        });
    }
}

package dev.osiris.agent.evidence;

import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;

import java.nio.file.Path;
import java.time.Instant;

import static dev.osiris.testing.Await.await;

/** Opens stores on files in a test's temporary directory and makes entries. */
final class StoreFixture {

    private StoreFixture() {
    }

    static SqliteEvidenceStore open(Path file, ApplianceKey key) {
        return await(SqliteDatabase.open(file, EvidenceSync.FULL).compose(db -> SqliteEvidenceStore.open(db, key)));
    }

    static EvidenceSealer.Entry entry(int n) {
        return new EvidenceSealer.Entry(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n), "host-" + n, "RB-TEST-001",
                EvidenceKind.DETECT, "pass", Json.object().put("n", n).put("zeta", "z").put("alpha", 1.50));
    }
}

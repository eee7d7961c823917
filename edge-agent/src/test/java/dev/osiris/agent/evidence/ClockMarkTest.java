package dev.osiris.agent.evidence;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence recorded while the clock is untrusted carries the mark, signed; the chain stays verifiable. */
class ClockMarkTest {

    @TempDir
    Path dir;

    private final AtomicReference<ObjectNode> mark = new AtomicReference<>();

    private SqliteEvidenceStore open() {
        return await(SqliteDatabase.open(dir.resolve("evidence.db"), EvidenceSync.FULL)
                .compose(db -> SqliteEvidenceStore.open(db, ApplianceKey.generate(new SecureRandom()), mark::get)));
    }

    private static EvidenceSealer.Entry entry(ObjectNode details) {
        return new EvidenceSealer.Entry(Instant.parse("2026-12-02T01:00:00Z"), "NVDC01", "RB-WIN-FIREWALL-001",
                EvidenceKind.DETECT, "pass", details);
    }

    @Test
    void onlyEntriesRecordedWhileUntrustedAreMarkedAndTheChainVerifies() {
        SqliteEvidenceStore store = open();
        EvidenceRecord before = await(store.append(entry(Json.object().put("n", 1))));
        mark.set(Json.object().put("trusted", false).put("reason", "no majority"));
        ObjectNode callers = Json.object().put("n", 2);
        EvidenceRecord during = await(store.append(entry(callers)));
        mark.set(null);
        EvidenceRecord after = await(store.append(entry(Json.object().put("n", 3))));

        assertThat(before.detailsJson().has("clock")).isFalse();
        assertThat(during.detailsJson().path("clock").path("trusted").asBoolean(true)).isFalse();
        assertThat(during.detailsJson().path("clock").path("reason").asText()).isEqualTo("no majority");
        assertThat(callers.has("clock")).as("the caller's details are not changed").isFalse();
        assertThat(after.detailsJson().has("clock")).isFalse();
        ChainReport report = await(store.verify());
        assertThat(report.intact()).isTrue();
        assertThat(report.records()).isEqualTo(3);
        await(store.close());
    }

    @Test
    void anEntryThatSaysSomethingAboutTheClockItselfKeepsIt() {
        SqliteEvidenceStore store = open();
        mark.set(Json.object().put("trusted", false));
        ObjectNode own = Json.object();
        own.putObject("clock").put("source", "rtc");
        EvidenceRecord r = await(store.append(entry(own)));
        assertThat(r.detailsJson().path("clock").path("source").asText()).isEqualTo("rtc");
        await(store.close());
    }
}

package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.util.List;

/** The append-only evidence chains, one per appliance. */
public interface EvidenceStore {

    /** The answer to an accepted bundle. */
    record Appended(int stored, int duplicates, EvidenceHead head) {
        public ObjectNode toJson() {
            ObjectNode json = Json.object().put("stored", stored).put("duplicates", duplicates);
            json.set("head", head.toJson());
            return json;
        }
    }

    /**
     * Verifies and appends a bundle in one transaction, holding the appliance row locked so that two bundles of one
     * appliance are checked one after the other. A refused bundle stores nothing.
     *
     * @return fails with 409 "check in first" when no key is pinned, 401 when the bundle's key is not the pinned
     *         one, and as {@link BundleCheck#plan} for gaps, conflicts and invalid records
     */
    Future<Appended> append(String applianceId, EvidenceBundle bundle);

    /** Records after {@code afterSeq}, ascending, at most {@code limit}. */
    Future<List<EvidenceRecord>> list(String applianceId, long afterSeq, int limit);
}

package dev.osiris.agent.evidence;

import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ChainVerifier;

/**
 * The outcome of verifying a stored chain.
 *
 * @param records  records verified before the first failure (all of them when intact)
 * @param head     the last verified record
 * @param failure  the first bad record and why, or null when the chain is intact
 */
public record ChainReport(long records, EvidenceHead head, ChainVerifier.Failure failure) {

    public boolean intact() {
        return failure == null;
    }

    /** The CLI's one-line verdict. */
    public String verdict() {
        return intact()
                ? "chain intact: " + records + " records, head " + head.seq() + " " + head.hash()
                : "first bad record: " + failure.seq() + ": " + failure.reason();
    }
}

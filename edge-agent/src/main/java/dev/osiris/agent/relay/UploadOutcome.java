package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.EvidenceHead;

/** What the relay said about one evidence bundle. */
public sealed interface UploadOutcome {

    /** 200: stored {@code stored} new records, {@code duplicates} it already had; {@code head} is its new head. */
    record Stored(long stored, long duplicates, EvidenceHead head) implements UploadOutcome {
    }

    /** 409: the bundle did not continue the relay's chain; resume after {@code head}. */
    record Gap(EvidenceHead head, String error) implements UploadOutcome {
    }

    /** 422: record {@code seq} was refused as bad; re-sending it will not help. */
    record BadRecord(long seq, String error) implements UploadOutcome {
    }
}

package dev.osiris.agent.evidence;

import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.CanonicalJson;

import java.util.regex.Pattern;

/** What an entry must satisfy to be recorded: the relay's decoder would refuse anything else. */
final class EntryRules {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private EntryRules() {
    }

    /** @throws IllegalArgumentException naming the first rule the entry breaks */
    static void validate(EvidenceSealer.Entry e) {
        if (e == null || e.time() == null || e.kind() == null || e.details() == null) {
            throw new IllegalArgumentException("an evidence entry needs time, kind and details");
        }
        if (e.host() == null || e.host().isBlank() || e.host().length() > 255) {
            throw new IllegalArgumentException("evidence host must be 1..255 characters");
        }
        if (e.checkId() == null || e.checkId().isBlank() || e.checkId().length() > 128) {
            throw new IllegalArgumentException("evidence checkId must be 1..128 characters");
        }
        if (e.outcome() == null || !TOKEN.matcher(e.outcome()).matches()) {
            throw new IllegalArgumentException("evidence outcome must be a lower-case token, got \"" + e.outcome() + "\"");
        }
        if (!e.details().isObject()) {
            throw new IllegalArgumentException("evidence details must be a JSON object");
        }
        if (CanonicalJson.encode(e.details()).length() > EvidenceRecord.MAX_DETAILS_CHARS) {
            throw new IllegalArgumentException("evidence details are larger than " + EvidenceRecord.MAX_DETAILS_CHARS + " characters");
        }
    }

}

package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.List;

/**
 * What one runbook's detection concluded about one host.
 *
 * @param status   compliant, drifted, not applicable or error (state unknown)
 * @param failures for DRIFTED, one line per failed expectation ({@code path: expected ..., got ...}); for
 *                 NOT_APPLICABLE and ERROR, the reason
 * @param observed   the detect fragment's JSON result as the host returned it
 * @param enforcedBy what the detect fragment found enforcing the observed values (its top-level {@code enforcedBy}
 *                   list, e.g. a Group Policy key); not an expectation failure, but a drift it enforces cannot be
 *                   healed locally and goes to a human
 */
public record Verdict(Status status, List<String> failures, JsonNode observed, List<String> enforcedBy) {

    public enum Status {
        COMPLIANT, DRIFTED, NOT_APPLICABLE, ERROR;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public Verdict {
        failures = List.copyOf(failures);
        observed = observed == null ? NullNode.getInstance() : observed;
        enforcedBy = enforcedBy == null ? List.of() : List.copyOf(enforcedBy);
    }

    /** A verdict nothing is known to enforce. */
    public Verdict(Status status, List<String> failures, JsonNode observed) {
        this(status, failures, observed, List.of());
    }

    public static Verdict error(String reason, JsonNode observed) {
        return new Verdict(Status.ERROR, List.of(reason), observed);
    }

    public boolean compliant() {
        return status == Status.COMPLIANT;
    }

    public boolean drifted() {
        return status == Status.DRIFTED;
    }

    /** Drifted, and the drifted values are enforced by a policy a local heal cannot override. */
    public boolean enforced() {
        return status == Status.DRIFTED && !enforcedBy.isEmpty();
    }

    /** The failures joined for a person ("; "), or the status when there are none. */
    public String summary() {
        return failures.isEmpty() ? status.wire() : String.join("; ", failures);
    }
}

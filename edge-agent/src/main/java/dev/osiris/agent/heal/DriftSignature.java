package dev.osiris.agent.heal;

import dev.osiris.protocol.runbook.Verdict;

import java.util.TreeSet;

/**
 * The shape of a drift, independent of which element drifted: the failing expectation paths with indexes
 * generalised ({@code profiles[1].enabled} → {@code profiles[*].enabled}), sorted and joined. Learned rules are
 * keyed by runbook id and signature, so that a resolution learned for one shape is not applied to another.
 */
public final class DriftSignature {

    private DriftSignature() {
    }

    public static String of(Verdict verdict) {
        TreeSet<String> paths = new TreeSet<>();
        for (String failure : verdict.failures()) {
            int colon = failure.indexOf(": ");
            String path = colon < 0 ? failure : failure.substring(0, colon);
            paths.add(path.replaceAll("\\[[0-9]+]", "[*]"));
        }
        return paths.isEmpty() ? verdict.status().wire() : String.join(",", paths);
    }
}

package dev.osiris.agent.heal;

import java.util.List;
import java.util.Optional;

/** What the site has learned: resolutions per drift pattern, and the patterns promoted to L1 rules. */
public interface Knowledge {

    /** How one remedy fared on one pattern (runbook id + {@link DriftSignature}). */
    record Candidate(String runbookId, String signature, String remedyId, int successes, int failures, boolean promoted) {
    }

    /** The promoted rule's remedy for this pattern, if any. */
    Optional<String> promoted(String runbookId, String signature);

    /** Every remedy tried on this pattern, best first (most successes, then fewest failures). */
    List<Candidate> candidates(String runbookId, String signature);

    /** Knowledge that knows nothing (a site with no history). */
    Knowledge NONE = new Knowledge() {
        @Override
        public Optional<String> promoted(String runbookId, String signature) {
            return Optional.empty();
        }

        @Override
        public List<Candidate> candidates(String runbookId, String signature) {
            return List.of();
        }
    };
}

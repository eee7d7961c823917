package dev.osiris.agent.heal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Knowledge} held in memory (loaded from and written through to the agent database by
 * {@link SqliteHealingStore}); the promotion rule lives here: K verified successes and no failure.
 */
public final class LearnedKnowledge implements Knowledge {

    private final int promoteAfter;
    private final Map<String, Candidate> rows = new HashMap<>();

    public LearnedKnowledge(int promoteAfter, List<Candidate> loaded) {
        this.promoteAfter = promoteAfter;
        loaded.forEach(c -> rows.put(key(c.runbookId(), c.signature(), c.remedyId()), c));
    }

    /** Records a verified resolution; returns the row, promoted if this success reached K with no failure. */
    public synchronized Candidate success(String runbookId, String signature, String remedyId) {
        Candidate old = rows.get(key(runbookId, signature, remedyId));
        int successes = old == null ? 1 : old.successes() + 1;
        int failures = old == null ? 0 : old.failures();
        boolean promoted = (old != null && old.promoted()) || (successes >= promoteAfter && failures == 0);
        Candidate now = new Candidate(runbookId, signature, remedyId, successes, failures, promoted);
        rows.put(key(runbookId, signature, remedyId), now);
        return now;
    }

    /** Records a remedy that ran and did not verify; a failure also demotes a promoted rule. */
    public synchronized Candidate failure(String runbookId, String signature, String remedyId) {
        Candidate old = rows.get(key(runbookId, signature, remedyId));
        Candidate now = new Candidate(runbookId, signature, remedyId, old == null ? 0 : old.successes(),
                (old == null ? 0 : old.failures()) + 1, false);
        rows.put(key(runbookId, signature, remedyId), now);
        return now;
    }

    @Override
    public synchronized Optional<String> promoted(String runbookId, String signature) {
        return candidates(runbookId, signature).stream().filter(Candidate::promoted).map(Candidate::remedyId).findFirst();
    }

    @Override
    public synchronized List<Candidate> candidates(String runbookId, String signature) {
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : rows.values()) {
            if (c.runbookId().equals(runbookId) && c.signature().equals(signature)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingInt(Candidate::successes).reversed()
                .thenComparingInt(Candidate::failures).thenComparing(Candidate::remedyId));
        return out;
    }

    public synchronized List<Candidate> all() {
        return List.copyOf(rows.values());
    }

    private static String key(String runbookId, String signature, String remedyId) {
        return runbookId + "\u0000" + signature + "\u0000" + remedyId;
    }
}

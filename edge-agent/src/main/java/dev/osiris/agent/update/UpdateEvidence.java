package dev.osiris.agent.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One signed evidence record per update transition ({@code update/<state>}, kind {@code update}), appended to the
 * agent's chain. Blocking: waits for the commit on the calling (updater or gate) thread, never on an event loop.
 */
public final class UpdateEvidence {

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final EvidenceStore store;
    private final Entries entries;

    public UpdateEvidence(EvidenceStore store, Entries entries) {
        this.store = store;
        this.entries = entries;
    }

    /** Records the move from {@code before} to {@code after}; @throws IOException when the record is not committed */
    public void transition(UpdateJob before, UpdateJob after) throws IOException {
        ObjectNode details = Json.object().put("from", before.state().wireName()).put("to", after.state().wireName())
                .put("version", after.version()).put("attempts", after.attempts());
        if (after.release() != null) {
            details.put("fromSlot", after.from().name()).put("targetSlot", after.target().name())
                    .put("sha256", after.release().sha256());
        }
        if (!after.reason().isEmpty()) {
            details.put("reason", after.reason());
        }
        append("update/" + after.state().wireName(), outcome(after.state()), details);
    }

    /** A fact of the update that is not a transition (a check's failure, a resume); same blocking contract. */
    public void note(String checkId, String outcome, ObjectNode details) throws IOException {
        append(checkId, outcome, details);
    }

    private void append(String checkId, String outcome, ObjectNode details) throws IOException {
        try {
            store.append(entries.appliance(EvidenceKind.UPDATE, checkId, outcome, details)).toCompletionStage()
                    .toCompletableFuture().get(COMMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recording " + checkId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("evidence " + checkId + " was not recorded: " + e.getMessage(), e);
        }
    }

    private static String outcome(UpdateState state) {
        return switch (state) {
            case COMMITTED -> "pass";
            case FAILED, ROLLED_BACK -> "fail";
            default -> "info";
        };
    }
}

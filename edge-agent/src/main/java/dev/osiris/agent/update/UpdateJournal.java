package dev.osiris.agent.update;

import java.io.IOException;
import java.time.Clock;

/**
 * The one writer of the update's state, shared by the updater and the health gate (one at a time: the gate runs
 * before the agent starts): each move goes through the transition table, is saved durably, then recorded as
 * evidence. Not thread-safe; its owner calls it from one thread.
 */
public final class UpdateJournal {

    private final UpdateStateFile file;
    private final UpdateEvidence evidence;
    private final Crashpoints crash;
    private final Clock clock;
    private volatile UpdateJob job;

    public UpdateJournal(UpdateStateFile file, UpdateEvidence evidence, Crashpoints crash, Clock clock) throws IOException {
        this.file = file;
        this.evidence = evidence;
        this.crash = crash;
        this.clock = clock;
        UpdateStateFile.Saved saved = file.saved();
        this.job = saved.job();
        if (!saved.recorded()) {
            // a cut came between the save and the record: record the transition now, marked as recovered
            evidence.note("update/" + job.state().wireName(), "info", job.summaryJson().put("recovered", true));
            file.write(job, true);
        }
    }

    /** The job as last saved; safe from any thread. */
    public UpdateJob job() {
        return job;
    }

    public UpdateEvidence evidence() {
        return evidence;
    }

    /** Replaces the job without a state change (a new release about to start); saved by the next {@link #move}. */
    void begin(UpdateJob fresh) {
        job = fresh;
    }

    /** Moves to {@code next}; @throws IllegalStateException for a move the table lacks, IOException when not saved */
    public UpdateJob move(UpdateState next, String why) throws IOException {
        return move(job.to(next, why, clock.instant()));
    }

    /** Moves to {@code after} (its state through the table): saved first, recorded second. */
    public UpdateJob move(UpdateJob after) throws IOException {
        UpdateJob before = job;
        UpdateTransitions.require(before.state(), after.state());
        file.write(after, false);
        job = after;
        crash.reached("saved:" + after.state().wireName());
        evidence.transition(before, after);
        crash.reached("recorded:" + after.state().wireName());
        // not synced with its directory: lost in a cut, the transition is recorded once more at the next start
        file.markRecorded(after);
        return after;
    }
}

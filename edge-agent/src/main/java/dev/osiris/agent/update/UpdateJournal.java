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
        this.job = file.read();
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
        file.write(after);
        job = after;
        crash.reached("saved:" + after.state().wireName());
        evidence.transition(before, after);
        crash.reached("recorded:" + after.state().wireName());
        return after;
    }
}

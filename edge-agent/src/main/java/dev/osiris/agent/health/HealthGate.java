package dev.osiris.agent.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.boot.BootSlots;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.health.GateDecision.Action;
import dev.osiris.agent.update.Crashpoints;
import dev.osiris.agent.update.Reboot;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateJournal;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.osiris.agent.update.UpdateState.*;

/**
 * The post-boot health gate: runs before the agent, judges this boot with its checks and carries out the
 * {@link GateDecision}: commit the trial slot, count a failed try and reboot, give the slot up, or record that the
 * boot loader fell back. Every step is saved and recorded through the {@link UpdateJournal}. Blocking (a CLI).
 */
public final class HealthGate {

    /** What the gate decided, on which slot, after which checks. */
    public record Outcome(Slot booted, Action action, List<Check> checks, UpdateJob job) {

        /** The process exit code: 0 when the agent may start. */
        public int exitCode() {
            boolean healthy = checks.stream().allMatch(Check::passed);
            return action == Action.COMMIT || action == Action.PASS || action == Action.ROLLED_BACK && healthy ? 0 : 1;
        }
    }

    private final List<HealthCheck> checks;
    private final BootSlots slots;
    private final UpdateJournal journal;
    private final Reboot reboot;
    private final Crashpoints crash;
    private final Clock clock;

    public HealthGate(List<HealthCheck> checks, BootSlots slots, UpdateJournal journal, Reboot reboot,
                      Crashpoints crash, Clock clock) {
        this.checks = List.copyOf(checks);
        this.slots = slots;
        this.journal = journal;
        this.reboot = reboot;
        this.crash = crash;
        this.clock = clock;
    }

    /** Judges the boot of {@code booted}; @throws IOException when the state or the boot loader cannot be written */
    public Outcome run(Slot booted) throws IOException {
        UpdateJob job = journal.job();
        if (job.state().slotArmed() && booted == job.target()) {
            if (job.state() == REBOOTING) {
                job = journal.move(TRIAL_BOOT, job.reason());
            }
            if (job.state() == TRIAL_BOOT) {
                job = journal.move(HEALTH_CHECK, job.reason());
            }
        }
        List<Check> results = runChecks();
        boolean healthy = results.stream().allMatch(Check::passed);
        String why = results.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("; "));
        Action action = GateDecision.decide(job, booted, healthy);
        journal.evidence().note("health/gate", healthy ? "pass" : "fail", details(booted, action, results));
        switch (action) {
            case COMMIT -> {
                slots.markGood(booted);
                crash.reached("mark-good:done");
                job = journal.move(COMMITTED, "");
            }
            case RETRY -> {
                job = journal.move(job.to(TRIAL_BOOT, why, clock.instant()).withAttempts(job.attempts() + 1));
                reboot.now();
            }
            case GIVE_UP -> {
                slots.markBad(job.target());
                slots.markActive(job.from());
                crash.reached("give-up:slots-marked");
                job = journal.move(job.to(TRIAL_BOOT, why, clock.instant()).withAttempts(job.attempts() + 1));
                reboot.now();
            }
            case ROLLED_BACK -> {
                slots.markBad(job.target());
                String reason = job.reason().isEmpty()
                        ? "the trial slot " + job.target() + " did not come up; the boot loader fell back to " + booted
                        : "back on " + booted + " after " + job.attempts() + " failed trial boot(s) of "
                        + job.target() + ": " + job.reason();
                job = journal.move(ROLLED_BACK, reason);
                if (healthy) {
                    slots.markGood(booted);
                }
            }
            case PASS -> slots.markGood(booted);
            case FAIL -> {
                // the same slot would boot again: a reboot cannot help; the agent stays down and the record says why
            }
        }
        return new Outcome(booted, action, results, job);
    }

    private List<Check> runChecks() {
        List<Check> results = new ArrayList<>();
        for (HealthCheck check : checks) {
            try {
                results.add(check.run());
            } catch (Exception e) {
                results.add(Check.fail(check.getClass().getSimpleName(), String.valueOf(e.getMessage())));
            }
        }
        return results;
    }

    private static ObjectNode details(Slot booted, Action action, List<Check> results) {
        ObjectNode details = Json.object().put("slot", booted.name()).put("decision", action.name().toLowerCase());
        ArrayNode list = details.putArray("checks");
        results.forEach(c -> list.add(Json.object().put("name", c.name()).put("passed", c.passed())
                .put("detail", c.detail())));
        return details;
    }
}

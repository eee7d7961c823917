package dev.osiris.testing.fuzz;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one target's run gave: libFuzzer's last statistics line and any new findings.
 *
 * @param executions inputs run, from libFuzzer's last status line
 * @param coverage   covered edges ({@code cov:})
 * @param features   coverage features ({@code ft:})
 * @param corpus     inputs in the working corpus ({@code corp:})
 * @param findings   crash, timeout or out-of-memory inputs Jazzer wrote during this run, in the target's inputs
 *                   folder (so they are regression seeds from then on)
 * @param problem    why the run failed (the finding's exception, a non-zero exit, a hang of the whole JVM), or null
 * @param log        the child JVM's full output
 */
public record FuzzOutcome(FuzzTarget target, long executions, long coverage, long features, long corpus,
                          Duration took, List<Path> findings, String problem, Path log) {

    public boolean clean() {
        return problem == null && findings.isEmpty();
    }

    /** One line for the campaign's report. */
    public String summary() {
        return String.format("%-28s %10d execs  cov %5d  ft %6d  corp %5d  %4ds  %s", target.name(), executions,
                coverage, features, corpus, took.toSeconds(),
                clean() ? "clean" : findings.size() + " finding(s): " + (problem == null ? "" : problem)
                        + (findings.isEmpty() ? "" : " -> " + findings) + " (log " + log + ")");
    }
}

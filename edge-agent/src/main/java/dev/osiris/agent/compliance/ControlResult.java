package dev.osiris.agent.compliance;

import java.util.List;

/**
 * One control of one framework.
 *
 * @param runbooks     the enabled runbooks evidencing it, sorted
 * @param failingHosts hosts where one of them drifted, sorted
 * @param unknownHosts hosts where one of them has no verdict or an error, sorted
 */
public record ControlResult(String control, ControlStatus status, List<String> runbooks, List<String> failingHosts,
                            List<String> unknownHosts) {

    public ControlResult {
        runbooks = List.copyOf(runbooks);
        failingHosts = List.copyOf(failingHosts);
        unknownHosts = List.copyOf(unknownHosts);
    }
}

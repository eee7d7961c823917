package dev.osiris.lab.chaos;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a campaign did, as the report shows it.
 *
 * @param settings    the configuration as run (config.env keys and values, the seed included)
 * @param rounds      every planned round's result (interrupted ones included, so a partial report says what is missing)
 * @param skipped     attacks that could not be planned, with why
 * @param compliance  the lab's scan: host name to runbook to status (the network-scan plan's whole result, the
 *                    baseline of the others)
 * @param restores    host restores carried out
 * @param interrupted true when Ctrl-C stopped the campaign before its end
 * @param notes       what else the run says (time sync not supported on a host, ...)
 */
public record CampaignResult(Plan plan, long seed, Map<String, String> settings, Instant startedAt, Instant finishedAt,
                             List<RoundResult> rounds, List<String> skipped, Map<String, Map<String, String>> compliance,
                             int restores, boolean interrupted, List<String> notes) {

    public CampaignResult {
        settings = Map.copyOf(settings);
        rounds = List.copyOf(rounds);
        skipped = List.copyOf(skipped);
        compliance = Map.copyOf(compliance);
        notes = List.copyOf(notes);
    }
}

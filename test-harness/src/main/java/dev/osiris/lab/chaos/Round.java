package dev.osiris.lab.chaos;

import dev.osiris.lab.runbooks.Attack;

/**
 * One attack of a campaign on one host. Rounds of one wave hit distinct hosts and are judged by one scan.
 *
 * @param index   position in the campaign, from 1
 * @param wave    the scan that judges it, from 1
 * @param repeat  the stress round (1 outside the stress plan)
 * @param host    lab host name
 * @param address where the host listens
 */
public record Round(int index, int wave, int repeat, Attack attack, String host, String address) {

    public String runbook() {
        return attack.runbook();
    }
}

package dev.osiris.lab.chaos;

import dev.osiris.lab.hosts.LabHost;
import io.vertx.core.Future;

/**
 * Brings a lab host's clock back in line before an attack ({@code TIME_SYNC_BEFORE_ATTACK}), as the field notes
 * learned after a DC restored 8 days behind refused WinRM logons.
 */
public interface TimeSync {

    /**
     * Succeeds with null when the host's clock was synced, or with the reason it cannot be (not supported by this
     * host); fails when the sync was attempted and failed.
     */
    Future<String> sync(LabHost host);
}

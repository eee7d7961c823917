package dev.osiris.lab.chaos;

import dev.osiris.lab.hosts.LabHost;
import dev.osiris.lab.runbooks.Attack;
import io.vertx.core.Future;

/** Puts a lab host back after an attack the appliance did not heal ({@code ENABLE_RESTORES=true} only). */
public interface Restorer {

    /** Succeeds with null when restored, or with why it could not be; never fails for a refusal. */
    Future<String> restore(LabHost host, Attack attack);
}

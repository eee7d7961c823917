package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.orders.Orders;
import dev.osiris.agent.update.Crashpoints;
import dev.osiris.agent.update.ImageAuth;
import dev.osiris.agent.update.Reboot;
import dev.osiris.agent.update.UpdateEvidence;
import dev.osiris.agent.update.UpdateOrder;
import dev.osiris.agent.update.Updater;

import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The agent's self-update, built in one place: the updater over the boot loader's slots, its order, its resume. */
final class UpdateComponents {

    private static final Logger LOG = Logger.getLogger(UpdateComponents.class.getName());

    private UpdateComponents() {
    }

    /**
     * Builds the updater (its state is read on its own thread), registers the {@code update} order and resumes an
     * update a restart interrupted; fails as {@link Orders#register} does. {@code auth} signs image downloads from
     * the relay.
     */
    static Updater start(AgentConfig config, EvidenceStore store, Entries entries, Clock clock, Orders orders,
                         ImageAuth auth) {
        Updater updater = new Updater(config.update(), config.updateDir(), BootLoader.slots(config.update()),
                new UpdateEvidence(store, entries), Reboot.command(config.update().rebootCommand()), Crashpoints.NONE,
                clock, AgentMain.version(), auth);
        UpdateOrder.register(orders, updater);
        updater.resume().whenComplete((job, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "update: could not resume: {0}", e.getMessage());
            }
        });
        return updater;
    }
}

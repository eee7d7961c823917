package dev.osiris.agent.runbook;

import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.protocol.checkin.Target;
import io.vertx.core.Future;

/**
 * Opens a shell to a target: {@link dev.osiris.agent.remote.RemoteShells#open} in the agent, a scripted shell in
 * component tests. The future fails only with {@link dev.osiris.agent.remote.RemoteFailure}.
 */
@FunctionalInterface
public interface HostShells {

    Future<RemoteShell> open(Target target);
}

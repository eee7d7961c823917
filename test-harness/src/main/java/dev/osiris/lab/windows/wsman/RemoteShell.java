package dev.osiris.lab.windows.wsman;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A cmd shell created over WinRM, owned by one principal. */
final class RemoteShell {

    private final String id;
    private final Principal owner;
    private final Map<String, String> environment;
    private final Map<String, RemoteCommand> commands = new ConcurrentHashMap<>();
    private volatile long lastActivityNanos = System.nanoTime();

    RemoteShell(String id, Principal owner, Map<String, String> environment) {
        this.id = id;
        this.owner = owner;
        this.environment = Map.copyOf(environment);
    }

    /** Variables the client set at Create (rsp:Environment). */
    Map<String, String> environment() {
        return environment;
    }

    String id() {
        return id;
    }

    Principal owner() {
        return owner;
    }

    Map<String, RemoteCommand> commands() {
        return commands;
    }

    /** Records client activity (any request naming this shell). */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Idle: no request for {@code idleNanos} and no command still running. */
    boolean idleFor(long idleNanos, long nowNanos) {
        return nowNanos - lastActivityNanos > idleNanos && commands.values().stream().allMatch(RemoteCommand::isDone);
    }
}

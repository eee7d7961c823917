package dev.osiris.lab.windows.wsman;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A cmd shell created over WinRM, owned by one principal. */
final class RemoteShell {

    private final String id;
    private final Principal owner;
    private final Map<String, RemoteCommand> commands = new ConcurrentHashMap<>();

    RemoteShell(String id, Principal owner) {
        this.id = id;
        this.owner = owner;
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
}

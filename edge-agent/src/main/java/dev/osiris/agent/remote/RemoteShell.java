package dev.osiris.agent.remote;

import io.vertx.core.Future;

/**
 * An open session to one host ("run this script on that host"), reused across the scripts of one scan.
 * Obtained from {@link RemoteShells#open}. Implementations are thread-safe; no method blocks the caller.
 *
 * <p>Failure contract: every returned future fails only with {@link RemoteFailure}. {@link #run} succeeds with
 * whatever exit code the script had ({@link #runChecked} turns non-zero into {@code SCRIPT_ERROR}); it fails with
 * {@code TIMEOUT} when the script exceeds {@link Script#timeout()} (the command is terminated on the host and the
 * result is never reported as success), with {@code CONNECT_*}/{@code PROTOCOL}/{@code AUTHENTICATION} when the
 * transport breaks, and with {@code PROTOCOL} after {@link #close()}.
 */
public interface RemoteShell {

    /** Runs the script; see the failure contract above. */
    Future<ScriptResult> run(Script script);

    /** Runs the script and fails with {@code SCRIPT_ERROR} (exit code + stderr) if it exits non-zero. */
    default Future<ScriptResult> runChecked(Script script) {
        return run(script).map(result -> result.requireSuccess(script.name()));
    }

    /** The target this shell talks to, for logs ({@code transport://account@host:port}, no secret). */
    String describe();

    /** Releases the connection (WinRM shell delete / SSH disconnect). Never fails; idempotent. */
    Future<Void> close();
}

package dev.osiris.agent.remote;

import java.time.Duration;

/**
 * What a script produced. Output is decoded as UTF-8 and capped per stream ({@link RemoteConfig#maxOutputBytes()});
 * the truncated flags say whether the cap cut it.
 */
public record ScriptResult(int exitCode, String stdout, String stderr, Duration duration,
                           boolean stdoutTruncated, boolean stderrTruncated) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * This result if the exit code is zero.
     *
     * @throws RemoteFailure with {@link RemoteFailure.Reason#SCRIPT_ERROR}, the exit code and stderr, otherwise
     */
    public ScriptResult requireSuccess(String scriptName) {
        if (exitCode != 0) {
            throw RemoteFailure.scriptError(scriptName, exitCode, stderr);
        }
        return this;
    }
}

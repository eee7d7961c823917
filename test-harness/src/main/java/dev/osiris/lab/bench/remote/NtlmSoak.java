package dev.osiris.lab.bench.remote;

import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import io.vertx.core.Future;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's WinRM adapter under a scan's load over NTLM/HTTP (sealed): S shells at once (each its own fleet
 * account, connection, NTLM context and remote shell), each running its share of C commands back to back, with
 * no retry. Every failed command is counted (not hidden, not retried) and the shell goes on with the next one.
 */
final class NtlmSoak {

    /** What one soak did: commands that printed "1", failures with the first one's words, wall time. */
    record Result(long ok, long failures, String firstFailure, double seconds) {
        String summary(int shells) {
            return String.format("%d commands from %d shells in %.1f s (%.0f/s): NTLM/HTTP failures %d%s", ok + failures,
                    shells, seconds, (ok + failures) / seconds, failures, firstFailure == null ? "" : "; first: " + firstFailure);
        }
    }

    private final RemoteShells shells;
    private final Script script;

    NtlmSoak(RemoteShells shells, Script script) {
        this.shells = shells;
        this.script = script;
    }

    Result run(int port, int shellCount, int commands) {
        AtomicLong ok = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> first = new AtomicReference<>();
        long start = System.nanoTime();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/wsman");
        List<Future<Void>> loops = new ArrayList<>();
        for (int i = 0; i < shellCount; i++) {
            Target target = new Target("soak-" + i, "127.0.0.1", Transport.WINRM, port, false, "ntlm",
                    ".\\" + EmulatorServerMain.fleetUser(i), new Secret(EmulatorServerMain.fleetPassword(i)), null);
            int share = commands / shellCount + (i < commands % shellCount ? 1 : 0);
            loops.add(shells.openWinRm(target, endpoint)
                    .compose(shell -> loop(shell, share, ok, failures, first).eventually(shell::close))
                    .recover(e -> {
                        failures.addAndGet(share);
                        first.compareAndSet(null, "open: " + e.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        Future.join(loops).otherwiseEmpty().await();
        return new Result(ok.get(), failures.get(), first.get(), (System.nanoTime() - start) / 1e9);
    }

    private Future<Void> loop(RemoteShell shell, int left, AtomicLong ok, AtomicLong failures,
                              AtomicReference<String> first) {
        if (left == 0) {
            return Future.succeededFuture();
        }
        return shell.run(script).transform(ar -> {
            if (ar.succeeded() && ar.result().stdout().strip().equals("1")) {
                ok.incrementAndGet();
            } else {
                failures.incrementAndGet();
                String words = ar.succeeded() ? "printed " + ar.result().stdout() : String.valueOf(ar.cause().getMessage());
                first.compareAndSet(null, words.length() > 300 ? words.substring(0, 300) + "..." : words);
            }
            return loop(shell, left - 1, ok, failures, first);
        });
    }
}

package dev.osiris.lab.windows;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NTLM over plain HTTP (sealed), the field's default, under the load of a scan: 16 shells at once, each its own
 * connection and NTLM context, each running 50 commands back to back, with no retry anywhere. Any failure fails
 * the test. The emulator's wire log (every sealed message with its connection, context, sequence number, shell
 * and command) is kept in {@code target/ntlm-soak-wire.log}.
 */
class NtlmHttpSoakIT {

    private static final int SHELLS = 16;
    // -Dntlm.soak.commands=625: the bench's full 10,000 commands from 16 shells
    private static final int COMMANDS = Integer.getInteger("ntlm.soak.commands", 50);
    private static final Script ECHO = Script.of("soak-echo", "Write-Output 1", Duration.ofSeconds(60));

    private static Vertx vertx;
    private static WinRmEmulator emulator;
    private static RemoteShells shells;
    // held here: java.util.logging keeps loggers weakly, and a collected one forgets its level
    private static final Logger WIRE = Logger.getLogger("dev.osiris.lab.windows.wsman.wire");
    private static FileHandler wireLog;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(Path.of("target"));
        wireLog = new FileHandler("target/ntlm-soak-wire.log");
        wireLog.setFormatter(new SimpleFormatter());
        wireLog.setLevel(Level.FINE);
        WIRE.setLevel(Level.FINE);
        WIRE.addHandler(wireLog);
        vertx = Vertx.vertx();
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < SHELLS; i++) {
            accounts.add(Account.local(user(i), password(i)));
        }
        emulator = Await.result(WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.workstation("NVSOAK"))
                .accounts(accounts).httpPort(0).httpsPort(-1).build()));
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS, KnownHosts.inMemory());
    }

    @AfterAll
    static void stop() {
        shells.close();
        Await.result(emulator.close());
        Await.result(vertx.close());
        WIRE.removeHandler(wireLog);
        wireLog.close();
    }

    private static String user(int i) {
        return String.format("soak%02d", i);
    }

    private static String password(int i) {
        return "Soak-" + i + "-Pw!";
    }

    @Test
    void sixteenReusedShellsRunFiftyCommandsEachWithoutASingleFailure() {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<Integer>> loops = new ArrayList<>();
        for (int i = 0; i < SHELLS; i++) {
            Target target = new Target("soak-" + i, "127.0.0.1", Transport.WINRM, emulator.httpPort(), false, "ntlm",
                    ".\\" + user(i), new Secret(password(i)), null);
            loops.add(shells.open(target).compose(shell -> runAll(shell, 0, 0, failures)
                    .eventually(shell::close)));
        }
        Await.result(Future.all(loops).otherwiseEmpty(), Duration.ofMinutes(5));
        int done = loops.stream().filter(Future::succeeded).mapToInt(Future::result).sum();
        loops.stream().filter(Future::failed).forEach(f -> failures.add(String.valueOf(f.cause())));
        assertThat(failures).as("failed calls (wire log: target/ntlm-soak-wire.log)").isEmpty();
        assertThat(done).isEqualTo(SHELLS * COMMANDS);
        assertThat(emulator.openShells()).isZero();
        // per shell, the password check's handshake and then one TCP connection, so one NTLM handshake, for the
        // session: a second connection re-handshakes and resets the client's only NTLM context, and the next
        // message sent on the first one no longer verifies there
        assertThat(emulator.ntlmContexts()).as("NTLM handshakes for %d shells", SHELLS).isEqualTo(2L * SHELLS);
    }

    private static Future<Integer> runAll(RemoteShell shell, int i, int ok, Queue<String> failures) {
        if (i == COMMANDS) {
            return Future.succeededFuture(ok);
        }
        return shell.run(ECHO).transform(ar -> {
            boolean good = ar.succeeded() && ar.result().stdout().strip().equals("1");
            if (!good) {
                failures.add(shell.describe() + " command " + i + ": "
                        + (ar.succeeded() ? "printed " + ar.result().stdout() : ar.cause()));
            }
            return runAll(shell, i + 1, good ? ok + 1 : ok, failures);
        });
    }
}

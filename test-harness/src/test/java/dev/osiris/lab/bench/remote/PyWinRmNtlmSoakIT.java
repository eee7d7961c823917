package dev.osiris.lab.bench.remote;

import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real peer under the same load as the agent's soak (NtlmHttpSoakIT): pywinrm, 16 threads each with its own
 * session, connection, NTLM context and shell, 50 commands each over NTLM/HTTP (sealed), no retries; any failure
 * fails the test, and each session needs exactly one handshake.
 */
class PyWinRmNtlmSoakIT {

    private static final int SHELLS = 16;
    // -Dntlm.soak.commands=625: the bench's full 10,000 commands from 16 shells
    private static final int COMMANDS = SHELLS * Integer.getInteger("ntlm.soak.commands", 50);

    @Test
    void pywinrmRunsSixteenConcurrentShellsWithoutASingleFailure(@TempDir Path dir) throws Exception {
        PyWinRmRoundTrips py = new PyWinRmRoundTrips(dir, "/usr/bin/python3");
        String unavailable = py.unavailableReason();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Vertx vertx = Vertx.vertx();
        WinRmEmulator emulator = Await.result(WinRmEmulator.start(vertx, WinRmEmulatorConfig
                .builder(WindowsHost.workstation("NVPYSOAK")).accounts(EmulatorServerMain.fleetAccounts(SHELLS))
                .httpPort(0).httpsPort(-1).build()));
        try {
            List<String[]> accounts = new ArrayList<>();
            for (int i = 0; i < SHELLS; i++) {
                accounts.add(new String[] {EmulatorServerMain.fleetUser(i), EmulatorServerMain.fleetPassword(i)});
            }
            NtlmSoak.Result result = py.soak(emulator.httpUrl(), accounts, RemoteBench.pywinrmCommand(), COMMANDS);
            assertThat(result.firstFailure()).isNull();
            assertThat(result.failures()).isZero();
            assertThat(result.ok()).isEqualTo(COMMANDS);
            assertThat(emulator.ntlmContexts()).isEqualTo(SHELLS);
            assertThat(emulator.openShells()).isZero();
        } finally {
            Await.result(emulator.close());
            Await.result(vertx.close());
        }
    }
}

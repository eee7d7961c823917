package dev.osiris.lab.bench.remote;

import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.SimpleFormatter;
import java.util.logging.Logger;

/**
 * The emulated Windows side of {@code bench remote}, run in a JVM of its own so that server and client do not share
 * a heap, a JIT or a GC. Starts one host for round trips (HTTP with NTLM, HTTPS with Basic) and one "fleet" host
 * whose K local accounts stand for K managed hosts (each session its own TCP connection, NTLM handshake and shell).
 * Prints one {@code READY ...} line, writes the certificate to {@code <dir>/emulator-ca.pem} and its wire log to
 * {@code <dir>/emulator-wire.log}, and exits when its standard input closes (the parent went away).
 *
 * <p>Arguments: {@code <dir> <fleet accounts>}.
 */
public final class EmulatorServerMain {

    static final String READY = "READY";

    private EmulatorServerMain() {
    }

    // held here: java.util.logging keeps loggers weakly, and a collected one forgets its level and handler
    private static final Logger WIRE = Logger.getLogger("dev.osiris.lab.windows.wsman.wire");

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        Path dir = Path.of(args[0]);
        // the wire log (every NTLM leg and sealed message, per connection) is kept: a refusal can then be traced
        FileHandler wire = new FileHandler(dir.resolve("emulator-wire.log").toString());
        wire.setFormatter(new SimpleFormatter());
        wire.setLevel(Level.FINE);
        WIRE.setLevel(Level.FINE);
        WIRE.addHandler(wire);
        int fleetAccounts = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        WinRmEmulator single = WinRmEmulator.start(vertx,
                WinRmEmulatorConfig.builder(WindowsHost.workstation("NVWS01")).build()).await();
        WinRmEmulator fleet = WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.workstation("NVFLEET"))
                .accounts(fleetAccounts(fleetAccounts)).httpsPort(-1).build()).await();
        Files.writeString(dir.resolve("emulator-ca.pem"), single.certificatePem());
        System.out.println(READY + " http=" + single.httpPort() + " https=" + single.httpsPort()
                + " sha256=" + single.certificateSha256() + " fleet=" + fleet.httpPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        fleet.close().await();
        single.close().await();
        vertx.close().await();
        System.exit(0);
    }

    static List<Account> fleetAccounts(int count) {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(Account.local(fleetUser(i), fleetPassword(i)));
        }
        return accounts;
    }

    static String fleetUser(int i) {
        return String.format("host%03d", i);
    }

    static String fleetPassword(int i) {
        return "Fleet-" + i + "-Pw!";
    }
}

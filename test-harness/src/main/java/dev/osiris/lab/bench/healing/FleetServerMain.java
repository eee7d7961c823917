package dev.osiris.lab.bench.healing;

import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The emulated Windows fleet of {@code bench healing}, in a JVM of its own so that the agent's CPU and the hosts'
 * are measured apart: N {@link WinRmEmulator}s, each its own {@link WindowsHost} (presets cycled) on its own
 * loopback address, so that the agent keys its state, evidence and flap counts per host as in the field.
 * Prints one {@code READY address:port ...} line; answers each {@code requests} line on standard input with
 * {@code REQUESTS n0 n1 ...} (WS-Management requests per host so far); exits when standard input closes.
 *
 * <p>Arguments: {@code <hosts>}.
 */
public final class FleetServerMain {

    static final String READY = "READY";
    static final String REQUESTS = "REQUESTS";
    static final String ASK_REQUESTS = "requests";
    static final int MAX_HOSTS = 250 * 250;
    static final List<HostRole> PRESETS = List.of(HostRole.WORKSTATION, HostRole.SERVER_CORE, HostRole.DOMAIN_CONTROLLER);

    private FleetServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        int count = Integer.parseInt(args[0]);
        if (count < 1 || count > MAX_HOSTS) {
            throw new IllegalArgumentException("hosts must be 1.." + MAX_HOSTS + ", got " + count);
        }
        Vertx vertx = Vertx.vertx();
        List<WinRmEmulator> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WindowsHost host = WindowsHost.preset(name(i), role(i), Clock.systemUTC());
            hosts.add(WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(host).bindHost(address(i)).httpsPort(-1).build())
                    .await());
        }
        System.out.println(READY + " " + hosts.stream().map(h -> h.config().bindHost() + ":" + h.httpPort())
                .collect(Collectors.joining(" ")));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.strip().equals(ASK_REQUESTS)) {
                System.out.println(REQUESTS + " " + hosts.stream().map(h -> String.valueOf(h.requests()))
                        .collect(Collectors.joining(" ")));
                System.out.flush();
            }
        }
        for (WinRmEmulator h : hosts) {
            h.close().await();
        }
        vertx.close().await();
        System.exit(0);
    }

    /** 127.0.1.1, 127.0.1.2, ...: Linux answers the whole of 127/8 on the loopback interface. */
    static String address(int i) {
        return "127.0." + (1 + i / 250) + "." + (1 + i % 250);
    }

    static String name(int i) {
        return String.format("NVBENCH%03d", i);
    }

    static HostRole role(int i) {
        return PRESETS.get(i % PRESETS.size());
    }
}

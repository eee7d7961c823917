package dev.osiris.lab.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Vertx;

/**
 * One emulated host on its own Vert.x for a client test class: started once, checked after each test for shells
 * the client left open (a real client deletes every shell it creates, with Signal and Delete), stopped at the end.
 */
final class RunningEmulator {

    private final Vertx vertx;
    private final WinRmEmulator emulator;

    private RunningEmulator(Vertx vertx, WinRmEmulator emulator) {
        this.vertx = vertx;
        this.emulator = emulator;
    }

    static RunningEmulator start(WindowsHost host) {
        Vertx vertx = Vertx.vertx();
        return new RunningEmulator(vertx, WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(host).build()).await());
    }

    Vertx vertx() {
        return vertx;
    }

    WinRmEmulator emulator() {
        return emulator;
    }

    void assertNoShellLeftOpen() {
        assertThat(emulator.openShells()).isZero();
    }

    void stop() {
        emulator.close().await();
        vertx.close().await();
    }
}

package dev.osiris.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns Vert.x blocked-thread warnings into test failures: a test during which any event loop or worker
 * was reported blocked fails, naming the thread. Registered for every test by JUnit's extension
 * auto-detection (see {@code junit-platform.properties} in each module).
 */
public final class BlockedThreadGuard implements AfterEachCallback {

    private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();

    static {
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getLevel().intValue() >= Level.WARNING.intValue() && message != null
                        && message.contains("has been blocked for")) {
                    WARNINGS.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!WARNINGS.isEmpty()) {
            List<String> seen = List.copyOf(WARNINGS);
            WARNINGS.clear();
            throw new AssertionError("Vert.x reported a blocked thread during " + context.getDisplayName() + ": " + seen);
        }
    }
}

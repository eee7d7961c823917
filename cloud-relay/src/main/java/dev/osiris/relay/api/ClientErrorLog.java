package dev.osiris.relay.api;

import io.netty.handler.ssl.NotSslRecordException;

import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line, no stack trace, for each thing a client did wrong (malformed HTTP, bad chunk encoding, a reset, TLS
 * garbage, a deadline missed), at most {@code perMinute} lines a minute; the first line of the next minute says how
 * many were suppressed. Shared by every event loop: a flood of bad requests must not become a flood of log.
 */
final class ClientErrorLog {

    private static final Logger LOG = Logger.getLogger(ClientErrorLog.class.getName());
    private static final long MINUTE = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Logger logger;
    private long windowStart;
    private int written;
    private int suppressed;

    ClientErrorLog(int perMinute, LongSupplier nanoClock, Logger logger) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
        this.logger = logger;
        this.windowStart = nanoClock.getAsLong();
    }

    ClientErrorLog() {
        this(20, System::nanoTime, LOG);
    }

    /** Logs {@code what} from {@code source} (its cause's class and message only), unless the minute's lines are used. */
    void log(String source, String what, Throwable cause) {
        String line;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            String summary = "";
            if (now - windowStart >= MINUTE) {
                if (suppressed > 0) {
                    summary = " (suppressed " + suppressed + " client errors in the previous minute)";
                }
                windowStart = now;
                written = 0;
                suppressed = 0;
            }
            if (written >= perMinute) {
                suppressed++;
                return;
            }
            written++;
            line = "client error from " + source + ": " + what + describe(cause) + summary;
        }
        logger.log(Level.INFO, line);
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "";
        }
        if (cause instanceof NotSslRecordException) {
            // its message is the client's bytes in hex: a plaintext request's API key among them
            return " (NotSslRecordException: not a TLS record)";
        }
        String message = cause.getMessage();
        String text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        // a client's bytes can end up in a decoder's message: keep the line one short line
        text = text.replaceAll("[\\p{Cntrl}]", " ");
        return " (" + (text.length() > 160 ? text.substring(0, 160) + "..." : text) + ")";
    }
}

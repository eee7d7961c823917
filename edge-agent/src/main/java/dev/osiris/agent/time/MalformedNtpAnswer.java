package dev.osiris.agent.time;

/** An answer that does not decode as an NTP server's header; nothing of it is used. */
final class MalformedNtpAnswer extends RuntimeException {

    MalformedNtpAnswer(String message) {
        super(message);
    }
}

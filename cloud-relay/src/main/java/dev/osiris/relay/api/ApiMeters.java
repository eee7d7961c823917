package dev.osiris.relay.api;

/**
 * What the API tells the relay's metrics: each check-in's status and time (refused ones included), and how many
 * evidence records each bundle stored. Ids, keys and bodies never reach it. Called on event loops: implementations
 * must be cheap and thread-safe.
 */
public interface ApiMeters {

    ApiMeters NONE = new ApiMeters() {
        @Override
        public void checkin(int status, long nanos) {
        }

        @Override
        public void evidenceStored(int records) {
        }
    };

    /** One check-in answered with {@code status} after {@code nanos} (from its head to its answer). */
    void checkin(int status, long nanos);

    void evidenceStored(int records);
}

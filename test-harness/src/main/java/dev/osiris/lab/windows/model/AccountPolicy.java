package dev.osiris.lab.windows.model;

/** Password and lockout policy (what {@code net accounts} and secedit show). Thread-safe. */
public final class AccountPolicy {

    public record Password(int minLength, boolean complexity, int maxAgeDays, int minAgeDays, int history) {
    }

    /** Lockout: threshold 0 = never; duration and window in minutes. */
    public record Lockout(int threshold, int durationMinutes, int windowMinutes) {
    }

    private Password password;
    private Lockout lockout;

    public AccountPolicy(Password password, Lockout lockout) {
        this.password = password;
        this.lockout = lockout;
    }

    public synchronized Password password() {
        return password;
    }

    public synchronized void setPassword(Password password) {
        this.password = password;
    }

    public synchronized Lockout lockout() {
        return lockout;
    }

    public synchronized void setLockout(Lockout lockout) {
        this.lockout = lockout;
    }
}

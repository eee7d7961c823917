package dev.osiris.lab.windows.model;

import java.time.Instant;

/** Windows Server Backup summary: the last successful backup. Thread-safe. */
public final class Backups {

    private Instant lastSuccessfulBackup;
    private int versions;

    public Backups(Instant lastSuccessfulBackup, int versions) {
        this.lastSuccessfulBackup = lastSuccessfulBackup;
        this.versions = versions;
    }

    public synchronized Instant lastSuccessfulBackup() {
        return lastSuccessfulBackup;
    }

    public synchronized int versions() {
        return versions;
    }

    public synchronized void recordBackup(Instant when) {
        lastSuccessfulBackup = when;
        versions++;
    }

    /** What {@code wbadmin delete catalog} does: Windows no longer knows of any backup. */
    public synchronized void deleteCatalog() {
        lastSuccessfulBackup = null;
        versions = 0;
    }

    public synchronized void setLastSuccessfulBackup(Instant when) {
        lastSuccessfulBackup = when;
    }
}

package dev.osiris.lab.windows.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** LocalMachine\\My certificates. Thread-safe. */
public final class CertificateStore {

    public record Certificate(String subject, String issuer, String thumbprint, Instant notBefore, Instant notAfter,
                              String friendlyName) {
    }

    private final List<Certificate> certificates = new ArrayList<>();

    public synchronized void add(Certificate c) {
        certificates.add(c);
    }

    public synchronized List<Certificate> all() {
        return new ArrayList<>(certificates);
    }

    public synchronized boolean remove(String thumbprint) {
        return certificates.removeIf(c -> c.thumbprint().equalsIgnoreCase(thumbprint));
    }
}

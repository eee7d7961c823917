package dev.osiris.agent.update;

/** Dotted numeric release versions ({@code 1.10.2} is newer than {@code 1.9}); a non-numeric running version is oldest. */
final class Versions {

    private Versions() {
    }

    static int compare(String a, String b) {
        long[] x = parts(a);
        long[] y = parts(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long[] parts(String v) {
        if (v == null || !v.matches("[0-9]+(\\.[0-9]+)*")) {
            return new long[] {-1};
        }
        String[] p = v.split("\\.");
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Long.parseLong(p[i]);
        }
        return out;
    }
}

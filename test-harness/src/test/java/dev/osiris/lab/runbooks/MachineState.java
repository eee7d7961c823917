package dev.osiris.lab.runbooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the Linux attacks and heals would change if they escaped a lab host's namespaces, read on the machine
 * itself: the files and directories they write, the root network namespace's sysctls and nftables ruleset, and
 * whether /dev/log exists. Equal snapshots before and after a run mean nothing leaked.
 */
record MachineState(Map<String, String> facts) {

    private static final String[] FILES = {"/etc/ssh/sshd_config", "/etc/passwd", "/etc/security/pwquality.conf",
            "/etc/security/faillock.conf", "/etc/pam.d/common-auth", "/etc/pam.d/common-password", "/etc/rsyslog.conf",
            "/etc/chrony/chrony.conf", "/etc/nftables.conf", "/etc/group", "/etc/gshadow", "/etc/sudoers", "/etc/crontab",
            "/etc/resolv.conf", "/etc/pam.d/sshd", "/etc/pam.d/login"};
    private static final String[] MODES = {"/etc/shadow", "/etc/gshadow", "/etc/profile"};
    private static final String[] DIRS = {"/etc/cron.d", "/etc/systemd/system", "/etc/apt/apt.conf.d", "/etc/audit/rules.d",
            "/etc/rsyslog.d", "/etc/sysctl.d", "/usr/local/bin", "/etc/ssl", "/var/lib/osiris", "/var/lib/osiris-data", "/var/spool/cron/crontabs",
            "/etc/sudoers.d", "/etc/ssh/sshd_config.d", "/etc/pam.d", "/root/.ssh", "/var/backups",
            "/usr/lib/systemd/system"};
    private static final String[] SYSCTLS = {"net/ipv4/ip_forward", "net/ipv4/conf/all/accept_redirects",
            "net/ipv4/conf/all/send_redirects", "net/ipv4/tcp_syncookies"};

    static MachineState read() throws IOException, InterruptedException {
        Map<String, String> facts = new TreeMap<>();
        for (String f : FILES) {
            Path p = Path.of(f);
            facts.put(f, Files.exists(p) ? sha256(Files.readAllBytes(p)) : "absent");
        }
        for (String f : MODES) {
            Path p = Path.of(f);
            facts.put("mode " + f, Files.exists(p) ? PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) : "absent");
        }
        for (String d : DIRS) {
            Path p = Path.of(d);
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    facts.put("ls " + d, String.join(",", list.map(x -> x.getFileName().toString()).sorted().toList()));
                }
            } else {
                facts.put("ls " + d, "absent");
            }
        }
        for (String s : SYSCTLS) {
            facts.put(s, Files.readString(Path.of("/proc/sys", s)).strip());
        }
        facts.put("/dev/log", Files.exists(Path.of("/dev/log")) ? "present" : "absent");
        Process nft = new ProcessBuilder("sh", "-c", "nft list ruleset 2>/dev/null || true").redirectErrorStream(true).start();
        String ruleset = new String(nft.getInputStream().readAllBytes());
        nft.waitFor(10, TimeUnit.SECONDS);
        facts.put("nft ruleset", sha256(ruleset.getBytes()));
        return new MachineState(facts);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

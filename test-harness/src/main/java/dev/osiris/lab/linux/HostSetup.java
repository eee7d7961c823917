package dev.osiris.lab.linux;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shell script that turns fresh mount, UTS and PID namespaces (already inside the host's network namespace)
 * into a Linux host: the machine's file systems read-only, copy-on-write overlays over the directories runbooks and
 * attacks change, private /run, /tmp and /dev (so a daemon's /dev/log is the host's own), /proc/sys read-only but
 * for its net/ part (the network namespace's own), its own hostname, a fresh ed25519 host key (announced on
 * stderr), the account (with passwordless sudo when it is not root, as the agent's service account has on a field
 * host), the {@link HardenedBaseline} when asked for, then {@code exec sshd -D} as the PID
 * namespace's init. The overlays' upper layers live on a tmpfs private to the namespace, so the machine's files are
 * never written and nothing is left behind when the host's last process exits. Fed to {@code sh -s} on stdin (no
 * secrets in argv).
 */
final class HostSetup {

    static final String HOST_KEY_MARKER = "osiris-hostkey ";
    static final String LISTENING = "Server listening on ";
    /** Directories that get a copy-on-write overlay. */
    static final String[] OVERLAID = {"etc", "var", "root", "home", "usr/local", "usr/lib/systemd", "opt"};

    /** A /dev with the usual character devices (bound from the machine's), its own devpts, shm and /dev/log. */
    private static final String PRIVATE_DEV = """
            mkdir $S/dev; mount -t tmpfs -o mode=0755,nosuid osiris-dev $S/dev
            for n in null zero full random urandom tty; do touch $S/dev/$n; mount --bind /dev/$n $S/dev/$n; done
            mkdir $S/dev/pts $S/dev/shm
            mount -t devpts -o newinstance,gid=5,mode=0620,ptmxmode=0666 osiris-devpts $S/dev/pts
            ln -s pts/ptmx $S/dev/ptmx; ln -s /proc/self/fd $S/dev/fd
            ln -s /proc/self/fd/0 $S/dev/stdin; ln -s /proc/self/fd/1 $S/dev/stdout; ln -s /proc/self/fd/2 $S/dev/stderr
            mount -t tmpfs -o mode=1777,nosuid,nodev osiris-shm $S/dev/shm
            mount --move $S/dev /dev
            """;

    private HostSetup() {
    }

    /**
     * Debian's stock sshd_config (openssh-server 1:9.2p1-2, bookworm): the drop-in Include first, so that a
     * drop-in's value wins over the main file's as on a Debian host, and PAM on. The lab's own lines (where it
     * listens, its host key, root and password logins) stand where Debian's commented defaults are, after the
     * Include; drop-ins the machine has are not the host's, so the host starts with an empty sshd_config.d.
     */
    static String sshdConfig(LinuxHostSpec spec) {
        return "mkdir -p /etc/ssh/sshd_config.d; rm -f /etc/ssh/sshd_config.d/*\n"
                + "cat > /etc/ssh/sshd_config <<'OSIRIS_CFG'\n"
                + "# Osiris lab host " + spec.name() + ": Debian's stock sshd_config with the lab's settings\n"
                + "Include /etc/ssh/sshd_config.d/*.conf\n"
                + "Port 22\n"
                + "ListenAddress " + spec.address() + "\n"
                + "HostKey /etc/ssh/ssh_host_ed25519_key\n"
                + "PermitRootLogin " + (spec.hardened() ? "no" : "yes") + "\n"
                + "PubkeyAuthentication yes\n"
                + "PasswordAuthentication " + (spec.password() != null ? "yes" : "no") + "\n"
                + "KbdInteractiveAuthentication no\n"
                + "UsePAM yes\n"
                + "X11Forwarding yes\n"
                + "PrintMotd no\n"
                + "AcceptEnv LANG LC_*\n"
                + "Subsystem sftp /usr/lib/openssh/sftp-server\n"
                + "PidFile /run/sshd.pid\n"
                + "OSIRIS_CFG\n";
    }

    /** The login account: created if missing, passwordless sudo when not root, its password and authorized key. */
    static String accountScript(LinuxHostSpec spec) {
        StringBuilder s = new StringBuilder();
        String a = spec.account();
        if (!a.equals("root")) {
            s.append("id -u ").append(a).append(" >/dev/null 2>&1 || useradd -m -s /bin/bash ").append(a).append('\n');
        }
        if (!a.equals("root") && Files.isExecutable(Path.of("/usr/bin/sudo"))) {
            // the agent's service account: runbooks run as root through sudo -n, as on a field host
            s.append("echo '").append(a).append(" ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/osiris-agent; chmod 0440 /etc/sudoers.d/osiris-agent\n");
            s.append("grep -q \"[[:space:]]$(hostname)\\$\" /etc/hosts || echo \"127.0.1.1 $(hostname)\" >> /etc/hosts\n");
        }
        if (spec.password() != null) {
            s.append("chpasswd <<'OSIRIS_PW'\n").append(a).append(':').append(spec.password()).append("\nOSIRIS_PW\n");
        }
        if (spec.authorizedKey() != null) {
            s.append("H=$(getent passwd ").append(a).append(" | cut -d: -f6); mkdir -p $H/.ssh\n");
            s.append("cat >> $H/.ssh/authorized_keys <<'OSIRIS_KEY'\n").append(spec.authorizedKey()).append("\nOSIRIS_KEY\n");
            s.append("chown -R ").append(a).append(": $H/.ssh; chmod 700 $H/.ssh; chmod 600 $H/.ssh/authorized_keys\n");
        }
        return s.toString();
    }

    static String script(LinuxHostSpec spec) {
        StringBuilder s = new StringBuilder();
        s.append("set -e\n");
        s.append("mount --make-rprivate /\n");
        // only this namespace's copy of the root mount turns read-only: the machine's own stays as it is
        s.append("mount -o remount,bind,ro /\n");
        s.append("mount -t tmpfs -o mode=0755 osiris-run /run\n");
        s.append("S=/run/osiris-lab; mkdir -p $S; mount -t tmpfs -o mode=0700 osiris-lab $S\n");
        s.append("for d in");
        for (String d : OVERLAID) {
            s.append(' ').append(d);
        }
        s.append("; do\n");
        s.append("  [ -d /$d ] || continue\n");
        s.append("  n=$(echo $d | tr / _); mkdir -p $S/$n.upper $S/$n.work\n");
        s.append("  mount -t overlay overlay -o lowerdir=/$d,upperdir=$S/$n.upper,workdir=$S/$n.work /$d\n");
        s.append("done\n");
        s.append("mount -t tmpfs -o mode=1777 osiris-tmp /tmp\n");
        s.append(PRIVATE_DEV);
        s.append("mount --bind /proc/sys /proc/sys; mount --bind /proc/sys/net /proc/sys/net; mount -o remount,bind,ro /proc/sys\n");
        s.append("mount -o remount,bind,ro /sys\n");
        s.append("hostname ").append(spec.name()).append('\n');
        s.append("echo ").append(spec.name()).append(" > /etc/hostname\n");
        s.append("sysctl -qw net.ipv4.ip_forward=0 >/dev/null 2>&1 || true\n");
        s.append("rm -f /etc/ssh/ssh_host_*\n");
        s.append("ssh-keygen -q -t ed25519 -N '' -C ").append(spec.name()).append(" -f /etc/ssh/ssh_host_ed25519_key\n");
        s.append("echo \"").append(HOST_KEY_MARKER)
                .append("$(ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2)\" >&2\n");
        s.append("mkdir -p /run/sshd; chmod 0755 /run/sshd\n");
        s.append(sshdConfig(spec));
        s.append(accountScript(spec));
        if (spec.hardened()) {
            s.append(HardenedBaseline.script(spec));
        }
        s.append("exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config\n");
        return s.toString();
    }
}

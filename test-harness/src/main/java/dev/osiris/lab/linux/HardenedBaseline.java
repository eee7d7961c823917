package dev.osiris.lab.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

/**
 * The compliant baseline of a hardened lab host ({@link LinuxHostSpec#hardened}), as a shell fragment run by
 * {@link HostSetup} before sshd starts: every Linux runbook of the catalog detects COMPLIANT on a fresh host.
 *
 * <p>Nothing leaves the host's namespaces: the firewall and net.* sysctls are its network namespace's own, files
 * land in its overlays, rsyslogd has no kernel-log input (imklog would drain the machine's kmsg), chronyd runs with
 * {@code -x} (never touches the clock), cron runs its jobs inside the host, and audit rules are written but never
 * loaded (auditd cannot run outside the initial PID namespace, which the audit runbook reports as "unsupported").
 * The disk-space runbook's lab path is a small tmpfs ({@link #DATA_VOLUME}: 8 MiB, 2048 inodes) that attacks may fill.
 */
public final class HardenedBaseline {

    /** A small tmpfs inside the host, the target of the disk-space runbook and its attack. */
    public static final String DATA_VOLUME = "/var/lib/osiris-data";

    private HardenedBaseline() {
    }

    /**
     * The runbook parameters of a site whose Linux hosts are hardened lab hosts: logs forwarded to the appliance
     * side of the lab links (also their DNS resolver and time source), and the disk-space runbook watching the lab's data volume
     * (never the machine's disks).
     */
    public static ObjectNode siteParams() {
        ObjectNode params = Json.object();
        params.put("logHost", LinuxLab.ROOT_SIDE);
        params.putArray("volumes").add(DATA_VOLUME);
        params.putArray("linuxDnsServers").add(LinuxLab.ROOT_SIDE);
        params.putArray("ntpServers").add(LinuxLab.ROOT_SIDE);
        return params;
    }

    static String script(LinuxHostSpec spec) {
        return SCRIPT.replace("@ACCOUNT@", spec.account()).replace("@APPLIANCE@", LinuxLab.ROOT_SIDE)
                .replace("@DATA@", DATA_VOLUME);
    }

    private static final String SCRIPT = """
            for c in sudo nft rsyslogd chronyd cron openssl sysctl; do
              command -v $c >/dev/null 2>&1 || { echo "a hardened lab host needs $c: ./osiris test installs the lab's Debian packages" >&2; exit 1; }
            done
            usermod -p '*' @ACCOUNT@
            # the site's resolver is the appliance side (a symlink of the machine's would point into this host's /run)
            rm -f /etc/resolv.conf; printf 'nameserver %s\n' @APPLIANCE@ > /etc/resolv.conf
            # host firewall: default-deny input, SSH only from the appliance
            cat > /etc/nftables.conf <<OSIRIS_NFT
            #!/usr/sbin/nft -f
            flush ruleset
            table inet filter {
              chain input {
                type filter hook input priority filter; policy drop;
                ct state established,related accept
                ct state invalid drop
                iif "lo" accept
                ip saddr @APPLIANCE@ tcp dport 22 accept
                meta l4proto { icmp, ipv6-icmp } accept
              }
              chain forward {
                type filter hook forward priority filter; policy drop;
              }
            }
            OSIRIS_NFT
            nft -f /etc/nftables.conf
            # kernel network hardening: net.* sysctls are this network namespace's own
            cat > /etc/sysctl.d/60-osiris-net-hardening.conf <<'OSIRIS_SYSCTL'
            net.ipv4.ip_forward = 0
            net.ipv4.conf.all.accept_redirects = 0
            net.ipv4.conf.default.accept_redirects = 0
            net.ipv4.conf.all.secure_redirects = 0
            net.ipv4.conf.default.secure_redirects = 0
            net.ipv4.conf.all.send_redirects = 0
            net.ipv4.conf.default.send_redirects = 0
            net.ipv4.conf.all.accept_source_route = 0
            net.ipv4.conf.default.accept_source_route = 0
            net.ipv4.conf.all.rp_filter = 1
            net.ipv4.conf.default.rp_filter = 1
            net.ipv4.conf.all.log_martians = 1
            net.ipv4.tcp_syncookies = 1
            net.ipv4.icmp_echo_ignore_broadcasts = 1
            OSIRIS_SYSCTL
            if [ -d /proc/sys/net/ipv6 ]; then
              printf 'net.ipv6.conf.all.accept_redirects = 0\\nnet.ipv6.conf.default.accept_redirects = 0\\n' >> /etc/sysctl.d/60-osiris-net-hardening.conf
            fi
            grep '^net\\.' /etc/sysctl.d/60-osiris-net-hardening.conf | tr -d ' ' | while read -r kv; do sysctl -qw "$kv"; done
            # password quality and lockout
            mkdir -p /etc/security
            sed -i -E '/^[[:space:]]*(minlen|minclass)[[:space:]]*=/d' /etc/security/pwquality.conf
            printf 'minlen = 14\\nminclass = 3\\n' >> /etc/security/pwquality.conf
            grep -q '^password.*pam_pwquality.so' /etc/pam.d/common-password \\
              || sed -i -E '0,/^password.*pam_unix\\.so/s//password\\trequisite\\t\\t\\tpam_pwquality.so retry=3\\n&/' /etc/pam.d/common-password
            sed -i -E '/^[[:space:]]*(deny|unlock_time)[[:space:]]*=/d' /etc/security/faillock.conf
            printf 'deny = 5\\nunlock_time = 1800\\n' >> /etc/security/faillock.conf
            grep -q '^auth.*pam_faillock.so' /etc/pam.d/common-auth \\
              || sed -i -E 's/^(auth[[:space:]]+\\[success=1 default=ignore\\][[:space:]]+pam_unix\\.so.*)$/auth\\trequired\\t\\t\\tpam_faillock.so preauth\\n\\1\\nauth\\t[default=die]\\t\\t\\tpam_faillock.so authfail\\nauth\\tsufficient\\t\\t\\tpam_faillock.so authsucc/' /etc/pam.d/common-auth
            # audit rules (persistent only: auditd cannot own the kernel's audit pid from a child PID namespace)
            mkdir -p /etc/audit/rules.d
            cat > /etc/audit/rules.d/50-osiris.rules <<'OSIRIS_AUDIT'
            -w /etc/passwd -p wa -k identity
            -w /etc/group -p wa -k identity
            -w /etc/shadow -p wa -k identity
            -w /etc/gshadow -p wa -k identity
            -w /etc/sudoers -p wa -k privilege
            -w /etc/sudoers.d -p wa -k privilege
            -w /var/log/auth.log -p wa -k logins
            -w /etc/ssh/sshd_config -p wa -k sshd
            OSIRIS_AUDIT
            # automatic security updates (scheduled by cron's daily run here, by apt-daily-upgrade.timer under systemd)
            printf 'APT::Periodic::Update-Package-Lists "1";\\nAPT::Periodic::Unattended-Upgrade "1";\\n' > /etc/apt/apt.conf.d/20auto-upgrades
            # logging: no kernel log input (imklog would drain the machine's kmsg), forwarding to the appliance side
            cat > /etc/rsyslog.conf <<'OSIRIS_RSYSLOG'
            module(load="imuxsock")
            $FileCreateMode 0640
            *.*;auth,authpriv.none	-/var/log/syslog
            auth,authpriv.*	/var/log/auth.log
            $IncludeConfig /etc/rsyslog.d/*.conf
            OSIRIS_RSYSLOG
            mkdir -p /etc/rsyslog.d
            cat > /etc/rsyslog.d/90-osiris-forward.conf <<OSIRIS_FWD
            *.* action(type="omfwd" target="@APPLIANCE@" port="514" protocol="tcp" queue.type="LinkedList" queue.size="1000" action.resumeRetryCount="-1")
            OSIRIS_FWD
            rsyslogd </dev/null >/dev/null 2>&1
            # time: chronyd -x never touches the machine's clock; the appliance side is its (unreachable) source
            mkdir -p /etc/chrony
            printf 'server %s iburst\\ndriftfile /var/lib/chrony/chrony.drift\\nlogdir /var/log/chrony\\n' @APPLIANCE@ > /etc/chrony/chrony.conf
            chronyd -x -f /etc/chrony/chrony.conf </dev/null >/dev/null 2>&1
            cron </dev/null >/dev/null 2>&1
            # a service certificate a year from expiry
            mkdir -p /etc/ssl/osiris
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj "/CN=$(hostname)" \\
              -keyout /etc/ssl/osiris/host.key -out /etc/ssl/osiris/host.crt </dev/null >/dev/null 2>&1
            chmod 600 /etc/ssl/osiris/host.key
            # a small volume for the disk-space runbook's lab path
            mkdir -p @DATA@; mount -t tmpfs -o size=8m,nr_inodes=2048,mode=0755 osiris-data @DATA@
            chmod 640 /etc/shadow /etc/gshadow; chown root:shadow /etc/shadow /etc/gshadow
            """;
}

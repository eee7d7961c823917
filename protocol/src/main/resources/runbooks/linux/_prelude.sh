# Osiris Linux prelude: prepended to every Linux detect batch, remediation, verification and attack.
# POSIX sh with awk/sed/grep/coreutils only. Runs as root (the agent adds sudo -n when the account is not root).
# The script itself arrives on the shell's stdin: nothing here (nor in a fragment) may read stdin, so every
# command that could is given </dev/null.

# --- JSON -----------------------------------------------------------------------------------------------
# j_str TEXT: TEXT as a JSON string (control characters dropped, line breaks kept as \n).
j_str() {
    printf '%s' "$1" | j_escape | awk '
        BEGIN { ORS = ""; printf "\"" }
        { if (NR > 1) printf "\\n"; printf "%s", $0 }
        END { printf "\"" }'
}

# j_escape: stdin with control characters dropped and backslash, quote, tab and CR escaped for JSON (sed, not
# awk's gsub, whose backslash handling differs between awk implementations).
j_escape() {
    tr -d '\000-\010\013\014\016-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$(printf '\t')/\\\\t/g" -e "s/$(printf '\r')/\\\\r/g"
}

# j_lines: stdin's non-empty lines as a JSON array of strings.
j_lines() {
    j_escape | awk '
        BEGIN { ORS = ""; printf "[" }
        length($0) > 0 { printf "%s\"%s\"", (n++ ? "," : ""), $0 }
        END { printf "]" }'
}

# j_bool VALUE: true for true/yes/1/on (any case), else false.
j_bool() {
    case "$1" in
        [Tt][Rr][Uu][Ee]|[Yy][Ee][Ss]|1|[Oo][Nn]) printf true ;;
        *) printf false ;;
    esac
}

# j_test CMD...: true when the command succeeds (its output discarded), else false.
j_test() {
    if "$@" </dev/null >/dev/null 2>&1; then printf true; else printf false; fi
}

# j_num VALUE: an integer as a JSON number, anything else as null.
j_num() {
    case "$1" in
        ''|-|*[!0-9-]*|?*-*) printf null ;;
        *) printf '%s' "$1" ;;
    esac
}

# j_na REASON: the "not applicable" result.
j_na() {
    printf '{"applicable":false,"reason":%s}\n' "$(j_str "$1")"
}

# j_err MESSAGE: an error result (unknown state, never healed).
j_err() {
    printf '{"_error":%s}\n' "$(j_str "$1")"
}

# --- files --------------------------------------------------------------------------------------------
# j_immutable FILE...: what enforces FILEs against a heal, as a JSON list for a detect's "enforcedBy": those
# carrying the immutable or append-only attribute (chattr +i / +a), which even root must lift before writing.
# Empty where lsattr is missing or the file system keeps no attributes.
j_immutable() {
    for osiris_f in "$@"; do
        [ -e "$osiris_f" ] || continue
        lsattr -d "$osiris_f" </dev/null 2>/dev/null | awk -v f="$osiris_f" '
            $1 ~ /i/ { print "immutable " f; next }
            $1 ~ /a/ { print "append-only " f }'
    done | j_lines
}

# conf_files PATH...: the existing regular files among PATHs, one per line (globs already expanded by the caller).
conf_files() {
    for osiris_f in "$@"; do
        [ -f "$osiris_f" ] && printf '%s\n' "$osiris_f"
    done
    return 0
}

# has_cmd NAME: the command exists on PATH or in the usual sbin directories.
has_cmd() {
    command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]
}

PATH="$PATH:/usr/sbin:/sbin:/usr/bin:/bin"
export PATH

# --- persistence ----------------------------------------------------------------------------------------
# persist_jobs: the job lines of a system crontab or anacrontab on stdin (no comments, blanks or VAR= settings)
# except the distribution's own run-parts of /etc/cron.{hourly,daily,weekly,monthly}, with runs of blanks as one space.
persist_jobs() {
    awk '/^[[:space:]]*(#|$)/ { next }
         /^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*[[:space:]]*=/ { next }
         /run-parts( --report)? \/etc\/cron\.(hourly|daily|weekly|monthly)/ { next }
         { gsub(/[ \t]+/, " "); sub(/ $/, ""); print }'
}

# persist_cron_scripts: scripts in /etc/cron.{hourly,daily,weekly,monthly} that run-parts would run (executable, a
# name of letters, digits, '_' and '-' only, as Debian's run-parts requires) and no installed package owns, one path
# per line. dpkg hosts only: elsewhere the distribution's own scripts cannot be told apart, and nothing is listed.
persist_cron_scripts() {
    [ -d /var/lib/dpkg/info ] || return 0
    osiris_scripts="$(find /etc/cron.hourly /etc/cron.daily /etc/cron.weekly /etc/cron.monthly -mindepth 1 -maxdepth 1 \
            \( -type f -o -type l \) -perm -u+x -regex '.*/[A-Za-z0-9_-]+' 2>/dev/null | sort)"
    [ -n "$osiris_scripts" ] || return 0
    cat /var/lib/dpkg/info/*.list 2>/dev/null | awk -v scripts="$osiris_scripts" '
        { own[$0] = 1 }
        END { n = split(scripts, s, "\n"); for (i = 1; i <= n; i++) if (!(s[i] in own)) print s[i] }'
}

# persist_user_units: user unit files and drop-ins, system-wide and in every home (root's too), one path per line.
persist_user_units() {
    for osiris_d in /etc/systemd/user /usr/local/lib/systemd/user /usr/local/lib/systemd/system \
            $(awk -F: '{ print $6 "/.config/systemd/user" }' /etc/passwd 2>/dev/null | sort -u); do
        [ -d "$osiris_d" ] || continue
        find "$osiris_d" -mindepth 1 -maxdepth 1 -type f \( -name '*.service' -o -name '*.timer' -o -name '*.path' -o -name '*.socket' \) 2>/dev/null
        find "$osiris_d" -mindepth 2 -maxdepth 2 -type f -path '*.d/*' -name '*.conf' 2>/dev/null
    done
    return 0
}

# persist_user_managers: "account uid" of every running systemd user manager (its private socket exists), one per line.
persist_user_managers() {
    for osiris_r in /run/user/[0-9]*; do
        [ -S "$osiris_r/systemd/private" ] || continue
        osiris_id="${osiris_r##*/}"
        osiris_u="$(getent passwd "$osiris_id" | cut -d: -f1)"
        [ -n "$osiris_u" ] && printf '%s %s\n' "$osiris_u" "$osiris_id"
    done
    return 0
}

# persist_user_systemctl ARGS...: systemctl --user ARGS in every running user manager, as its account (a user manager
# answers only its own account, over $XDG_RUNTIME_DIR/systemd/private). Fails if one of them refuses.
persist_user_systemctl() {
    osiris_rc=0
    for osiris_m in $(persist_user_managers | tr ' ' ':'); do
        runuser -u "${osiris_m%%:*}" -- env XDG_RUNTIME_DIR="/run/user/${osiris_m##*:}" systemctl --user "$@" </dev/null \
            || osiris_rc=1
    done
    return $osiris_rc
}

# persist_unowned_units: unit files in the distribution's own unit directory that no installed package owns, where
# units masquerade as the system's (dpkg hosts only: elsewhere nothing is listed), one path per line.
persist_unowned_units() {
    [ -d /var/lib/dpkg/info ] || return 0
    osiris_units="$(for osiris_d in /usr/lib/systemd/system /lib/systemd/system; do
            [ -d "$osiris_d" ] && [ ! -L "${osiris_d%%/systemd/system}" ] || continue
            find "$osiris_d" -maxdepth 1 -type f \( -name '*.service' -o -name '*.timer' -o -name '*.path' -o -name '*.socket' \) 2>/dev/null
        done | sort -u)"
    [ -n "$osiris_units" ] || return 0
    cat /var/lib/dpkg/info/*.list 2>/dev/null | awk -v units="$osiris_units" '
        { own[$0] = 1 }
        END {
            n = split(units, u, "\n")
            for (i = 1; i <= n; i++) {
                p = u[i]; q = p; r = p; sub(/^\/usr\/lib\//, "/lib/", q); sub(/^\/lib\//, "/usr/lib/", r)
                if (!(p in own) && !(q in own) && !(r in own)) print p
            }
        }'
}

# --- init system and services -------------------------------------------------------------------------
# osiris_init: systemd | openrc | sysv | none. "none" is a host without a service manager as PID 1, e.g. a
# container or an Osiris lab host (its PID 1 is sshd in its own PID namespace).
osiris_init() {
    osiris_pid1="$(cat /proc/1/comm 2>/dev/null)"
    if [ -d /run/systemd/system ] && [ "$osiris_pid1" = systemd ]; then
        echo systemd
    elif { [ "$osiris_pid1" = init ] || [ "$osiris_pid1" = openrc-init ]; } && { [ -d /run/openrc ] || has_cmd openrc-run; }; then
        echo openrc
    elif [ "$osiris_pid1" = init ] && [ -d /etc/init.d ]; then
        echo sysv
    else
        echo none
    fi
}

# svc_units NAME: unit / init-script names a service has across distributions.
svc_units() {
    case "$1" in
        ssh|sshd) echo "ssh sshd" ;;
        chrony|chronyd) echo "chrony chronyd" ;;
        cron|crond|cronie) echo "cron crond cronie" ;;
        rsyslog|rsyslogd) echo "rsyslog" ;;
        auditd) echo "auditd" ;;
        timesyncd|systemd-timesyncd) echo "systemd-timesyncd" ;;
        ntp|ntpd|ntpsec) echo "ntpsec ntp ntpd" ;;
        nftables) echo "nftables" ;;
        *) echo "$1" ;;
    esac
}

# svc_procs NAME: the daemon's process names.
svc_procs() {
    case "$1" in
        ssh|sshd) echo "sshd" ;;
        chrony|chronyd) echo "chronyd" ;;
        cron|crond|cronie) echo "cron crond" ;;
        rsyslog|rsyslogd) echo "rsyslogd" ;;
        auditd) echo "auditd" ;;
        timesyncd|systemd-timesyncd) echo "systemd-timesyncd" ;;
        ntp|ntpd|ntpsec) echo "ntpd" ;;
        *) echo "$1" ;;
    esac
}

# svc_unit NAME: the first unit of NAME systemd knows, or nothing.
svc_unit() {
    for osiris_u in $(svc_units "$1"); do
        if systemctl list-unit-files "$osiris_u.service" </dev/null 2>/dev/null | grep -q "^$osiris_u\.service"; then
            echo "$osiris_u"
            return 0
        fi
    done
    return 1
}

# svc_pids NAME: pids of the daemon's processes in this host's PID namespace (one per line).
svc_pids() {
    for osiris_p in $(svc_procs "$1"); do
        if has_cmd pgrep; then
            pgrep -x "$osiris_p" 2>/dev/null
        else
            pidof "$osiris_p" 2>/dev/null | tr ' ' '\n'
        fi
    done
    return 0
}

# svc_installed NAME: the daemon's binary or unit is present.
svc_installed() {
    for osiris_p in $(svc_procs "$1"); do
        has_cmd "$osiris_p" && return 0
    done
    [ "$(osiris_init)" = systemd ] && svc_unit "$1" >/dev/null && return 0
    for osiris_u in $(svc_units "$1"); do
        [ -x "/etc/init.d/$osiris_u" ] && return 0
    done
    return 1
}

# svc_state NAME: running | stopped | absent.
svc_state() {
    if [ "$(osiris_init)" = systemd ]; then
        if osiris_unit="$(svc_unit "$1")"; then
            if systemctl is-active --quiet "$osiris_unit" </dev/null 2>/dev/null; then echo running; else echo stopped; fi
            return 0
        fi
    elif [ -n "$(svc_pids "$1")" ]; then
        echo running
        return 0
    fi
    if svc_installed "$1"; then echo stopped; else echo absent; fi
}

# svc_enabled NAME: true | false | unknown (whether the service starts at boot; unknown without an init system).
svc_enabled() {
    case "$(osiris_init)" in
        systemd)
            if osiris_unit="$(svc_unit "$1")" && systemctl is-enabled --quiet "$osiris_unit" </dev/null 2>/dev/null; then
                echo true
            else
                echo false
            fi ;;
        openrc)
            for osiris_u in $(svc_units "$1"); do
                ls /etc/runlevels/*/"$osiris_u" >/dev/null 2>&1 && { echo true; return 0; }
            done
            echo false ;;
        sysv)
            for osiris_u in $(svc_units "$1"); do
                ls /etc/rc[2-5].d/S*"$osiris_u" >/dev/null 2>&1 && { echo true; return 0; }
            done
            echo false ;;
        *) echo unknown ;;
    esac
}

# svc_wait NAME running|stopped: waits (at most ~10 s) until the service is in that state.
svc_wait() {
    osiris_i=0
    while [ "$osiris_i" -lt 50 ]; do
        [ "$(svc_state "$1")" = "$2" ] && return 0
        sleep 0.2 2>/dev/null || sleep 1
        osiris_i=$((osiris_i + 1))
    done
    return 1
}

# svc_start NAME [CMD...]: enables and starts the service with the host's init system and waits until it runs.
# CMD is how the daemon is started where there is no init system (it must daemonize); without CMD that case fails.
svc_start() {
    osiris_name="$1"
    shift
    case "$(osiris_init)" in
        systemd)
            osiris_unit="$(svc_unit "$osiris_name")" || { echo "no systemd unit for $osiris_name" >&2; return 1; }
            systemctl enable --now "$osiris_unit" </dev/null >/dev/null 2>&1 || systemctl start "$osiris_unit" </dev/null >&2 || return 1 ;;
        openrc)
            for osiris_u in $(svc_units "$osiris_name"); do
                [ -x "/etc/init.d/$osiris_u" ] || continue
                rc-update add "$osiris_u" default </dev/null >/dev/null 2>&1
                rc-service "$osiris_u" start </dev/null >&2 || return 1
                break
            done ;;
        sysv)
            for osiris_u in $(svc_units "$osiris_name"); do
                [ -x "/etc/init.d/$osiris_u" ] || continue
                if has_cmd update-rc.d; then update-rc.d "$osiris_u" enable </dev/null >/dev/null 2>&1; fi
                if has_cmd chkconfig; then chkconfig "$osiris_u" on </dev/null >/dev/null 2>&1; fi
                service "$osiris_u" start </dev/null >&2 || return 1
                break
            done ;;
        none)
            [ "$(svc_state "$osiris_name")" = running ] && return 0
            [ $# -gt 0 ] || { echo "no init system and no start command for $osiris_name" >&2; return 1; }
            # the daemon must not hold the script's stdin or the session's stdout open
            "$@" </dev/null >/dev/null 2>&1 || return 1 ;;
    esac
    svc_wait "$osiris_name" running || { echo "$osiris_name did not start" >&2; return 1; }
}

# svc_stop NAME: stops the service now (boot-time enablement untouched).
svc_stop() {
    case "$(osiris_init)" in
        systemd) osiris_unit="$(svc_unit "$1")" && systemctl stop "$osiris_unit" </dev/null >&2 ;;
        openrc|sysv)
            for osiris_u in $(svc_units "$1"); do
                [ -x "/etc/init.d/$osiris_u" ] && service "$osiris_u" stop </dev/null >&2 && break
            done ;;
        *) for osiris_p in $(svc_pids "$1"); do kill "$osiris_p" 2>/dev/null; done ;;
    esac
    svc_wait "$1" stopped
}

# svc_restart NAME [CMD...]: restarts a running service (starts a stopped one) so that it reads its configuration.
svc_restart() {
    osiris_name="$1"
    case "$(osiris_init)" in
        systemd)
            osiris_unit="$(svc_unit "$osiris_name")" || return 1
            systemctl enable "$osiris_unit" </dev/null >/dev/null 2>&1
            systemctl restart "$osiris_unit" </dev/null >&2 || return 1
            svc_wait "$osiris_name" running ;;
        none)
            svc_stop "$osiris_name" || return 1
            svc_start "$@" ;;
        *)
            svc_stop "$osiris_name"
            svc_start "$@" ;;
    esac
}

# svc_reload NAME [PIDFILE]: asks the running daemon to re-read its configuration (SIGHUP to the pid in PIDFILE
# where there is no init system: never to every process of that name, which would hit the sessions of sshd).
svc_reload() {
    case "$(osiris_init)" in
        systemd)
            osiris_unit="$(svc_unit "$1")" || return 1
            systemctl reload-or-restart "$osiris_unit" </dev/null >&2 ;;
        openrc|sysv)
            for osiris_u in $(svc_units "$1"); do
                [ -x "/etc/init.d/$osiris_u" ] && { service "$osiris_u" reload </dev/null >&2; return $?; }
            done
            return 1 ;;
        *)
            [ -n "$2" ] && [ -s "$2" ] || { echo "no pid file for $1" >&2; return 1; }
            kill -HUP "$(cat "$2")" ;;
    esac
}

# --- OpenSSH server -------------------------------------------------------------------------------------
# sshd_expanded: the server configuration as sshd reads it (Include lines replaced by the files they name).
sshd_expanded() {
    awk 'tolower($1) == "include" {
            for (i = 2; i <= NF; i++) {
                p = $i; if (p !~ /^\//) p = "/etc/ssh/" p
                cmd = "for f in " p "; do [ -f \"$f\" ] && cat \"$f\"; done"
                while ((cmd | getline line) > 0) print line
                close(cmd)
            }
            next
        }
        { print }' /etc/ssh/sshd_config 2>/dev/null
}

# sshd_effective KEY: "VALUE SOURCE" for a global sshd option: from `sshd -T` (the server's own view of its
# configuration), else the first global occurrence in the files (sshd keeps the first value it reads).
sshd_effective() {
    osiris_k="$(printf '%s' "$1" | tr 'A-Z' 'a-z')"
    osiris_v="$(sshd -T </dev/null 2>/dev/null | awk -v k="$osiris_k" '$1 == k { print $2; exit }')"
    if [ -n "$osiris_v" ]; then
        echo "$osiris_v sshd-T"
        return 0
    fi
    osiris_v="$(sshd_expanded | awk -v k="$osiris_k" '
        tolower($1) == "match" { exit }
        tolower($1) == k { print tolower($2); exit }')"
    echo "${osiris_v:-default} config"
}

# sshd_files: sshd_config and the existing files its Include lines name, one per line.
sshd_files() {
    echo /etc/ssh/sshd_config
    awk 'tolower($1) == "include" { for (i = 2; i <= NF; i++) print $i }' /etc/ssh/sshd_config 2>/dev/null \
        | while read -r osiris_p; do
            case "$osiris_p" in /*) ;; *) osiris_p="/etc/ssh/$osiris_p" ;; esac
            for osiris_g in $osiris_p; do [ -f "$osiris_g" ] && echo "$osiris_g"; done
        done
    return 0
}

# sshd_contexts [USER...]: the connection specs for `sshd -T -C`, one per line: each USER (default: root and every
# account with a login shell) connecting from loopback, private and public addresses and from every literal address
# a Match line names, so that a Match block for some users or networks is evaluated as sshd would apply it. Nothing
# connects anywhere: sshd only evaluates its configuration.
sshd_contexts() {
    if [ $# -eq 0 ]; then
        set -- $( { echo root; awk -F: '$7 != "" && $7 !~ /(nologin|false|sync|shutdown|halt)$/ { print $1 }' /etc/passwd; } | sort -u)
    fi
    osiris_lport="$(sshd -T </dev/null 2>/dev/null | awk '$1 == "port" { print $2; exit }')"
    osiris_addrs="$( { printf '127.0.0.1\n::1\n10.0.0.10\n172.16.0.10\n192.168.1.10\n203.0.113.10\n2001:db8::10\n'
        sshd_expanded | awk 'tolower($1) == "match" {
            for (i = 2; i < NF; i++) if (tolower($i) == "address") {
                n = split($(i + 1), a, ",")
                for (j = 1; j <= n; j++) { x = a[j]; sub(/^!/, "", x); sub(/\/.*/, "", x); if (x !~ /[*?]/) print x }
            }
        }'; } | sort -u)"
    for osiris_u in "$@"; do
        for osiris_a in $osiris_addrs; do
            printf 'user=%s,host=%s,addr=%s,lport=%s\n' "$osiris_u" "$osiris_a" "$osiris_a" "${osiris_lport:-22}"
        done
    done
}

# sshd_in_contexts "KEY..." [USER...]: "CONTEXT VALUE..." lines: the KEYs' values as sshd applies them to each
# connection context of sshd_contexts. Nothing when sshd cannot evaluate its configuration.
sshd_in_contexts() {
    osiris_keys="$(printf '%s' "$1" | tr 'A-Z' 'a-z')"
    shift
    sshd -T </dev/null >/dev/null 2>&1 || return 0
    sshd_contexts "$@" | while read -r osiris_c; do
        sshd -T -C "$osiris_c" </dev/null 2>/dev/null | awk -v c="$osiris_c" -v keys="$osiris_keys" '
            BEGIN { n = split(keys, k, " ") }
            { v[$1] = (v[$1] == "" ? $2 : v[$1]) }
            END { printf "%s", c; for (i = 1; i <= n; i++) printf " %s", (v[k[i]] == "" ? "default" : v[k[i]]); printf "\n" }'
    done
}

# ssh_service_key_files: "ACCOUNT:FILE" for every existing authorized-keys file sshd would read for root and for
# each service account (uid below 1000 or a nologin/false shell), AuthorizedKeysFile as sshd resolves it per account.
ssh_service_key_files() {
    # per account only where a Match block could change it (one sshd -T per account costs time on big passwd files)
    osiris_akf="$(sshd -T </dev/null 2>/dev/null | awk '$1 == "authorizedkeysfile" { for (i = 2; i <= NF; i++) print $i }')"
    sshd_expanded | grep -qi '^[[:space:]]*match[[:space:]]' && osiris_akf=""
    awk -F: '$1 == "root" || $3 < 1000 || $7 ~ /(nologin|false)$/ { print $1 ":" $6 }' /etc/passwd 2>/dev/null \
        | while IFS=: read -r osiris_u osiris_h; do
            for osiris_p in ${osiris_akf:-$(sshd -T -C "user=$osiris_u" </dev/null 2>/dev/null | awk '$1 == "authorizedkeysfile" { for (i = 2; i <= NF; i++) print $i }')}; do
                [ "$osiris_p" = none ] && continue
                osiris_p="$(printf '%s' "$osiris_p" | sed -e "s|%h|$osiris_h|g" -e "s|%u|$osiris_u|g" -e 's|%%|%|g')"
                case "$osiris_p" in /*) ;; *) osiris_p="$osiris_h/$osiris_p" ;; esac
                [ -f "$osiris_p" ] && printf '%s:%s\n' "$osiris_u" "$osiris_p"
            done
        done
    return 0
}

# sshd_set KEY VALUE: makes VALUE the value of KEY in every connection context: other global occurrences in
# sshd_config and its drop-ins, and those in Match blocks that set another value, are commented out and the setting
# goes first in sshd_config (sshd keeps the first value it reads). The new configuration is checked with sshd -t
# before sshd reloads it; a bad one is rolled back.
sshd_set() {
    osiris_main=/etc/ssh/sshd_config
    osiris_want="$(printf '%s' "$2" | tr 'A-Z' 'a-z')"
    # already in effect as sshd itself reads it, in every context: nothing to change, no reload
    if [ "$(sshd_effective "$1")" = "$osiris_want sshd-T" ] \
            && ! sshd_in_contexts "$1" | awk -v v="$osiris_want" '$2 != v { bad = 1 } END { exit !bad }'; then
        return 0
    fi
    cp -p "$osiris_main" "$osiris_main.osiris-bak" || return 1
    for osiris_f in $(sshd_files); do
        awk -v k="$(printf '%s' "$1" | tr 'A-Z' 'a-z')" -v v="$osiris_want" '
            tolower($1) == "match" { inmatch = 1 }
            tolower($1) == k && (!inmatch || tolower($2) != v) { print "# disabled by Osiris: " $0; next }
            { print }' "$osiris_f" > "$osiris_f.osiris-new" && cat "$osiris_f.osiris-new" > "$osiris_f" || { rm -f "$osiris_f.osiris-new"; return 1; }
        rm -f "$osiris_f.osiris-new"
    done
    { printf '%s %s\n' "$1" "$2"; cat "$osiris_main"; } > "$osiris_main.osiris-new" && cat "$osiris_main.osiris-new" > "$osiris_main" \
        || { rm -f "$osiris_main.osiris-new" "$osiris_main.osiris-bak"; echo "cannot write $osiris_main" >&2; return 1; }
    rm -f "$osiris_main.osiris-new"
    if ! sshd -t </dev/null >&2; then
        cat "$osiris_main.osiris-bak" > "$osiris_main"
        rm -f "$osiris_main.osiris-bak"
        echo "sshd -t rejected the new configuration; restored" >&2
        return 1
    fi
    rm -f "$osiris_main.osiris-bak"
    svc_reload ssh "$(sshd -T </dev/null 2>/dev/null | awk '$1 == "pidfile" { print $2 }')"
}

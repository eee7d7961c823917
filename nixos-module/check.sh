#!/usr/bin/env bash
# Checks the module without nixpkgs: the unit files (placeholders filled in as the module would) with
# `systemd-analyze verify --man=no` (any line on stderr fails: an unknown key only warns), their exposure with
# `systemd-analyze security --offline=yes` (the score is printed), and default.nix with `nix-instantiate --parse`.
# Needs systemd (systemd-analyze) and Debian's nix-bin; exits non-zero on the first failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
java="${java:-$(command -v java)}"
[[ -x "$java" ]] || { echo "check.sh: no java found (JAVA_HOME or PATH)" >&2; exit 2; }
command -v systemd-analyze >/dev/null || { echo "check.sh: systemd-analyze is missing (apt-get install systemd)" >&2; exit 2; }
command -v nix-instantiate >/dev/null || { echo "check.sh: nix-instantiate is missing (apt-get install nix-bin)" >&2; exit 2; }

units="$work/units"
mkdir -p "$units"
touch "$work/osiris-agent.jar" "$work/agent.yaml"
for unit in "$here"/units/*; do
    sed -e "s|@java@|$java|g" -e "s|@agentJar@|$work/osiris-agent.jar|g" \
        -e "s|@agentJvmOptions@|$here/../edge-agent/jvm.options|g" -e "s|@config@|$work/agent.yaml|g" \
        -e "s|@docDir@|$here|g" -e "s|@slotA@|/dev/disk/by-partlabel/osiris-a|g" \
        -e "s|@slotB@|/dev/disk/by-partlabel/osiris-b|g" -e "s|@espLabel@|ESP|g" -e "s|@uid@|2731|g" \
        -e "s|@gid@|2731|g" "$unit" > "$units/$(basename "$unit")"
    if grep -n '@[a-zA-Z]*@' "$units/$(basename "$unit")" | grep -v '@@\|ExecStart' >/dev/null; then
        echo "check.sh: $(basename "$unit") keeps a placeholder the module does not fill" >&2; exit 1
    fi
done

failed=0
for unit in "$units"/*; do
    name="$(basename "$unit")"
    if ! systemd-analyze verify --man=no "$unit" 2> "$work/verify.err" >/dev/null || [[ -s "$work/verify.err" ]]; then
        echo "FAIL systemd-analyze verify $name:"; sed 's/^/  /' "$work/verify.err"; failed=1
    else
        echo "ok   systemd-analyze verify $name"
    fi
done
for unit in "$units"/*.service; do
    name="$(basename "$unit")"
    score="$(systemd-analyze security --offline=yes "$unit" 2>/dev/null | grep -o 'Overall exposure level for .*' || true)"
    [[ -n "$score" ]] || { echo "FAIL systemd-analyze security $name printed no score"; failed=1; continue; }
    echo "     $score"
done
if NIX_CONFIG='build-users-group =' nix-instantiate --parse "$here/default.nix" >/dev/null 2> "$work/parse.err"; then
    echo "ok   nix-instantiate --parse default.nix"
else
    echo "FAIL nix-instantiate --parse default.nix:"; sed 's/^/  /' "$work/parse.err"; failed=1
fi
exit "$failed"

# Shared by the chaos scripts: finds config.env and the launcher, reads the settings the scripts print, runs a plan.
# CHAOS_CONFIG names another config.env; OSIRIS another launcher (a test runs the campaign runner directly).
set -euo pipefail

CHAOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CHAOS_CONFIG="${CHAOS_CONFIG:-$CHAOS_DIR/config.env}"
OSIRIS="${OSIRIS:-$CHAOS_DIR/../osiris}"

chaos_setting() {
    # prints the value of KEY in config.env (quotes removed), or the default given; the file is read, not sourced
    local key="$1" fallback="${2:-}" line value=""
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ "$line" =~ ^[[:space:]]*$key[[:space:]]*=(.*)$ ]] || continue
        value="${BASH_REMATCH[1]}"
        value="${value%%#*}"; value="${value#"${value%%[![:space:]]*}"}"; value="${value%"${value##*[![:space:]]}"}"
        value="${value#\"}"; value="${value%\"}"
    done < "$CHAOS_CONFIG"
    printf '%s' "${value:-$fallback}"
}

chaos_run() {
    local plan="$1"; shift
    [[ -f "$CHAOS_CONFIG" ]] || { echo "chaos: no config at $CHAOS_CONFIG (copy chaos-lab/config.env)" >&2; exit 2; }
    echo "chaos: $plan with $CHAOS_CONFIG: restores $(chaos_setting ENABLE_RESTORES false)," \
        "time sync before attack $(chaos_setting TIME_SYNC_BEFORE_ATTACK true)," \
        "healing mode $(chaos_setting HEALING_MODE full-coverage)" >&2
    exec "$OSIRIS" chaos run "$plan" --config "$CHAOS_CONFIG" "$@"
}

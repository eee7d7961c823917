#!/usr/bin/env bash
# The stress test: ATTACKS (or one auto-healable attack per category) ROUNDS times (5) on every host
# they apply to; a check that keeps drifting back shows up as escalated (flapping).
# Settings: config.env beside this script (or CHAOS_CONFIG); extra arguments go to ./osiris chaos run (--seed N, --out DIR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chaos_run stress "$@"

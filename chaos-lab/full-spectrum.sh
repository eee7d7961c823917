#!/usr/bin/env bash
# Full-spectrum test: every attack of the five categories (security, network, services, policy,
# persistence), each on one host it applies to; the campaign benchmark.
# Settings: config.env beside this script (or CHAOS_CONFIG); extra arguments go to ./osiris chaos run (--seed N, --out DIR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chaos_run full-spectrum "$@"

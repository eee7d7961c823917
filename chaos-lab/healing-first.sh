#!/usr/bin/env bash
# Healing-first execution plan: one attack per runbook of CATEGORIES, each healed by the appliance;
# a host is restored only if it was not healed and ENABLE_RESTORES=true.
# Settings: config.env beside this script (or CHAOS_CONFIG); extra arguments go to ./osiris chaos run (--seed N, --out DIR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chaos_run healing-first "$@"

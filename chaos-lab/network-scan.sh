#!/usr/bin/env bash
# Network compliance scan: no attack, one scan of every lab host, the compliance of each check.
# Settings: config.env beside this script (or CHAOS_CONFIG); extra arguments go to ./osiris chaos run (--seed N, --out DIR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
chaos_run network-scan "$@"

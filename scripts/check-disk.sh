#!/usr/bin/env bash
# Stop early, with a clear message, when the disk cannot hold what comes next.
#
# Why: a CI run once failed after 224 s with pip's "[Errno 28] No space left on device", three retries
# later, because old clones had filled the disk. Checking first names the folder and what to free.
#
# Usage: scripts/check-disk.sh NEED_GB PURPOSE DIR...   (each DIR must have NEED_GB free)
set -euo pipefail

need_gb=$1
purpose=$2
shift 2
for dir in "$@"; do
  mkdir -p "$dir"
  free_kb=$(df -Pk "$dir" | awk 'NR == 2 {print $4}')
  if ((free_kb < need_gb * 1024 * 1024)); then
    echo "not enough disk space for $purpose: $((free_kb / 1024 / 1024)) GB free on $(df -P "$dir" | awk 'NR == 2 {print $6}') ($dir), about $need_gb GB needed." >&2
    echo "Free some space (old clones with their .venv, leftover /tmp/pytest-of-$(id -un) or /tmp/retrieval-bench-* folders) and run it again." >&2
    exit 2
  fi
done

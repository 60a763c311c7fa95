#!/usr/bin/env bash
# Run a pip command, retrying when the package registry drops the connection.
#
# Why: a fresh install downloads about 2 GB from PyPI; one interrupted wheel download (seen in CI:
# chromadb stuck at 13.4 of 23.3 MB through pip's own six resume attempts) used to fail the whole
# `make test`. A later attempt, after a pause, starts the interrupted download again.
#
# A full disk ("No space left on device") is not retried.
#
# Usage: scripts/pip-retry.sh PYTHON ARGS...   (e.g. scripts/pip-retry.sh .venv/bin/python install -e .)
# Attempts and pauses: PIP_ATTEMPTS (default 4), PIP_RETRY_PAUSES (seconds, default "15 45 90").
set -uo pipefail

python=$1
shift
attempts=${PIP_ATTEMPTS:-4}
read -r -a pauses <<<"${PIP_RETRY_PAUSES:-15 45 90}"
extra=(--retries 10)
# --resume-retries exists from pip 25.1 on; the venv's first pip (upgrading itself) may be older.
if "$python" -m pip install --help 2>/dev/null | grep -q -- --resume-retries; then
  extra+=(--resume-retries 20)
fi
if ! err=$(mktemp); then
  echo "no temporary file could be made (is the disk full?); pip needs one too: free some space and run it again" >&2
  exit 1
fi
trap 'rm -f "$err"' EXIT
for ((i = 1; i <= attempts; i++)); do
  "$python" -m pip "$@" "${extra[@]}" 2>"$err" && { cat "$err" >&2; exit 0; }
  status=$?
  cat "$err" >&2
  # A full disk stays full: say so at once instead of retrying (seen in CI: three retries, then the same error).
  if grep -q "No space left on device" "$err"; then
    echo "pip failed (exit $status): the disk is full ($(df -Ph . | awk 'NR == 2 {print $4}') free here); free some space and run it again: pip $*" >&2
    exit "$status"
  fi
  if ((i == attempts)); then
    echo "pip failed $attempts times (exit $status): pip $*" >&2
    exit "$status"
  fi
  pause=${pauses[i - 1]:-${pauses[-1]}}
  echo "pip failed (exit $status, attempt $i of $attempts); retrying in $pause s: pip $*" >&2
  sleep "$pause"
done

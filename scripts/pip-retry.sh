#!/usr/bin/env bash
# Run a pip command, retrying when the package registry drops the connection.
#
# Why: a fresh install downloads about 2 GB from PyPI; one interrupted wheel download (seen in CI:
# chromadb stuck at 13.4 of 23.3 MB through pip's own six resume attempts) used to fail the whole
# `make test`. A later attempt, after a pause, starts the interrupted download again.
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
for ((i = 1; i <= attempts; i++)); do
  "$python" -m pip "$@" "${extra[@]}" && exit 0
  status=$?
  if ((i == attempts)); then
    echo "pip failed $attempts times (exit $status): pip $*" >&2
    exit "$status"
  fi
  pause=${pauses[i - 1]:-${pauses[-1]}}
  echo "pip failed (exit $status, attempt $i of $attempts); retrying in $pause s: pip $*" >&2
  sleep "$pause"
done

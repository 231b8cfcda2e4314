#!/usr/bin/env bash
# run_shared.sh EXOMIR_TESTS: the unit tests tagged [shared], which read ../shared/data (real reads, miRBase history,
# TargetScan and pathway tables; not in the repository). Without that folder they skip (exit 77, ctest SKIP) with one
# line naming it, so `make test` passes on a fresh clone; with CI=true a missing folder is an error, so CI runs all.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${EXOMIR_SHARED_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
if [ ! -d "$DIR" ]; then
  if [ "${CI:-}" = true ]; then
    echo "error: CI=true but $DIR is missing: the [shared] unit tests need it; put the shared data beside the checkout"
    exit 1
  fi
  echo "skip: $DIR is missing (the shared data beside the checkout); the [shared] unit tests did not run"
  exit 77
fi
EXOMIR_SHARED_DATA=$DIR exec "$1" "[shared]"

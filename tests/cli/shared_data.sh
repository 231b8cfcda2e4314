# shared_data.sh: sourced by the tests/cli/*/test_*.sh scripts that read ../shared/data (real data, not in the
# repository). Sets SHARED to $EXOMIR_SHARED_DATA or the checkout's ../shared/data, and defines
#   need_shared PATH...   every PATH (under $SHARED) must exist; otherwise one line naming the first missing one and
#                         exit 77 (ctest SKIP), or exit 1 when CI=true, so CI never skips silently.
#   shared_missing PATH   true (after one line) if PATH is missing and CI is not true; exits 1 under CI=true.
_shared_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${EXOMIR_SHARED_DATA:-$(cd "$_shared_root/.." && pwd)/shared/data}
shared_missing() {
  [ -e "$1" ] && return 1
  if [ "${CI:-}" = true ]; then echo "error: CI=true but $1 is missing (shared data beside the checkout)"; exit 1; fi
  echo "skip: $1 is missing (shared data beside the checkout)"
  return 0
}
need_shared() {
  local p
  for p in "$@"; do shared_missing "$p" && exit 77; done
  return 0
}

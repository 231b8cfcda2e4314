#!/usr/bin/env bash
# check_layout.sh [ROOT]: the layout rules of docs/style.md (issue 13), for src/<stage>/ and include/exomir/<stage>/:
#  1. includes: a file may include its own stage and the stages listed for it below; anything else (an arrow up the
#     pipeline, a relative "../" include, a stage folder not listed here) fails with FILE:LINE;
#  2. headers: every src/<stage>/X.cpp has include/exomir/<stage>/X.hpp, or its first line says why not
#     ("X.cpp (no header of its own: declared in ...)");
#  3. no shell: no call of system() or popen() anywhere in src/ or include/ (docs/security.md: external programs
#     run with an argv through core/process);
#  4. function length: no function of src/ has a body over 60 lines unless the line above it starts with
#     "// long: " and says why (a function at namespace level: its signature starts in column 0, its body ends at
#     the next "}" in column 0, as clang-format lays them out).
# src/main.cpp is the command table and may include every stage. Without ROOT it first checks itself on small trees
# (a clean one, one with a forbidden arrow, one with a .cpp lacking its header), then the checkout.
set -euo pipefail

# Allowed arrows, stage -> stages it may include besides itself, each with its reason.
declare -A ALLOWED=(
  [core]=""                                # core is the bottom: I/O, CLI, TSV, sample sheet, escaping, run layout
  [reference]="core"                       # miRBase, names, curated tables, fetch: only core below them
  [quant]="core reference"                 # reads are annotated against the miRBase reference
  [targets]="core reference quant"         # quant: the mirGFF3 reader (5' isomiR seeds)
  [network]="core reference"               # reference: curated modules and gene IDs
  [rank]="core reference network"          # network: the result bundle and the scoring
  [explore]="core reference network"       # network: the result bundle, graph exports; reference: name history
  [report]="core reference quant network"  # quant: the mirGFF3 reader, RNA classes; network: result tables
  [run]="core reference quant targets network rank report"  # run calls the stages it runs
)

check_includes() {  # check_includes ROOT: prints every forbidden include, returns 1 if there is one
  local root=$1 bad=0 file stage target line_no text
  while IFS= read -r file; do
    stage=$(sed -E 's#^(src|include/exomir)/([^/]+)/.*#\2#' <<< "$file")
    if [[ -z ${ALLOWED[$stage]+set} ]]; then
      echo "$file: stage folder '$stage' is not in tests/layout/check_layout.sh; add it with its allowed arrows"
      bad=1; continue
    fi
    while IFS=: read -r line_no text; do
      if [[ $text =~ \#include[[:space:]]*[\"\<]\.\./ ]]; then
        echo "$file:$line_no: relative include ($text); include \"exomir/<stage>/<file>.hpp\""
        bad=1; continue
      fi
      [[ $text =~ \#include[[:space:]]*[\"\<]exomir/([^/\"\>]+)/ ]] || continue
      target=${BASH_REMATCH[1]}
      [[ $target == "$stage" || " ${ALLOWED[$stage]} " == *" $target "* ]] && continue
      echo "$file:$line_no: $stage may not include $target ($text); allowed: ${ALLOWED[$stage]:-nothing but core}"
      bad=1
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include' "$root/$file" || true)
  done < <(cd "$root" && find src include/exomir -mindepth 2 -type f \( -name '*.cpp' -o -name '*.hpp' \) | LC_ALL=C sort)
  return $bad
}

check_headers() {  # check_headers ROOT: prints every .cpp without a same-name header or a reason, returns 1 if any
  local root=$1 bad=0 file stage name
  while IFS= read -r file; do
    stage=$(cut -d/ -f2 <<< "$file"); name=$(basename "$file" .cpp)
    [[ -f $root/include/exomir/$stage/$name.hpp ]] && continue
    head -n 1 "$root/$file" | grep -c "^// $name\.cpp (no header of its own: declared in " >/dev/null && continue
    echo "$file:1: no include/exomir/$stage/$name.hpp and the first line does not say why" \
      "(// $name.cpp (no header of its own: declared in ...): ...)"
    bad=1
  done < <(cd "$root" && find src -mindepth 2 -type f -name '*.cpp' | LC_ALL=C sort)
  return $bad
}

check_no_shell() {  # check_no_shell ROOT: prints every system()/popen() call outside comments, returns 1 if any
  local hits
  hits=$(cd "$1" && grep -rnE '(^|[^A-Za-z0-9_.>])(std::|::)?(system|popen)[[:space:]]*\(' src include 2>/dev/null |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' || true)
  [[ -z $hits ]] && return 0
  sed 's/$/  <- runs a shell: use run_program (core\/process.hpp) with an argv/' <<< "$hits"
  return 1
}

check_function_length() {  # check_function_length ROOT: prints every function body over 60 lines, returns 1 if any
  local out
  out=$(cd "$1" && find src -type f -name '*.cpp' | LC_ALL=C sort | xargs awk '
    FNR == 1 { state = 0 }
    state == 2 && /^}/ {
      n = FNR - body - 1
      if (n > 60 && above !~ /^\/\/ long: /)
        printf "%s:%d: %s... has a body of %d lines (over 60): split it, or say why on the line above (// long: ...)\n", FILENAME, start, substr(sig, 1, 60), n
      state = 0; next
    }
    state == 0 && /^[A-Za-z_]/ && /\(/ && !/^(namespace|struct|class|enum|union|extern|template|using|static_assert|typedef)[^A-Za-z0-9_]/ {
      state = 1; start = FNR; sig = $0; above = prev
    }
    state == 1 {
      if ($0 ~ /;[[:space:]]*$/ || $0 ~ /\}[[:space:]]*$/) state = 0  # a declaration, or a one-line function
      else if ($0 ~ /\{[[:space:]]*$/) {
        head = sig; sub(/\(.*/, "", head)
        if (head ~ /=/) state = 0; else { state = 2; body = FNR }
      }
    }
    { prev = $0 }')
  [[ -z $out ]] && return 0
  echo "$out"
  return 1
}

if [[ $# -eq 0 ]]; then  # self-test: the checks must pass a clean tree and catch each kind of fault
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/src/core" "$tmp/src/report" "$tmp/include/exomir/core" "$tmp/include/exomir/network" \
    "$tmp/include/exomir/report"
  printf '// io.cpp: x\n#include "exomir/core/io.hpp"\n' > "$tmp/src/core/io.cpp"
  printf '// report_data.cpp (no header of its own: declared in report/report.hpp): x\n#include "exomir/network/result.hpp"\n' \
    > "$tmp/src/report/report_data.cpp"
  for h in core/io network/result report/report; do printf '#include <string>\n' > "$tmp/include/exomir/$h.hpp"; done
  { check_includes "$tmp" && check_headers "$tmp"; } > /dev/null || { echo "self-test: a clean tree was refused"; exit 1; }
  printf '#include "exomir/network/result.hpp"\n' >> "$tmp/src/core/io.cpp"
  out=$(check_includes "$tmp") && { echo "self-test: core -> network was not caught"; exit 1; }
  [[ $out == "src/core/io.cpp:3: core may not include network"* ]] || { echo "self-test: wrong message: $out"; exit 1; }
  printf '// log.cpp: x\n' > "$tmp/src/core/log.cpp"
  out=$(check_headers "$tmp") && { echo "self-test: a .cpp without header was not caught"; exit 1; }
  [[ $out == "src/core/log.cpp:1: no include/exomir/core/log.hpp"* ]] || { echo "self-test: wrong message: $out"; exit 1; }
  check_no_shell "$tmp" > /dev/null || { echo "self-test: a clean tree has a shell call"; exit 1; }
  printf '// io.cpp: x\n#include "exomir/core/io.hpp"\nint f() { return std::system("dot"); }\n' > "$tmp/src/core/io.cpp"
  out=$(check_no_shell "$tmp") && { echo "self-test: std::system( was not caught"; exit 1; }
  [[ $out == "src/core/io.cpp:3:"* ]] || { echo "self-test: wrong message: $out"; exit 1; }
  long_fn() {  # long_fn N [REASON]: src/core/io.cpp with a function whose body is N lines, REASON above it
    { printf '// io.cpp: x\n'; [[ -n ${2:-} ]] && printf '// long: %s\n' "$2"
      printf 'int f(int a,\n      int b) {\n'; for _ in $(seq $(($1 - 1))); do printf '    a += b;\n'; done
      printf '    return a;\n}\n'; } > "$tmp/src/core/io.cpp"
  }
  long_fn 61
  out=$(check_function_length "$tmp") && { echo "self-test: a 61-line body was not caught"; exit 1; }
  [[ $out == "src/core/io.cpp:2: int f(int a,... has a body of 61 lines"* ]] || { echo "self-test: wrong message: $out"; exit 1; }
  long_fn 61 "one table of cases; split, it would hide their order"
  check_function_length "$tmp" > /dev/null || { echo "self-test: a long function with its reason was refused"; exit 1; }
  long_fn 60
  check_function_length "$tmp" > /dev/null || { echo "self-test: a 60-line body was refused"; exit 1; }
  { printf '// io.cpp: x\nint one() { return 1; }\nstruct Big {\n'; for _ in $(seq 70); do printf '    int a;\n'; done
    printf '};\n'; } > "$tmp/src/core/io.cpp"
  check_function_length "$tmp" > /dev/null || { echo "self-test: a struct after a one-line function was measured"; exit 1; }
  set -- "$(cd "$(dirname "$0")/../.." && pwd)"
fi
status=0
check_includes "$1" || status=1
check_headers "$1" || status=1
check_no_shell "$1" || status=1
check_function_length "$1" || status=1
[[ $status -eq 0 ]] && echo "ok: includes follow the stage rule, every .cpp has its header or says why, no shell," \
  "no function body over 60 lines" \
  "($(cd "$1" && find src include/exomir -mindepth 2 -name '*.?pp' | wc -l) files)"
exit $status

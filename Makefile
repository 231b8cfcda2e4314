# Thin wrapper over CMake: deps, build, test, demo. See README.md.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DEXOMIR_WERROR=ON

# Build and runtime dependencies (Debian 12 packages).
BUILD_PKGS = g++ cmake make pkg-config zlib1g-dev libhts-dev libtbb-dev \
             libboost-graph-dev catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libdeflate-dev libedit-dev \
             libsqlite3-dev libisal-dev libxxhash-dev libcurl4-gnutls-dev libssl-dev libzip-dev
# Reference data and real reads used by the demo and the tests (offline, from Debian).
DATA_PKGS  = optimir dnapi
# Tools the tests call: numpy and scipy (independent checks of TMM and of the report's MDS and clustering), the
# mirGFF3 validator, a pseudo-terminal driver, python for scoring; the workflow (snakemake), MultiQC, headless
# Chromium for report.html, Graphviz for the report's network picture; dpkg-shlibdeps (make deb's Depends) and man
# (the man page check).
TEST_PKGS  = python3 python3-numpy python3-scipy python3-mirtop tmux snakemake multiqc chromium graphviz dpkg-dev man-db
# libFuzzer and its sanitizer runtimes (make fuzz; clang 14 in Debian 12).
FUZZ_PKGS  = clang libclang-rt-14-dev clang-format
PKGS = $(BUILD_PKGS) $(DATA_PKGS) $(TEST_PKGS) $(FUZZ_PKGS)

.PHONY: all build deps test check demo clean sanitize test-sanitize fuzz format format-check deb install

all: build

deps:
	@missing=$$(for p in $(PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "[make deps] installing:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "[make deps] all packages present"; fi
	@bash scripts/ensure_dnapi_reads.sh
	@bash scripts/ensure_bioc_db.sh

build:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

# The CI gate (.ci/run): the suite on the release build, then the same suite under ASan+UBSan and the threaded
# tests under TSan, then every libFuzzer target for FUZZ_SECONDS. About 45-50 min on a fresh 2-core machine (CI, 2026-12-03: 48 min with 60 s fuzzing), most of it
# compiling the three instrumented builds. `make check` is the quick loop: release build + ctest only.
test: deps build format-check
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-sanitize
	$(MAKE) fuzz

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Install into PREFIX (bin/exomir, share/exomir/{reference,workflows}, man page, bash completion), and the Debian
# package (CPack; Depends from dpkg-shlibdeps): $(BUILD)/exomir_<version>_<arch>.deb. tests/cli/core/test_install.sh
# and test_deb.sh (root only) check both in `make test`.
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX) --strip
deb: build
	cd $(BUILD) && cpack -G DEB
	@ls $(BUILD)/exomir_*.deb

demo: deps build
	bash scripts/demo.sh $(BUILD)/exomir

# Sanitizers (part of `make test`): ASan+UBSan over the whole ctest suite, then TSan over the threaded
# unit tests (Catch2 filter: every test of test_collapse.cpp and test_annotate.cpp, and any test tagged [threads],
# e.g. the thread tests of targets and network scoring; add a stage's file as [#test_<stage>]).
# False positives are suppressed, with a reason each, in tests/sanitizers/.
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$(CURDIR)/tests/sanitizers/ubsan.supp \
          LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp
# -O1 keeps instrumented runs fast; -g and frame pointers keep the reports readable.
SAN_CMAKE = -DCMAKE_BUILD_TYPE=Debug '-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g'
# On a fresh clone without ../shared/data the [shared] tests are left out, as ctest skips them (tests/unit/run_shared.sh);
# with CI=true they stay in and fail if the data is missing.
ifeq ($(wildcard ../shared/data)$(filter true,$(CI)),)
TSAN_FILTER ?= [\#test_collapse]~[shared],[\#test_annotate]~[shared],[threads]~[shared]
else
TSAN_FILTER ?= [\#test_collapse],[\#test_annotate],[threads]
endif
test-sanitize:
	$(MAKE) build BUILD=build-asan CMAKE_FLAGS="$(SAN_CMAKE) -DEXOMIR_SANITIZE=address,undefined"
	cd build-asan && $(SAN_ENV) ctest --output-on-failure -j $(JOBS)
	cmake -S . -B build-tsan $(SAN_CMAKE) -DEXOMIR_SANITIZE=thread
	cmake --build build-tsan -j $(JOBS) --target exomir_tests
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/sanitizers/tsan.supp" \
	  build-tsan/exomir_tests -# "$(TSAN_FILTER)"

sanitize: test-sanitize

# libFuzzer targets (tests/fuzz/*.cpp, clang): build in build-fuzz, run each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.cpp)))
fuzz:
	cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" -DEXOMIR_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target $(FUZZ_TARGETS)
	for t in $(FUZZ_TARGETS); do bash tests/fuzz/run_fuzz.sh $$t $(FUZZ_SECONDS) || exit 1; done

# One format for all C++ (.clang-format, clang-format 14 as Debian 12 ships it).
FORMAT_FILES = $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null || find src include tests -name '*.[ch]pp')
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "[format-check] $(words $(FORMAT_FILES)) files formatted"

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz demo_out

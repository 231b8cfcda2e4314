# Thin wrapper over CMake: deps, build, test, demo. See README.md.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DEXOMIR_WERROR=ON

# Build and runtime dependencies (Debian 12 packages).
BUILD_PKGS = g++ cmake make pkg-config zlib1g-dev libhts-dev libtbb-dev \
             libboost-graph-dev catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libdeflate-dev libedit-dev
# Reference data and real reads used by the demo and the tests (offline, from Debian).
DATA_PKGS  = optimir dnapi
# Tools the tests call: mirGFF3 validator, pseudo-terminal driver, python for scoring; the workflow (snakemake),
# MultiQC, headless Chromium for report.html, and Graphviz for the report's network picture.
TEST_PKGS  = python3 python3-mirtop tmux snakemake multiqc chromium graphviz
PKGS = $(BUILD_PKGS) $(DATA_PKGS) $(TEST_PKGS)

.PHONY: all build deps test demo clean sanitize

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

build:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: deps build
	bash scripts/demo.sh $(BUILD)/exomir

sanitize:
	$(MAKE) build BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DEXOMIR_SANITIZE=address,undefined"
	cd build-asan && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) build-asan demo_out

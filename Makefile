# wsgate: two commands from a fresh Debian 12 machine.
#   make run   installs what is missing, builds, runs the main job
#   make test  installs what is missing, builds, runs every test (plain, sanitized, short fuzz runs)
#   make fuzz  fuzzes every parser FUZZ_SECONDS each, corpora kept in build-fuzz/corpus (fuzz/README.md)

BUILD        ?= build
ASAN_BUILD   ?= build-asan
FUZZ_BUILD   ?= build-fuzz
# make fuzz: seconds per target, and the targets (empty: every one)
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
JOBS         ?= $(shell nproc)

.PHONY: all deps build build-asan build-fuzz run test test-plain test-asan test-fuzz fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(ASAN_BUILD)/build.ninja: | deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWSGATE_SANITIZE=ON -DWSGATE_BENCH=OFF

# libFuzzer needs clang; ASan and UBSan come from WSGATE_SANITIZE.
$(FUZZ_BUILD)/build.ninja: | deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DWSGATE_FUZZ=ON -DWSGATE_SANITIZE=ON -DWSGATE_BENCH=OFF

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# Only the fuzz targets and the libraries they link.
build-fuzz: deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all

run: build
	scripts/run-main.sh $(BUILD)

test: test-plain test-asan test-fuzz

test-plain: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 300

test-asan: build-asan
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) --timeout 600

test-fuzz: build-fuzz
	ctest --test-dir $(FUZZ_BUILD) -L fuzz --output-on-failure -j $(JOBS)

fuzz: build-fuzz
	scripts/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bench: build
	scripts/run-bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

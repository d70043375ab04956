#!/bin/bash
# Builds the libFuzzer targets in build-fuzz (clang, --enable-fuzzers) and
# runs each for SECONDS (default 10) from the configuration corpus.
# Exit status 0 when nothing was found. Usage: tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
seconds=${1:-10}
mkdir -p build-fuzz
cd build-fuzz
# The engine's printf wrappers trip clang's -Wformat-nonliteral.
[ -f Makefile ] || ../configure --quiet --enable-fuzzers CC=clang \
	CFLAGS="-g -Wno-format-nonliteral"
make -j2 tests/fuzz/fuzz_config_line >/dev/null
corpus=$(mktemp -d /tmp/gv-fuzz-corpus.XXXXXX)
trap 'rm -rf "$corpus"' EXIT
cp "$top"/tests/config/*.conf "$corpus"/
./tests/fuzz/fuzz_config_line -max_total_time="$seconds" -max_len=2048 \
	-dict="$top/tests/fuzz/config.dict" "$corpus" 2>&1 | tail -3

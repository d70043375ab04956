#!/bin/sh
# Builds the decoder fuzz target in BUILD-DIR (clang, --enable-fuzzers),
# seeds it with the known-answer messages and runs it for SECONDS (60 by
# default). Exits non-zero on any finding (crash, sanitizer report, or a
# decoded message that does not re-encode identically).
# Usage: tests/fuzz/run-wire-fuzz.sh [BUILD-DIR [SECONDS]]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build-fuzz}
seconds=${2:-60}
mkdir -p "$build"
cd "$build"
[ -f Makefile ] || CC=clang "$top/configure" --quiet --enable-fuzzers
make -j2 tests/fuzz/fuzz_wire_decode >/dev/null
corpus=$build/fuzz-corpus/wire
"$top/tests/fuzz/wire-seeds.sh" "$corpus"
exec tests/fuzz/fuzz_wire_decode -max_total_time="$seconds" -max_len=4096 \
	-print_final_stats=1 "$corpus"

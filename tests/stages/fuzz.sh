#!/usr/bin/env bash
# Fuzzing stage of run-tests: `bash tests/stages/fuzz.sh BUILD_DIR`.
# Builds every libFuzzer target with clang, ASan and UBSan in a build
# directory of its own (FUZZ_BUILD, default build-fuzz next to BUILD_DIR),
# then `make fuzz` runs each for FUZZ_CI_SECONDS (default 20): regression
# inputs first, then fuzzing from the seed corpora. The TAP report goes
# through automake's tap-driver to BUILD_DIR/system/fuzz.trs (counted by
# tests/lib/summary.sh) and fuzz.log. Exits non-zero on any finding.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: fuzz.sh BUILD_DIR}" && pwd) || exit 1
fuzz_build=${FUZZ_BUILD:-$(dirname "$build")/build-fuzz}
seconds=${FUZZ_CI_SECONDS:-20}
out=$build/system
driver=$top/build-aux/tap-driver.sh
mkdir -p "$out" "$fuzz_build"
[ -f "$driver" ] || { echo "fuzz: $driver missing (run autoreconf -fi)"; exit 1; }

fail_build() {
	# A build that fails is a failed test, not a skipped one.
	printf ':test-result: FAIL\n:global-test-result: FAIL\n:recheck: yes\n:copy-in-global-log: yes\n' \
		>"$out/fuzz.trs"
	echo "fuzz: $1" | tee "$out/fuzz.log"
	exit 1
}

command -v clang >/dev/null || fail_build "clang is missing (apt-get install clang)"
cd "$fuzz_build" || exit 1
if [ ! -f Makefile ]; then
	# The engine's printf wrappers trip clang's -Wformat-nonliteral.
	CC=clang "$top/configure" --quiet --enable-fuzzers CFLAGS="-g -Wno-format-nonliteral" \
		|| fail_build "configure --enable-fuzzers failed in $fuzz_build"
fi
make -s Makefile >/dev/null 2>&1    # regenerated first, so the query prints only the list
targets=$(make -s --no-print-directory -f Makefile -f - print-fuzz-targets <<<'print-fuzz-targets: ; @echo $(FUZZ_TARGETS)')
make -s -j2 $targets >/dev/null || fail_build "cannot build the fuzz targets in $fuzz_build"

rm -f "$out/fuzz.log" "$out/fuzz.trs"
t0=$SECONDS
env AM_TAP_AWK=awk bash "$driver" --test-name fuzz --log-file "$out/fuzz.log" \
	--trs-file "$out/fuzz.trs" --color-tests no --enable-hard-errors yes \
	--expect-failure no --merge -- \
	bash "$top/tests/fuzz/run-all.sh" -t "$seconds" -o "$fuzz_build/ci-results" $targets </dev/null
echo "fuzz: $((SECONDS - t0)) s (log: $out/fuzz.log, findings: $fuzz_build/ci-results/artifacts)"
if grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$out/fuzz.trs"; then
	echo "fuzz: FAILED; end of the log:"
	tail -n 40 "$out/fuzz.log" | sed 's/^/  | /'
	exit 1
fi

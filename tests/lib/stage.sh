# What every stage script of run-tests shares. A stage sources it with its
# name and the build directory:
#   . "$(dirname "$0")/../lib/stage.sh" NAME BUILD_DIR
# which sets top, build and out (BUILD_DIR/system, where tests/lib/summary.sh
# counts results) and gives:
#   stage_build TARGET...      make those targets in the build, or fail the stage
#   stage_tap NAME COMMAND...  run a TAP command under automake's tap-driver,
#                              results in out/NAME.trs and .log; returns 1 and
#                              shows the end of the log if a test point failed
stage_name=$1
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${2:?usage: $stage_name.sh BUILD_DIR}" && pwd) || exit 1
out=$build/system
stage_driver=$top/build-aux/tap-driver.sh
mkdir -p "$out"
[ -f "$stage_driver" ] || { echo "$stage_name: $stage_driver missing (run autoreconf -fi)"; exit 1; }

stage_build() {
	make -C "$build" -s "$@" >/dev/null || { echo "$stage_name: cannot build $*"; exit 1; }
}

stage_tap() {
	local name=$1 t0=$SECONDS
	shift
	rm -f "$out/$name.log" "$out/$name.trs"
	env AM_TAP_AWK=awk bash "$stage_driver" --test-name "$name" --log-file "$out/$name.log" \
		--trs-file "$out/$name.trs" --color-tests no --enable-hard-errors yes \
		--expect-failure no --merge -- "$@" </dev/null
	echo "$stage_name: $name took $((SECONDS - t0)) s (log: $out/$name.log)"
	if grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$out/$name.trs"; then
		echo "$stage_name: $name FAILED; end of its log:"
		tail -n 60 "$out/$name.log" | sed 's/^/  | /'
		return 1
	fi
}

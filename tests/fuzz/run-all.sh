#!/bin/bash
# Runs libFuzzer targets one after the other (one core each) and reports in
# TAP: one test point per target, "not ok" on any crash, sanitizer report,
# timeout, out-of-memory, or failure to replay a regression input.
# Before fuzzing, each target replays tests/fuzz/regressions/TARGET/*.
# Corpora persist in OUT/corpus/TARGET (seeded from the test suite's real
# messages, see seed_target), so successive runs build on each other.
# Every run's final statistics go to OUT/stats.txt, findings to
# OUT/artifacts/, each target's output to OUT/TARGET.log.
# Usage: tests/fuzz/run-all.sh [-t SECONDS] [-o OUT] TARGET-PROGRAM...
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=60
out=$PWD/fuzz-results
while getopts t:o: opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	o) out=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-o OUT] TARGET..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-t SECONDS] [-o OUT] TARGET..." >&2; exit 2; }
mkdir -p "$out/artifacts" "$out/corpus"
# -fsanitize=undefined recovers by default: make a report end the run.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
out=$(cd "$out" && pwd)

# seed_target NAME DIR: the seed corpus of a target (of program $prog),
# and its options.
seed_target() {
	case $1 in
	fuzz_wire_decode|fuzz_mm_input)
		"$top/tests/fuzz/wire-seeds.sh" "$2"
		target_opts=(-max_len=4096) ;;
	fuzz_config_line)
		cp "$top"/tests/config/*.conf "$2"/
		target_opts=(-max_len=2048 "-dict=$top/tests/fuzz/config.dict") ;;
	fuzz_gdoi_payloads)
		"$top/tests/fuzz/payload-seeds.sh" "$2"
		target_opts=(-max_len=8192) ;;
	fuzz_mm_exchange|fuzz_ks_exchange|fuzz_gm_exchange)
		"$top/tests/fuzz/exchange-seeds.sh" "$1" "$2" "$prog"
		target_opts=(-max_len=4096) ;;
	fuzz_vty_frame)
		"$top/tests/fuzz/vty-seeds.sh" "$2"
		target_opts=(-max_len=16384 "-dict=$top/tests/fuzz/config.dict") ;;
	*)
		target_opts=() ;;
	esac
}

n=0
failed=0
for prog in "$@"; do
	n=$((n + 1))
	name=$(basename "$prog")
	log=$out/$name.log
	if [ ! -x "$prog" ]; then
		echo "not ok $n - $name: no such program (not built?)"
		failed=1
		continue
	fi
	seeds=$out/seeds/$name
	rm -rf "$seeds"
	mkdir -p "$seeds" "$out/corpus/$name"
	seed_target "$name" "$seeds"
	: >"$log"
	regress=("$top/tests/fuzz/regressions/$name"/*)
	if [ -e "${regress[0]}" ] &&
	   ! "$prog" "${target_opts[@]}" "${regress[@]}" >>"$log" 2>&1; then
		echo "not ok $n - $name: a regression input fails again (see $log)"
		failed=1
		continue
	fi
	"$prog" "${target_opts[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" \
		"$out/corpus/$name" "$seeds" >>"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && grep -q 'runtime error:' "$log"; then
		rc=1    # a sanitizer report that did not end the run
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
	corpus=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$done_line")
	summary="$name: ${seconds} s, ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}, corpus ${corpus:-?}"
	printf '%s %s exit %d\n' "$(date -u +%FT%TZ)" "$summary" "$rc" >>"$out/stats.txt"
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $summary"
	else
		echo "not ok $n - $name: exit status $rc; findings in $out/artifacts; end of $log:"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|timeout|leak' "$log" | head -20 |
			sed 's/^/#   /'
		failed=1
	fi
done
echo "1..$n"
exit $failed

#!/usr/bin/env bash
# Counts the results of every TAP test point run by automake under the given
# build directories and prints "tests: N passed, N failed, N skipped".
# Exits 1 if anything failed, if no test ran at all, or if a test was
# skipped without GETVPND_ALLOW_SKIP=1 (a skip must never pass silently).
pass=0 fail=0 skip=0
for dir in "$@"; do
	[ -d "$dir" ] || continue
	while IFS= read -r line; do
		case "$line" in
		":test-result: PASS"*|":test-result: XFAIL"*) pass=$((pass + 1)) ;;
		":test-result: SKIP"*) skip=$((skip + 1)) ;;
		":test-result: "*) fail=$((fail + 1)) ;;
		esac
	done < <(find "$dir" -name '*.trs' -exec cat {} + 2>/dev/null)
done
echo "tests: $pass passed, $fail failed, $skip skipped"
if [ "$skip" -gt 0 ] && [ "${GETVPND_ALLOW_SKIP:-0}" != 1 ]; then
	echo "skipped tests are failures unless GETVPND_ALLOW_SKIP=1 (see the SKIP reasons above)"
	exit 1
fi
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

#!/bin/bash
# Transcript tests: each tests/transcripts/NAME.t is what a session looks
# like, prompts and commands ("R1#show version") followed by the output.
# The commands are replayed through getvpnsh against a real getvpnd (with
# NAME.conf, copied, as its startup-config when it exists, else /dev/null)
# and the result must be identical; a mismatch prints a diff. Durations
# the machine decides are written @SECONDS@ in the transcript.
. "${top_srcdir:-.}/tests/cli/lib.sh"

version=$("$GETVPND" --version | sed 's/^getvpnd //')
prompt_re='^[A-Za-z][A-Za-z0-9-]*(\([a-z-]+\))?[>#]'

for t in "$top_srcdir"/tests/transcripts/*.t; do
	name=$(basename "$t" .t)
	sock="$gv_tmp/$name.sock"
	config=/dev/null
	if [ -f "${t%.t}.conf" ]; then
		config="$gv_tmp/$name.conf"
		cp "${t%.t}.conf" "$config"
	fi
	grep -v '^#' "$t" | sed "s/@VERSION@/$version/" > "$gv_tmp/$name.expected"
	grep -E "$prompt_re" "$gv_tmp/$name.expected" | sed -E "s/$prompt_re//" > "$gv_tmp/$name.input"
	if ! start_daemon "$sock" --config "$config"; then
		ok 1 "$name: daemon started"
		continue
	fi
	# key generation time and show version's privileges line depend on
	# the machine, the build and the host
	"$GETVPNSH" --socket "$sock" --echo < "$gv_tmp/$name.input" 2>&1 |
		sed -E -e 's/(elapsed time was )[0-9]+ seconds/\1@SECONDS@ seconds/' \
			-e 's/^Running as user .*/Running as user @PRIVILEGES@/' > "$gv_tmp/$name.actual"
	if diff -u "$gv_tmp/$name.expected" "$gv_tmp/$name.actual" > "$gv_tmp/$name.diff"; then
		ok 0 "$name"
	else
		ok 1 "$name"
		sed 's/^/# /' "$gv_tmp/$name.diff"
	fi
	stop_daemon "$gv_pid"
done
done_testing

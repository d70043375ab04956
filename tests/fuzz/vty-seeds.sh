#!/bin/sh
# Writes a seed corpus for fuzz_vty_frame into DIR: for each CLI transcript
# of tests/transcripts/ (and each configuration of tests/config/), the byte
# stream getvpnsh would send for it (HELLO, then one EXECUTE frame per
# command line), plus short DESCRIBE, COMPLETE and PROMPT exchanges.
# Usage: tests/fuzz/vty-seeds.sh DIR
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
# frames.pl KIND:PAYLOAD...: one frame per argument (4-byte big-endian
# length of kind + payload, the kind byte, the payload).
frames='binmode STDOUT; for (@ARGV) { my ($k, $p) = split /:/, $_, 2;
	$p =~ s/\\x([0-9a-f]{2})/chr(hex($1))/ge; print pack("N", 1 + length $p), $k, $p }'
for t in "$top"/tests/transcripts/*.t; do
	# Command lines are the ones after a prompt (NAME> / NAME# / NAME(mode)#).
	grep -v "^#" "$t" | sed -n 's/^[A-Za-z0-9_.-]\{1,\}\(([a-z-]*)\)\{0,1\}[#>]//p' | head -200 |
		{ set -- 'H:\x01'; while IFS= read -r l; do set -- "$@" "X:\\x00$l"; done
		  perl -e "$frames" "$@"; } >"$dir/transcript-$(basename "$t" .t)"
done
for f in "$top"/tests/config/*.conf; do
	[ -f "$f" ] || continue
	grep -v '^[!#]' "$f" | head -200 |
		{ set -- 'H:\x01' 'X:\x00configure terminal'
		  while IFS= read -r l; do set -- "$@" "X:\\x00$l"; done
		  perl -e "$frames" "$@"; } >"$dir/config-$(basename "$f" .conf)"
done
perl -e "$frames" 'H:\x07' 'D:conf' 'C:sh' 'D:show ' 'P:' >"$dir/help"
perl -e "$frames" 'X:\x00enable' 'X:\x00erase startup-config' 'X:\x01erase startup-config' \
	'X:\x00show running-config | include host' 'X:\x00exit' >"$dir/confirm"

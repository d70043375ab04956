#!/bin/sh
# Writes the known-answer messages of tests/vectors/codec/ as one file each
# into DIR, as a seed corpus for fuzz_wire_decode.
# Usage: tests/fuzz/wire-seeds.sh DIR
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
grep -v '^#' "$top/tests/vectors/codec/reference-messages.txt" | while read -r name hex; do
	perl -e 'print pack("H*", $ARGV[0])' "$hex" >"$dir/$name"
done

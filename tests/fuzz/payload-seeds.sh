#!/bin/sh
# Writes seeds for fuzz_gdoi_payloads into DIR: pairs of known-answer
# plaintexts of tests/vectors/codec (a 2-byte length, the first message,
# the second), in registration order (1+3 for the key server, 2+4 for the
# member, with and without a KEK) and the rekey message.
# Usage: tests/fuzz/payload-seeds.sh DIR
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
grep -v '^#' "$top/tests/vectors/codec/reference-messages.txt" | perl -e '
	my %m; while (<STDIN>) { my ($n, $h) = split; $m{$n} = pack("H*", $h) if $h }
	my $dir = shift;
	for (["pull1_plain", "pull3_plain"], ["pull2_plain", "pull4_plain"],
	     ["kek_pull2_plain", "kek_pull4_plain"], ["kek_pull2_plain", "push_plain"]) {
		my ($a, $b) = @$_;
		next unless exists $m{$a} && exists $m{$b};
		open(my $f, ">", "$dir/$a+$b") or die "$dir/$a+$b: $!";
		binmode $f;
		print $f pack("n", length $m{$a}), $m{$a}, $m{$b};
		close $f;
	}' "$dir"

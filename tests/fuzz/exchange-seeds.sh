#!/bin/sh
# Writes the seeds of one exchange fuzz target into DIR: step sequences
# (tests/fuzz/fuzz_exchange.h: OP, 2-byte length, BODY) that run the real
# exchange to its end, and the same with a message replaced by the payload
# chain of the matching known-answer message of tests/vectors/codec (the
# reference implementation's registration, Main Mode and rekey), which the
# target then hashes, signs and encrypts with the exchange's own keys.
# With PROGRAM (the built target), each seed is also replayed with
# FUZZ_RECORD (tests/fuzz/fuzz_exchange.h), giving rec-NAME: the same run
# with the real messages turned into fuzzed steps carrying their payload
# chains, for the mutations to start from chains the engines accept.
# Usage: tests/fuzz/exchange-seeds.sh TARGET DIR [PROGRAM]
#   TARGET: fuzz_mm_exchange, fuzz_ks_exchange or fuzz_gm_exchange
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: $0 TARGET DIR [PROGRAM]}
dir=${2:?usage: $0 TARGET DIR [PROGRAM]}
prog=${3:-}
mkdir -p "$dir"
grep -v '^#' "$top/tests/vectors/codec/reference-messages.txt" | perl -e '
	use strict;
	my ($target, $dir) = @ARGV;
	my %m;
	while (<STDIN>) { my ($n, $h) = split; $m{$n} = pack("H*", $h) if $h }

	# FIRST | payloads from offset off (first payload type first), up to
	# the payload whose next is NONE, or stopping before type stop.
	sub chain {
		my ($msg, $first, $off, $stop) = @_;
		my ($t, $out) = ($first, pack("C", $first));
		while ($t && $off + 4 <= length $msg) {
			last if defined $stop && $t == $stop;
			my ($next, $len) = unpack("C x n", substr($msg, $off, 4));
			last if $len < 4 || $off + $len > length $msg;
			$out .= substr($msg, $off, $len);
			($t, $off) = ($next, $off + $len);
		}
		return $out;
	}
	sub whole { my $n = shift; chain($m{$n}, ord(substr($m{$n}, 16, 1)), 28) }
	sub after_hash {
		my $msg = $m{+shift};
		my ($next, $len) = unpack("C x n", substr($msg, 28, 4));
		return chain($msg, $next, 28 + $len);
	}
	sub before_sig { my $n = shift; chain($m{$n}, ord(substr($m{$n}, 16, 1)), 28, 9) }
	sub step { my ($op, $body) = @_; $body //= ""; pack("C n", $op, length $body) . $body }
	sub seed {
		my ($name, @steps) = @_;
		open(my $f, ">", "$dir/$name") or die "$dir/$name: $!";
		binmode $f;
		print $f join("", @steps);
		close $f;
	}
	my $real = step(0);
	if ($target eq "fuzz_gm_exchange") {
		seed("register", $real, $real);
		seed("register-rekey", $real, $real, step(2, before_sig("push_plain")));
		seed("real-rekeys", $real, $real, step(2), step(2, "\x01"), step(2, "\x02"),
		     step(2, before_sig("push_plain")), step(3, "\xff"), step(2, "\x03"));
		seed("register-rekey-twice", $real, $real, step(2, before_sig("push_plain")),
		     step(2, before_sig("push_plain")));
		seed("msg2", step(1, after_hash("pull2_plain")), $real);
		seed("msg2-kek", step(1, after_hash("kek_pull2_plain")), step(5, after_hash("kek_pull4_plain")));
		seed("msg4", $real, step(5, after_hash("pull4_plain")));
		seed("msg4-kek", $real, step(5, after_hash("kek_pull4_plain")), step(2, before_sig("push_plain")));
		seed("retransmit", $real, step(3, "\x02"), $real, $real);
		seed("expiry", $real, $real, step(3, "\xff"), step(3, "\xff"), $real, $real);
	} elsif ($target eq "fuzz_ks_exchange") {
		my $ack = sub {
			my $seq = shift;
			return pack("C", 18) . pack("C x n N", 5, 8, $seq) .
				pack("C x n C C n C4", 0, 12, 1, 0, 0, 10, 0, 0, 9);
		};
		seed("register", $real, $real);
		seed("register-ack1", $real, $real, step(3, $ack->(1)));
		seed("register-ack-twice", $real, $real, step(3, $ack->(1)), step(3, $ack->(1)), step(3, $ack->(2)));
		seed("register-expire", $real, $real, step(3, $ack->(0)), step(4, "\x10"), step(4, "\x40"), step(3, $ack->(1)));
		seed("msg1", step(1, after_hash("pull1_plain")), step(2, after_hash("pull3_plain")));
		seed("msg1-again", step(1, after_hash("pull1_plain")), step(9, after_hash("pull1_plain")),
		     step(2, after_hash("pull3_plain")), step(2, after_hash("pull3_plain")));
		seed("real-then-msg3", $real, step(2, after_hash("pull3_plain")), $real);
		seed("timeout", $real, step(4, "\x10"), $real);
	} elsif ($target eq "fuzz_mm_exchange") {
		my @all = ($real) x 6;
		seed("main-mode", @all);
		seed("main-mode-info", @all, step(5, whole("mm5_plain")),
		     step(6, pack("C", 11) . pack("C x n N C C n", 0, 12, 1, 1, 0, 36136)),
		     step(13, pack("C", 12) . pack("C x n N C C n", 0, 28, 1, 1, 16, 1) . "\0" x 16));
		seed("msg1", step(1, whole("mm1")), $real);
		seed("msg2", $real, step(2, whole("mm2")), $real);
		seed("msg3", $real, $real, step(1, whole("mm3")), $real);
		seed("msg4", $real, $real, $real, step(2, whole("mm4")), $real);
		seed("msg5", $real, $real, $real, $real, step(1, whole("mm5_plain")), $real, $real);
		seed("msg6", ($real) x 5, step(2, whole("mm6_plain")), $real);
		seed("retransmit", $real, $real, step(3, "\x03"), $real, $real, $real, $real);
	} else {
		die "unknown target $target\n";
	}' "$target" "$dir"
if [ -n "$prog" ]; then
	for seed in "$dir"/*; do
		case $(basename "$seed") in rec-*) continue ;; esac
		FUZZ_RECORD="$dir/rec-$(basename "$seed")" "$prog" -runs=1 "$seed" >/dev/null 2>&1 ||
			{ echo "$0: $prog fails on seed $seed" >&2; exit 1; }
	done
fi

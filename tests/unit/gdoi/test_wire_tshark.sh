#!/bin/sh
# Independent check of the codec's output with tshark (Wireshark's ISAKMP
# dissector): messages built by the codec go into a pcap (UDP 848) and
# tshark must find no malformed phase 1 packet. What tshark makes of the
# GDOI payloads is recorded as TAP diagnostics (see
# docs/interop-wire-notes.md); the RFC 6407 layout of our GDOI messages is
# checked too, because tshark reads the SA TEK like RFC 6407 does.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${top_builddir:=.}"
helper=$top_builddir/tests/unit/gdoi/wire_pcap
vectors=$top_srcdir/tests/vectors/codec/reference-messages.txt
n=0
failed=0

ok() { # ok COND-STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

if ! command -v tshark >/dev/null 2>&1; then
	echo "ok 1 # SKIP tshark not installed (apt-get install tshark)"
	echo "1..1"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ts() { tshark -r "$tmp/w.pcap" -d udp.port==848,isakmp "$@" 2>/dev/null; }
field() { # field FRAME FIELD...: the fields of one frame, all occurrences
	frame=$1
	shift
	args=""
	for f; do args="$args -e $f"; done
	# shellcheck disable=SC2086
	ts -Y "frame.number==$frame" -T fields -E occurrence=a -E aggregator=, $args
}

# Frames 1-15 built by the codec; 16-18 the reference implementation's
# logged plaintext messages (RFC 3547 SA TEK layout); 19 a broken control.
refs=""
for v in pull2_plain kek_pull2_plain push_plain; do
	refs="$refs $v=$(sed -n "s/^$v //p" "$vectors")"
done
# Control: Main Mode 1 (made DOI 1, which tshark dissects) with its
# proposal claiming 32 octets too many.
broken=$(sed -n 's/^mm1 //p' "$vectors" |
	sed 's/000000340000000200000000000000280101/000000340000000100000001000000480101/')
refs="$refs broken-mm1=$broken"
# shellcheck disable=SC2086
"$helper" "$tmp/w.pcap" $refs >"$tmp/frames"
ok $? "codec messages written to a pcap"
ok "$([ "$(ts | wc -l)" -eq 19 ] && echo 0 || echo 1)" "tshark reads all 19 frames"
ok "$([ -n "$(ts -Y '_ws.malformed && frame.number == 19')" ] && echo 0 || echo 1)" \
	"control: tshark flags a phase 1 message with a bad proposal length"

malformed=$(ts -Y "_ws.malformed" -T fields -e frame.number | tr '\n' ' ')
phase1_bad=$(ts -Y "_ws.malformed && frame.number <= 8" -T fields -e frame.number)
ok "$([ -z "$phase1_bad" ] && echo 0 || echo 1)" \
	"no malformed phase 1 packet (Main Mode 1-6, Informational)${phase1_bad:+: frames $phase1_bad}"

# Field-level agreement on what tshark dissects fully.
ok "$([ "$(field 8 isakmp.sa.doi isakmp.prop.transforms isakmp.ike.attr.encryption_algorithm)" = "1	2	7,5" ] && echo 0 || echo 1)" \
	"tshark reads the proposal: DOI 1, 2 transforms, AES and 3DES"
ok "$([ "$(field 3 isakmp.typepayload)" = "4,10" ] && echo 0 || echo 1)" "tshark reads KE, NONCE"
ok "$([ "$(field 5 isakmp.typepayload isakmp.id.type isakmp.notify.msgtype)" = "5,8,11	1	24578" ] && echo 0 || echo 1)" \
	"tshark reads ID(IPV4_ADDR), HASH, NOTIFY(INITIAL-CONTACT)"
ok "$([ "$(field 7 isakmp.typepayload isakmp.notify.msgtype)" = "8,11,12	24" ] && echo 0 || echo 1)" \
	"tshark reads HASH, NOTIFY(AUTHENTICATION-FAILED), DELETE"

gdoi_bad=$(ts -Y "_ws.malformed && frame.number >= 9 && frame.number <= 15" -T fields -e frame.number)
ok "$([ -z "$gdoi_bad" ] && echo 0 || echo 1)" \
	"no malformed GDOI message built by the codec (RFC 6407 SA TEK ID lengths)"
ok "$([ "$(field 10 isakmp.typepayload)" = "8,10,1,16,16" ] && echo 0 || echo 1)" \
	"tshark finds both SA TEKs of PULL 2"
ok "$([ "$(field 14 isakmp.typepayload)" = "8,18,17" ] && echo 0 || echo 1)" \
	"tshark reads HASH, SEQ, KD of PULL 4"

# Record what tshark says about the GDOI payloads.
echo "# tshark $(tshark --version 2>/dev/null | head -1 | sed 's/^TShark (Wireshark) //')"
echo "# frames: $(tr '\n' ';' <"$tmp/frames")"
echo "# malformed frames: ${malformed:-none} (16-18: reference messages, RFC 3547 SA TEK; 19: control)"
echo "# exchange names: 32 = '$(ts -Y 'frame.number==9' -T fields -e _ws.col.Info)'," \
	"33 = '$(ts -Y 'frame.number==15' -T fields -e _ws.col.Info)'"
echo "# Main Mode SA with DOI 2 read as: $(ts -Y 'frame.number==1' -V | grep -E 'SA Attribute Next Payload|Reserved2' | tr -s ' ' | tr '\n' ';')"
echo "# SA TEKs shown after KEK: $(field 11 isakmp.typepayload); after KEK+GAP: $(field 12 isakmp.typepayload)"
echo "# KEK attributes shown as: $(ts -Y 'frame.number==11' -V | grep -E 'IPsec Attribute' | head -3 | tr -s ' ' | tr '\n' ';')"
echo "1..$n"
exit $failed

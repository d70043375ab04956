#!/usr/bin/env bash
# Checks what a lab run left in RESULTS_DIR (tests/lab/run.sh, through
# ./lab): its report, and independently of the report's own verdicts, the
# key server's member list, the capture of the WAN and the members' show
# outputs. TAP.
#   tests/lab/check_report.sh RESULTS_DIR
res=${1:?usage: check_report.sh RESULTS_DIR}
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { if eval "$1"; then ok "$2"; else not_ok "$2"; fi; }
diag() { sed 's/^/# /'; }
field() { sed -n "s/^$1 *: //p" "$res/report.txt"; }

if [ ! -s "$res/report.txt" ]; then
	not_ok "the lab ran and wrote its report ($res/report.txt)"
	echo "1..$n"
	exit 1
fi
ok "the lab ran and wrote its report"
diag <"$res/report.txt"
GMS="2 3 4 5"
LOOPS='(2\.2\.2\.2|3\.3\.3\.3|4\.4\.4\.4|5\.5\.5\.5)'
# The capture, read again here rather than trusting the report.
tcpdump -n -r "$res/wan.pcap" >"$res/wan.check.txt" 2>/dev/null

check "field routing | grep -q '^OSPF.*converged'" "OSPF converged: every member routes to the other loopbacks"

check "field registered | grep -q '^4 of 4 ' &&
       [ \$(grep -c '^Group Member ID' '$res/show/R1-ks-members.txt') = 4 ] &&
       for m in $GMS; do grep -q \"^Group Member ID    : 192.168.1.\$m\$\" '$res/show/R1-ks-members.txt' || exit 1; done" \
	"4 group members registered (show crypto gdoi ks members on R1 lists 192.168.1.2-5)"

check "field reachable | grep -q '^12 of 12 ' && [ \$(grep -c '  reachable  ' '$res/report.txt') = 12 ]" \
	"12 ordered loopback pairs reachable with ping -I"

spi=$(field 'TEK SPI' | awk '{print $1}')
spi_re=$(echo "${spi#0x}" | tr 'A-F' 'a-f' | sed 's/^0*//')
missing=""
for a in $GMS; do for b in $GMS; do
	[ $a = $b ] && continue
	grep -qE "IP $a\.$a\.$a\.$a > $b\.$b\.$b\.$b: ESP\(spi=0x0*$spi_re," "$res/wan.check.txt" ||
		missing="$missing $a->$b"
done; done
check "[ -n '$spi_re' ] && [ -z '$missing' ]" \
	"ESP with the TEK SPI $spi seen on the WAN for all 12 pairs, outer addresses = the loopbacks${missing:+ (missing:$missing)}"

n_esp=$(grep -c ': ESP(' "$res/wan.check.txt")
n_lo=$(grep -cE "IP $LOOPS > $LOOPS: ESP\(" "$res/wan.check.txt")
check "[ $n_esp -gt 0 ] && [ $n_esp = $n_lo ]" \
	"every ESP packet on the WAN has loopback outer addresses ($n_lo of $n_esp)"
[ "$n_esp" = "$n_lo" ] || grep ': ESP(' "$res/wan.check.txt" | grep -vE "IP $LOOPS > $LOOPS" | head -5 | diag
check "! grep -qE 'IP $LOOPS > $LOOPS: ICMP' '$res/wan.check.txt'" "no ICMP between loopbacks in clear on the WAN"

# The rekey: the key server's SPI changed and every member holds the new one.
rekey=$(field rekey)
new=$(echo "$rekey" | sed -n 's/.*TEK SPI 0x[0-9A-F]* -> \(0x[0-9A-F]*\);.*/\1/p')
holders=""
[ -n "$new" ] && for m in $GMS; do grep -qi "spi: $new" "$res/show/R$m-gdoi-after-rekey.txt" 2>/dev/null && holders="$holders R$m"; done
check "[ -n '$new' ] && [ '$new' != '$spi' ] && [ '$holders' = ' R2 R3 R4 R5' ]" \
	"a rekey from R1 changed the TEK SPI ($spi -> ${new:-none}) and all 4 members hold the new one (show crypto gdoi:${holders:- none})"
[ -n "$new" ] || echo "$rekey" | diag

check "grep -q '^result      : PASS' '$res/report.txt'" "the report's own verdict is PASS"
echo "1..$n"
exit $failed

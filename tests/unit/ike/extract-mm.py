#!/usr/bin/env python3
"""Pulls the six Main Mode datagrams out of a debug log of the 2011 GDOI
reference implementation (the group member's side: it logs what it sent
and received) into "name = hex" lines for test_mm_kat.

Usage: extract-mm.py sample_output_client > loopback-mm.vec
Only used to (re)generate the committed .vec file."""
import re
import sys

PKT = re.compile(r'^\d+\.\d+ Mesg\s+70 (message_send|message_recv): ((?:[0-9a-f]{2,8} ?)+)$')

msgs, cur = [], None
for line in open(sys.argv[1], errors='replace'):
    m = PKT.match(line.rstrip('\n'))
    if not m:
        cur = None
        continue
    if cur is None:
        cur = [m.group(1), '']
        msgs.append(cur)
    cur[1] += m.group(2).replace(' ', '')

print('# Main Mode of the loopback scenario as seen by the group member (127.0.0.1),')
print('# extracted from the reference implementation log by extract-mm.py.')
n = 0
for kind, hexs in msgs:
    if hexs[36:38] != '02':  # exchange type: Main Mode only
        continue
    n += 1
    print('mm%d = %s' % (n, hexs))
    if n == 6:
        break

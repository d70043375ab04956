#!/usr/bin/env python3
"""Reads a pcap (Ethernet, IPv4/UDP) and prints, for each distinct UDP
payload, how many times it was captured, one count per line in order of
first appearance (the rekey tests: how often one GROUPKEY-PUSH went out)."""
import struct
import sys


def payloads(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "IIII", data[off:off + 16])[2]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(pkt) < 14 + 20 + 8 or pkt[12:14] != b"\x08\x00":
            continue
        ihl = (pkt[14] & 0x0F) * 4
        yield pkt[14 + ihl + 8:]


def main():
    counts = {}
    for p in payloads(sys.argv[1]):
        counts[p] = counts.get(p, 0) + 1
    for c in counts.values():
        print(c)


if __name__ == "__main__":
    main()

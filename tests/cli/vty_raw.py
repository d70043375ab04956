#!/usr/bin/env python3
"""Speaks the vty protocol (cli/vty_protocol.h) byte by byte, to check what
getvpnsh never sends: several sessions at once and malformed frames."""
import socket
import struct
import sys


def frame(kind, payload=b""):
    body = kind.encode() + payload
    return struct.pack(">I", len(body)) + body


def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def request(s, kind, payload=b""):
    """(status code, prompt, output, terminal length), None if hung up."""
    s.sendall(frame(kind, payload))
    out = b""
    while True:
        hdr = read_exact(s, 4)
        if hdr is None:
            return None
        body = read_exact(s, struct.unpack(">I", hdr)[0])
        if body is None:
            return None
        if body[:1] == b"O":
            out += body[1:]
        elif body[:1] == b"S":
            term = struct.unpack(">H", body[2:4])[0]
            return body[1], body[4:].decode(), out.decode(), term


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    return s


def hung_up(s):
    try:
        return s.recv(1) == b""
    except (ConnectionResetError, socket.timeout):
        return True


def main():
    path = sys.argv[1]
    checks = []

    a, b = connect(path), connect(path)
    request(a, "H", b"\x01")
    request(b, "H", b"\x00")
    checks.append(("A enters config", request(a, "X", b"\x00conf t")[1].endswith("(config)#")))
    checks.append(("B still at user exec", request(b, "P")[1].endswith(">")))
    checks.append(("B sets terminal length 0", request(b, "X", b"\x00terminal length 0")[3] == 0))
    checks.append(("A keeps its terminal length", request(a, "P")[3] == 24))
    checks.append(("do from config", request(a, "X", b"\x00do show version")[0] == 0))
    st = request(b, "X", b"\x00show bogus")
    checks.append(("marker status 2", st is not None and st[0] == 2))
    st = request(a, "X", b"\x00hostname")
    checks.append(("incomplete status 3", st is not None and st[0] == 3))
    st = request(a, "D", b"hostname ")
    checks.append(("describe output", st is not None and "WORD" in st[2]))
    st = request(a, "C", b"hostn")
    checks.append(("complete output", st is not None and st[2] == "hostname\n"))
    st = request(b, "X", b"\x00exit")
    checks.append(("exit closes", st is not None and st[0] == 6 and hung_up(b)))

    # requests sent back to back are answered in order
    p = connect(path)
    p.sendall(b"".join(frame("X", b"\x00show version") for _ in range(50)))
    replies = 0
    while replies < 50:
        hdr = read_exact(p, 4)
        body = hdr and read_exact(p, struct.unpack(">I", hdr)[0])
        if not body:
            break
        replies += body[:1] == b"S"
    checks.append(("50 pipelined requests, 50 replies", replies == 50))
    p.close()

    bad = {
        "zero length": struct.pack(">I", 0),
        "oversized length": struct.pack(">I", 65537) + b"X",
        "unknown kind": frame("Z"),
        "execute without flags": frame("X"),
        "line too long": frame("X", b"\x00" + b"a" * 5000),
        "NUL in line": frame("X", b"\x00show\x00version"),
        "hello of two bytes": frame("H", b"\x01\x01"),
    }
    for name, data in bad.items():
        s = connect(path)
        s.sendall(data)
        checks.append(("dropped on " + name, hung_up(s)))
        s.close()
    checks.append(("A survives bad clients", request(a, "X", b"\x00end")[1].endswith("#")))

    for i, (name, good) in enumerate(checks, 1):
        print(("ok" if good else "not ok"), i, "-", name)
    print("1..%d" % len(checks))
    return 0 if all(good for _, good in checks) else 1


if __name__ == "__main__":
    sys.exit(main())

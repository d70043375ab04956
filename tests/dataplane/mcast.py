#!/usr/bin/env python3
"""Multicast helpers for the dataplane test.

mcast.py route IIF OIF ORIGIN GROUP[,GROUP...] -- static multicast routes (MRT_* socket options),
                                         held until killed; prints "ready"
mcast.py listen LOCAL_ADDR GROUP PORT SECONDS [COUNT] -- prints "received ..." per
                                         datagram (up to COUNT, default 1) or "nothing",
                                         then "done: N received"
mcast.py send LOCAL_ADDR GROUP PORT COUNT     -- COUNT datagrams, 0.3 s apart
"""
import socket
import struct
import sys
import time

MRT_INIT, MRT_ADD_VIF, MRT_ADD_MFC = 200, 202, 204
VIFF_USE_IFINDEX = 0x8


def route(iif, oif, origin, group):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_IGMP)
    s.setsockopt(socket.IPPROTO_IP, MRT_INIT, struct.pack("i", 1))
    for vifi, name in enumerate((iif, oif)):
        vif = struct.pack("=HBBIi4s", vifi, VIFF_USE_IFINDEX, 1, 0,
                          socket.if_nametoindex(name), bytes(4))
        s.setsockopt(socket.IPPROTO_IP, MRT_ADD_VIF, vif)
    ttls = bytes([0, 1] + [0] * 30)
    for g in group.split(","):
        mfc = struct.pack("=4s4sH32s2xIIIi", socket.inet_aton(origin), socket.inet_aton(g),
                          0, ttls, 0, 0, 0, 0)
        s.setsockopt(socket.IPPROTO_IP, MRT_ADD_MFC, mfc)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def listen(local, group, port, seconds, count="1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", int(port)))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 struct.pack("4s4s", socket.inet_aton(group), socket.inet_aton(local)))
    end = time.monotonic() + float(seconds)
    got = 0
    print("listening", flush=True)
    while got < int(count) and time.monotonic() < end:
        s.settimeout(max(end - time.monotonic(), 0.01))
        try:
            data, addr = s.recvfrom(200)
        except socket.timeout:
            break
        got += 1
        print("received %r from %s" % (data, addr[0]), flush=True)
    if got == 0:
        print("nothing", flush=True)
    print("done: %d received" % got, flush=True)


def send(local, group, port, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(local))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 4)
    for _ in range(int(count)):
        s.sendto(b"hello-group", (group, int(port)))
        time.sleep(0.3)


if __name__ == "__main__":
    {"route": route, "listen": listen, "send": send}[sys.argv[1]](*sys.argv[2:])

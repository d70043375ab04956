#!/usr/bin/env python3
"""Compares the key server's `show crypto gdoi ks policy json` (file 1)
with a group member's `show crypto gdoi json` (file 2) for one group:
same KEK SPI and algorithm, same TEK SPIs, transforms and selectors, and
remaining lifetimes that differ by no more than the seconds between the
two commands (argument 3, default 3). Prints one line per difference."""
import json
import sys


def main():
    ks = json.load(open(sys.argv[1]))
    gm = json.load(open(sys.argv[2]))
    slack = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    problems = []
    ks_groups = {g["name"]: g for g in ks["groups"]}
    gm_groups = gm["group_member"]["groups"]
    if not gm_groups:
        problems.append("the member has no group")
    for g in gm_groups:
        k = ks_groups.get(g["name"])
        if not k:
            problems.append("group %s unknown to the key server" % g["name"])
            continue
        if (k.get("kek") or {}).get("spi") != (g.get("kek") or {}).get("spi"):
            problems.append("KEK SPI differs")
        if k.get("kek") and g.get("kek"):
            for f in ("encrypt_algorithm", "key_size", "sig_key_length"):
                if k["kek"][f] != g["kek"][f]:
                    problems.append("KEK %s differs" % f)
            if abs(k["kek"]["remaining_lifetime"] - g["kek"]["remaining_lifetime"]) > slack:
                problems.append("KEK lifetime %s vs %s" % (k["kek"]["remaining_lifetime"],
                                                           g["kek"]["remaining_lifetime"]))
        kt = sorted(k["teks"], key=lambda t: (t["spi"], t["selector"]["acl_entry"]))
        gt = sorted(g["teks"], key=lambda t: (t["spi"], t["selector"]["acl_entry"]))
        if [t["spi"] for t in kt] != [t["spi"] for t in gt]:
            problems.append("TEK SPIs %s vs %s" % ([t["spi"] for t in kt], [t["spi"] for t in gt]))
            continue
        for a, b in zip(kt, gt):
            for f in ("transform", "selector", "encaps", "address_preservation", "sa_direction"):
                if a[f] != b[f]:
                    problems.append("TEK %s %s: %s vs %s" % (a["spi"], f, a[f], b[f]))
            if abs(a["remaining_lifetime"] - b["remaining_lifetime"]) > slack:
                problems.append("TEK %s lifetime %s vs %s" % (a["spi"], a["remaining_lifetime"],
                                                            b["remaining_lifetime"]))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

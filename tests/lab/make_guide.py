#!/usr/bin/env python3
"""Writes docs/guide.md from its template and the results of a lab run, so
that every output in the guide is what the routers printed.

    python3 tests/lab/make_guide.py build/lab tests/lab/guide.md.in > docs/guide.md

Each {{NAME}} of the template is replaced by a file of the run (show/*.txt,
the logs, the capture as tcpdump printed it) or a piece of one."""
import os
import re
import sys
import time


def until(lines, mnemonic):
    """The lines up to and including the first with MNEMONIC."""
    for i, line in enumerate(lines):
        if mnemonic in line:
            return "\n".join(lines[:i + 1])
    return "\n".join(lines)


def main():
    res, template = sys.argv[1], open(sys.argv[2]).read()

    def text(name):
        return open(os.path.join(res, name)).read().rstrip("\n")

    def show(name):
        return text("show/%s.txt" % name)

    def log(router):
        return text("%s.log" % router).split("\n")

    wan = text("wan.txt").split("\n")
    spis = re.search(r"TEK SPI 0x([0-9A-F]+) -> 0x([0-9A-F]+)", text("report.txt"))
    if not spis:
        sys.exit("make_guide: the run's report shows no rekey")
    new_spi = spis.group(2)
    after = show("R2-gdoi-after-rekey")
    members = show("R1-ks-members-after-rekey").split("\nGroup Member ID")
    values = {
        "DATE": time.strftime("%B %Y", time.gmtime(os.path.getmtime(os.path.join(res, "report.txt")))),
        "R2-ip-route": show("R2-ip-route"),
        "R1-keygen": show("R1-keygen"),
        "R1-running-config": show("R1-running-config"),
        "R1-log-start": "\n".join(log("R1")[0:6]),
        "R2-running-config": show("R2-running-config"),
        "R2-log-register": until(log("R2"), "GM_REGS_COMPL"),
        "R1-gdoi": show("R1-gdoi"),
        "R1-ks-members": show("R1-ks-members"),
        "R1-ks-policy": show("R1-ks-policy"),
        "R1-isakmp-sa": show("R1-isakmp-sa"),
        "R2-gdoi": show("R2-gdoi"),
        "R2-isakmp-sa": show("R2-isakmp-sa"),
        "R2-ipsec-sa": show("R2-ipsec-sa"),
        "R2-gm-dataplane": show("R2-gm-dataplane"),
        "R2-ping": show("R2-ping-3.3.3.3"),
        "WAN-ESP": "\n".join([l for l in wan if re.search(
            r"IP (2\.2\.2\.2 > 3\.3\.3\.3|3\.3\.3\.3 > 2\.2\.2\.2): ESP", l)][:6]),
        "R1-rekey": show("R1-rekey"),
        "WAN-REKEY": "\n".join(l for l in wan if ".848 > " in l),
        "R1-log-rekey": "\n".join(l for l in log("R1") if "REKEY" in l),
        "R2-log-rekey": "\n".join(l for l in log("R2") if "REKEY" in l or "0x" + new_spi in l),
        "R2-gdoi-after-rekey-tek": "R2#show crypto gdoi\n...\n" + after[after.index("TEK POLICY"):],
        "R2-gdoi-after-rekey-counters": "R2#show crypto gdoi\n...\n" + "\n".join(
            l for l in after.split("\n")
            if re.match(r"\s+(Last rekey|Unicast rekey|Rekey ACKs|Rekey Received|Active TEK)", l)) + "\n...",
        "WAN-AFTER-REKEY": "\n".join([l for l in wan if "spi=0x%s," % new_spi.lower() in l][:4]),
        "R1-ks-members-after-rekey-first": members[0] + "\nGroup Member ID" +
        members[1].rstrip("\n") + "\n...",
    }
    sys.stdout.write(re.sub(r"\{\{([A-Za-z0-9-]+)\}\}", lambda m: values[m.group(1)], template))


if __name__ == "__main__":
    main()

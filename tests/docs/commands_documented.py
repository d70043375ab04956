#!/usr/bin/env python3
"""Every command of a running getvpnd is documented in getvpnd.conf(5).

Usage: commands_documented.py GETVPNSH SOCKET MANPAGE [--list]

For each mode, the command tree is walked with `?` through getvpnsh: a
keyword is followed while the level it is on offers no variable (WORD,
A.B.C.D, <1-10>, LINE); where a level also offers a variable, each of
its keywords ends a path (so `permit icmp` is a path, `permit icmp any`
is not). The paths of a mode must appear in that mode's subsection of
the man page (or in the one for commands of every configuration mode):
as the tag of a .TP entry whose words, with [ ] { } | removed, begin
with the path's first keyword (after an optional `no` or `[no]`, and
single-word optional groups such as `[seq]`) and contain the other
keywords of the path in order. Prints TAP, one test per mode.

The other way round, one more test: every entry's leading bold keywords
(`no crypto map` for `no crypto map name [seq [gdoi]]`) must begin a
command path of its mode, unless the entry's text starts with "Not yet"
(a command of work in progress, documented ahead of its merge).
"""
import re
import subprocess
import sys

# mode: (man subsection marker, commands that enter it from privileged exec)
MODES = [
    ("user exec", "EXEC", ["disable"]),
    ("privileged exec", "EXEC", []),
    ("config", "(config)#", ["configure terminal"]),
    ("config-if", "(config-if)#", ["configure terminal", "interface eth0"]),
    ("config-isakmp", "(config-isakmp)#", ["configure terminal", "crypto isakmp policy 10"]),
    ("cfg-crypto-trans", "(cfg-crypto-trans)#",
     ["configure terminal", "crypto ipsec transform-set T esp-aes esp-sha-hmac"]),
    ("ipsec-profile", "(ipsec-profile)#", ["configure terminal", "crypto ipsec profile P"]),
    ("config-ext-nacl", "(config-ext-nacl)#",
     ["configure terminal", "ip access-list extended A"]),
    ("config-gkm-group", "(config-gkm-group)#", ["configure terminal", "crypto gdoi group G"]),
    ("gkm-local-server", "(gkm-local-server)#",
     ["configure terminal", "crypto gdoi group G", "server local"]),
    ("gkm-sa-ipsec", "(gkm-sa-ipsec)#",
     ["configure terminal", "crypto gdoi group G", "server local", "sa ipsec 1"]),
    ("config-crypto-map", "(config-crypto-map)#",
     ["configure terminal", "crypto map M 10 gdoi"]),
]
EVERY_CONFIG_MODE = "EVERY-CONFIG-MODE"
# "do" takes an exec command: its help is the exec tree, documented there.
NO_DESCENT = {"do"}
VARIABLE = re.compile(r"^(<.+>|[A-Z][A-Z.:]*)$")


def listing(sh, sock, setup, prefix):
    args = [sh, "--socket", sock]
    for cmd in setup:
        args += ["-c", cmd]
    args += ["-c", (prefix + " ?").strip()]
    out = subprocess.run(args, capture_output=True, text=True, timeout=30)
    tokens = []
    for line in out.stdout.splitlines():
        if line.startswith("%") or "^" in line.strip()[:1]:
            raise RuntimeError("'%s ?' in mode set up by %s: %s" % (prefix, setup, out.stdout))
        m = re.match(r"^  (\S+)", line)
        if m:
            tokens.append(m.group(1))
    if out.returncode != 0 or not tokens:
        raise RuntimeError("'%s ?' failed (%d): %s%s" % (prefix, out.returncode, out.stdout,
                                                        out.stderr))
    return tokens


def walk(sh, sock, setup, prefix, paths):
    tokens = listing(sh, sock, setup, prefix)
    keywords = [t for t in tokens if t != "<cr>" and not VARIABLE.match(t)]
    has_var = any(VARIABLE.match(t) for t in tokens if t != "<cr>")
    if prefix and (has_var or "<cr>" in tokens or not keywords):
        paths.add(prefix)
    for kw in keywords:
        path = (prefix + " " + kw).strip()
        if (prefix and has_var) or kw in NO_DESCENT:
            paths.add(path)
        else:
            walk(sh, sock, setup, path, paths)


# --- the man page ---------------------------------------------------------
def unquote_args(text):
    args, cur, quoted, any_ = [], "", False, False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            any_ = True
        elif ch in " \t" and not quoted:
            if cur or any_:
                args.append(cur)
            cur, any_ = "", False
        else:
            cur += ch
    if cur or any_:
        args.append(cur)
    return args


def roff_segments(line):
    """The text of one roff line as (font, text) pieces, font B, I or R;
    None for a request other than the font macros."""
    m = re.match(r"^\.(BI|IB|BR|RB|IR|RI|B|I|R)(?:\s+(.*))?$", line)
    if m:
        args = unquote_args(m.group(2) or "")
        macro = m.group(1)
        if len(macro) == 1:
            pieces = [(macro, " ".join(args))]
        else:
            pieces = [(macro[i % 2], a) for i, a in enumerate(args)]
    elif line.startswith("."):
        return None
    else:
        pieces = [("R", line)]
    out = []
    for font, text in pieces:
        for part in re.split(r"(\\f(?:\[[^]]*\]|\(..|.))", text):
            esc = re.match(r"^\\f(.)", part)
            if esc:
                font = {"B": "B", "I": "I"}.get(esc.group(1), "R")
                continue
            part = part.replace("\\-", "-").replace("\\&", "").replace("\\|", "")
            part = part.replace("\\ ", " ").replace("\\(bv", "|").replace("\\e", "\\")
            if part:
                out.append((font, part))
    return out


def roff_text(line):
    segments = roff_segments(line)
    return None if segments is None else "".join(t for _, t in segments)


def leading_keywords(line):
    """The bold words a tag starts with, after an optional [no]: the
    command path it documents ("no crypto map" for
    `no crypto map name [seq [gdoi]]`)."""
    tokens = []
    for font, text in roff_segments(line) or []:
        for tok in re.findall(r"[\[\]{}|]|[^\s\[\]{}|]+", text):
            tokens.append((font, tok))
    if [t for _, t in tokens[:3]] == ["[", "no", "]"]:
        tokens = tokens[3:]
    path = []
    for font, tok in tokens:
        if font != "B" or tok in "[]{}|" or tok == "...":
            break
        path.append(tok)
    return path


def man_entries(path):
    """(section marker, tag text, leading keywords, not-yet) for every
    .TP/.TQ tag, by subsection; not-yet: the entry's text starts with
    "Not yet" (a command of work in progress)."""
    section, entries, tag_next, group = None, [], False, []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith(".SH"):
                section = None
            elif line.startswith(".SS"):
                title = line[3:]
                section = None
                for _, marker, _ in MODES:
                    if marker in title:
                        section = marker
                if "every configuration mode" in title.lower():
                    section = EVERY_CONFIG_MODE
            elif line.startswith(".TP") or line.startswith(".TQ"):
                tag_next = True
                if line.startswith(".TP"):
                    group = []
            elif tag_next:
                tag_next = False
                text = roff_text(line)
                if text and section:
                    entry = [section, text, leading_keywords(line), False]
                    entries.append(entry)
                    group.append(entry)
            elif group:
                text = roff_text(line)
                if text:
                    for entry in group:
                        entry[3] = text.strip().startswith("Not yet")
                    group = []
    return [tuple(e) for e in entries]


def words(tag):
    return [w for w in re.split(r"[\s\[\]{}|]+", tag) if w and w != "..."]


def documented(path, tag):
    raw = tag.split()
    want = path.split()
    # A leading "no" of the path needs a "no" or "[no]"; otherwise "[no]"
    # (and other one-word optional groups) may be skipped.
    if want[0] == "no":
        if not raw or raw[0] not in ("no", "[no]"):
            return False
        raw, want = raw[1:], want[1:]
        if not want:
            return True
    while raw and re.match(r"^\[[^\]\s]*\]$", raw[0]):
        raw = raw[1:]
    w = words(" ".join(raw))
    # the first keyword opens the tag, possibly as one choice of a {a | b} group
    head = []
    if raw and raw[0].startswith("{"):
        for tok in raw:
            head += words(tok)
            if tok.endswith("}"):
                break
    else:
        head = w[:1]
    if want[0] not in head:
        return False
    rest = w[w.index(want[0]) + 1:] if want[0] in w else []
    i = 0
    for tok in rest:
        if i < len(want) - 1 and tok == want[i + 1]:
            i += 1
    return i == len(want) - 1


def main():
    sh, sock, man = sys.argv[1:4]
    listing_only = "--list" in sys.argv
    entries = man_entries(man)
    by_marker = {}
    n, failed = 0, False
    for name, marker, setup in MODES:
        paths = set()
        walk(sh, sock, setup, "", paths)
        by_marker.setdefault(marker, set()).update(paths)
        if marker != "EXEC":
            by_marker.setdefault(EVERY_CONFIG_MODE, set()).update(paths)
        if listing_only:
            for p in sorted(paths):
                print("%s\t%s" % (name, p))
            continue
        allowed = {marker}
        if marker != "EXEC":
            allowed.add(EVERY_CONFIG_MODE)
        tags = [e[1] for e in entries if e[0] in allowed]
        missing = [p for p in sorted(paths) if not any(documented(p, t) for t in tags)]
        n += 1
        if missing:
            failed = True
            print("not ok %d - %s: %d commands, all documented" % (n, name, len(paths)))
            for p in missing:
                print("#   missing from getvpnd.conf(5): %s" % p)
        else:
            print("ok %d - %s: %d commands, all documented" % (n, name, len(paths)))
    if listing_only:
        return 0
    # The other way: each documented command (unless marked "Not yet")
    # exists in its mode, so a renamed or removed command is noticed.
    stale = []
    for marker, tag, lead, not_yet in entries:
        if not lead or not_yet:
            continue
        if not any(p.split()[:len(lead)] == lead for p in by_marker.get(marker, ())):
            stale.append("%s: %s" % (marker, tag))
    n += 1
    if stale:
        failed = True
        print("not ok %d - every command documented exists in its mode" % n)
        for t in stale:
            print("#   not offered by getvpnd: %s" % t)
    else:
        print("ok %d - every command documented exists in its mode (%d entries)" %
              (n, len(entries)))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

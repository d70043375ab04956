#!/usr/bin/env python3
"""Turns a debug log of the 2011 Cisco GDOI reference implementation
(isakmpd based) into a getvpnd known-answer file:
one "name = hex" line per value, grouped by registration (regN.*) and by
GROUPKEY-PUSH message (rekeyN.*).

Usage: extract-gdoid-log.py LOG PSK "TITLE" > FILE.vec

Only used to (re)generate the committed .vec files; the tests read those.
"""
import re
import sys

LINE = re.compile(r'^(\d+\.\d+) (\w+)\s+(\d+) ?(.*)$')
HEXLINE = re.compile(r'^(?:[0-9a-f]{2,8} ?)+$')
PACKET = re.compile(r'^(message_send|message_recv): ((?:[0-9a-f]{2,8} ?)+)$')
COOKIES = re.compile(r'exchange_finalize: icookie ([0-9a-f]{16}) rcookie ([0-9a-f]{16})')


def read_events(path):
    """[lineno, kind, label, hex]: kind 'lbl' (a "label:" line followed by
    hex lines), 'pkt' (message_send/recv dumps) or 'cky' (cookies)."""
    out, cur = [], None
    for n, raw in enumerate(open(path, errors='replace'), 1):
        m = LINE.match(raw.rstrip('\n'))
        if not m:
            cur = None
            continue
        msg = m.group(4).strip()
        c = COOKIES.search(msg)
        if c:
            out.append([n, 'cky', 'cookies', c.group(1) + c.group(2)])
            cur = None
            continue
        p = PACKET.match(msg)
        if p:
            if cur and cur[1] == 'pkt' and cur[2] == p.group(1):
                cur[3] += p.group(2).replace(' ', '')
            else:
                cur = [n, 'pkt', p.group(1), p.group(2).replace(' ', '')]
                out.append(cur)
            continue
        if cur is not None and cur[1] == 'lbl' and HEXLINE.match(msg):
            cur[3] += msg.replace(' ', '')
            continue
        if msg.endswith(':'):
            cur = [n, 'lbl', msg, '']
            out.append(cur)
            continue
        cur = None
    return [e for e in out if e[3]]


class Cursor:
    def __init__(self, events, start=0, end=None):
        self.ev, self.pos = events, start
        self.end = len(events) if end is None else end

    def find(self, label, kind='lbl', move=True):
        for i in range(self.pos, self.end):
            e = self.ev[i]
            if e[1] == kind and (e[2] == label or e[2].endswith(' ' + label)):
                if move:
                    self.pos = i + 1
                return e[3]
        raise KeyError('%s not found after line %d' % (label, self.ev[self.pos][0]))


def walk_payloads(first, data):
    """Splits a payload chain into (type, bytes) until next-payload 0."""
    out, t, off = [], first, 0
    while t != 0:
        nxt, length = data[off], int.from_bytes(data[off + 2:off + 4], 'big')
        out.append((t, data[off:off + length]))
        t, off = nxt, off + length
    return out


def crypt_message(cur):
    """Next encryption or decryption: plaintext, ciphertext, IV after."""
    i = cur.pos
    while i < cur.end and not (cur.ev[i][1] == 'lbl' and
                               (cur.ev[i][2].endswith('before encryption:') or
                                cur.ev[i][2].endswith('before decryption:'))):
        i += 1
    if i == cur.end:
        raise KeyError('no more encrypted messages')
    cur.pos = i
    if cur.ev[i][2].endswith('before encryption:'):
        plain = cur.find('before encryption:')
        cipher = cur.find('after encryption:')
    else:
        cipher = cur.find('before decryption:')
        plain = cur.find('after decryption:')
    iv = cur.find('updated IV:')
    return plain, cipher, iv


def crypt_start(ev, after):
    """Index of the 'before en/decryption' event of the message just read."""
    i = after - 1
    while not ev[i][2].endswith(('before encryption:', 'before decryption:')):
        i -= 1
    return i


def logged_hashed_payloads(ev, starts, end):
    """The bytes the reference hashed after HASH, per PULL message: a
    check (received message) follows its decryption, a fill (sent
    message) precedes its encryption."""
    out = {}
    for i in range(starts[0] - 40, end):
        e = ev[i]
        if e[1] != 'lbl':
            continue
        if e[2] == 'group_check_hash: payloads after HASH:':
            n = max(k for k, s in enumerate(starts) if s < i) + 1
            out[n] = e[3]
        elif re.match(r'group_fill_in_hash: payload \d+ after HASH:', e[2]):
            later = [k for k, s in enumerate(starts) if s > i]
            if later:
                n = later[0] + 1
                out[n] = out.get(n, '') + e[3]
    return out


def registration(ev, start, end, psk, out, prefix):
    cur = Cursor(ev, start, end)
    v = {}
    v['g_xi'] = cur.find('g^xi:', move=False)
    v['g_xr'] = cur.find('g^xr:', move=False)
    v['ni_b'] = cur.find('NONCE_i:', move=False)
    v['nr_b'] = cur.find('NONCE_r:', move=False)
    for k in ('g^xy', 'SKEYID', 'SKEYID_d', 'SKEYID_a', 'SKEYID_e'):
        v[k.lower().replace('^', '_')] = cur.find(k + ':')
    v['enc_key'] = cur.find('key:')
    v['p1_iv'] = cur.find('initialized IV:')
    v['hash_i'] = Cursor(ev, start, end).find('HASH_I:')
    v['hash_r'] = Cursor(ev, start, end).find('HASH_R:')
    for m in ('p1_msg5', 'p1_msg6'):
        v[m + '.plain'], v[m + '.cipher'], v[m + '.iv_after'] = crypt_message(cur)
    cky = cur.find('cookies', kind='cky')
    v['cky_i'], v['cky_r'] = cky[:16], cky[16:]
    # SAi_b: the body of the SA payload in the initiator's first message.
    for e in ev:
        if e[1] == 'pkt' and e[3].startswith(v['cky_i'] + '0' * 16):
            pkt = bytes.fromhex(e[3])
            sa_len = int.from_bytes(pkt[30:32], 'big')
            v['sa_i_b'] = pkt[32:28 + sa_len].hex()
            break
    v['msgid'] = cur.find('message ID:')
    v['p2_iv'] = cur.find('phase 2 IV:')
    starts = []
    for n in range(1, 5):
        m = 'pull%d' % n
        v[m + '.plain'], v[m + '.cipher'], v[m + '.iv_after'] = crypt_message(cur)
        starts.append(crypt_start(ev, cur.pos))
    for n, hashed in logged_hashed_payloads(ev, starts, cur.pos).items():
        v['pull%d.hashed' % n] = hashed
    # The nonce bodies exchanged in the GROUPKEY-PULL, from the messages.
    p1 = walk_payloads(8, bytes.fromhex(v['pull1.plain']))
    p2 = walk_payloads(8, bytes.fromhex(v['pull2.plain']))
    v['pull_ni_b'] = [p for t, p in p1 if t == 10][0][4:].hex()
    v['pull_nr_b'] = [p for t, p in p2 if t == 10][0][4:].hex()
    p4 = walk_payloads(8, bytes.fromhex(v['pull4.plain']))
    kd = [p for t, p in p4 if t == 17][0]
    for key, value in kd_kek_attributes(kd).items():
        v[key] = value
    out.append('# %s: Main Mode (pre-shared key) and GROUPKEY-PULL, message ID %s'
               % (prefix, v['msgid']))
    out.append('%s.psk = %s' % (prefix, psk.encode().hex()))
    for k in sorted(v):
        out.append('%s.%s = %s' % (prefix, k, v[k]))


def kd_kek_attributes(kd):
    """KEK_ALGORITHM_KEY and SIG_ALGORITHM_KEY of a KD's KEK packet."""
    found, off = {}, 8
    while off < len(kd):
        ptype, plen, spi_len = kd[off], int.from_bytes(kd[off + 2:off + 4], 'big'), kd[off + 4]
        if ptype == 2:
            a = off + 5 + spi_len
            while a < off + plen:
                atype = int.from_bytes(kd[a:a + 2], 'big')
                if atype & 0x8000:
                    a += 4
                    continue
                alen = int.from_bytes(kd[a + 2:a + 4], 'big')
                name = {1: 'kek_alg_key', 2: 'kek_sig_key'}.get(atype)
                if name:
                    found[name] = kd[a + 4:a + 4 + alen].hex()
                a += 4 + alen
        off += plen
    return found


def rekey_ks(ev, start, out, prefix):
    cur = Cursor(ev, start)
    header = cur.find("'ISAKMP header':")
    payloads = ''
    n = 1
    while True:
        try:
            nxt = Cursor(ev, cur.pos, cur.pos + 1).find('payload %d:' % n)
        except (KeyError, IndexError):
            break
        payloads += nxt
        cur.pos += 1
        n += 1
    digest = cur.find('computed hash:')
    key = cur.find('key:')
    iv = cur.find('initialized IV:')
    plain = cur.find('before encryption:')
    cipher = cur.find('after encryption:')
    emit_rekey(out, prefix, header, payloads, digest, key, iv, plain, cipher)


def rekey_gm(ev, start, out, prefix):
    cur = Cursor(ev, start)
    key = cur.find('key:')
    iv = cur.find('initialized IV:')
    cipher = cur.find('before decryption:')
    plain = cur.find('after decryption:')
    signed = cur.find('packet before SIG payload:')
    digest = cur.find('computed hash:')
    recovered = cur.find('decrypted hash:')
    emit_rekey(out, prefix, signed[:56], signed[56:], digest, key, iv, plain, cipher)
    out.append('%s.sig_recovered = %s' % (prefix, recovered))


def emit_rekey(out, prefix, header, payloads, digest, key, iv, plain, cipher):
    out.append('# %s: GROUPKEY-PUSH, encrypted with the KEK, signed by the key server'
               % prefix)
    for k, val in (('header', header), ('signed_payloads', payloads), ('digest', digest),
                   ('key', key), ('iv', iv), ('plain', plain), ('cipher', cipher)):
        out.append('%s.%s = %s' % (prefix, k, val))


def main():
    path, psk, title = sys.argv[1], sys.argv[2], sys.argv[3]
    ev = read_events(path)
    out = ['# Known-answer values for getvpnd: %s.' % title,
           '# Extracted from the debug log of the 2011 Cisco GDOI reference',
           '# implementation (isakmpd based) by tests/vectors/extract-gdoid-log.py.',
           '# Format: "name = hex"; regN.* one registration (Main Mode + PULL),',
           '# rekeyN.* one GROUPKEY-PUSH message. Values are exactly as logged.']
    starts = [i for i, e in enumerate(ev) if e[1] == 'lbl' and e[2].endswith('g^xi:')]
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(ev)
        registration(ev, s, end, psk, out, 'reg%d' % (n + 1))
    ks = [i for i, e in enumerate(ev) if e[1] == 'lbl' and e[2] == "gdoi_add_sig_payload: 'rekey':"]
    gm = [i for i, e in enumerate(ev) if e[1] == 'lbl' and e[2].startswith('rekey_crypto_decrypt: before')]
    for n, s in enumerate(ks):
        rekey_ks(ev, s, out, 'rekey%d' % (n + 1))
    for n, s in enumerate(gm):
        # The KEK key and IV are logged just before the decryption.
        rekey_gm(ev, s - 2, out, 'rekey%d' % (n + 1))
    print('\n'.join(out))


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses, cut from real captures.

usage: seeds.py OUTDIR CAPTURE... [-- CERTFILE...]

Writes OUTDIR/<harness>/<name> for every harness in fuzz/, in the input
format each harness documents:
  capture_file     the captures, plus one capture re-wrapped in every
                   other link type the pipeline decodes
  capture_packets  [link type index] then [u16 len][u8 timing][packet]...
  tls_decoder,     [flags] then [op][u16 len][bytes]... : each TCP
  writers          connection's in-order payloads as the pipeline feeds them
  handshake        [flags][u16 suite] then handshake messages: each
                   direction's plaintext flight, and each message alone
  extensions       [where | tls13 << 3] then a hello's extensions block
  cert             each certificate's DER, each chain's DERs one after
                   another, PEM files, --at times and reason codes
"""
import hashlib, os, struct, sys

LINKTYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276]  # fuzz_capture_packets.c
VERSIONS = [-1, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0xfefd, 0x7f1c]  # fuzz_handshake.c
EXT_WHERE = {1: 0, 2: 1, 'hrr': 2}
HRR_RANDOM = bytes.fromhex('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c')


def read_pcap(data):
    magic = data[:4]
    endian = {b'\xd4\xc3\xb2\xa1': '<', b'\x4d\x3c\xb2\xa1': '<',
              b'\xa1\xb2\xc3\xd4': '>', b'\xa1\xb2\x3c\x4d': '>'}[magic]
    nano = magic in (b'\x4d\x3c\xb2\xa1', b'\xa1\xb2\x3c\x4d')
    dlt = struct.unpack(endian + 'I', data[20:24])[0] & 0x0fffffff
    off, pkts = 24, []
    while off + 16 <= len(data):
        sec, frac, cap, wire = struct.unpack(endian + 'IIII', data[off:off + 16])
        pkts.append((sec * 1000000 + (frac // 1000 if nano else frac),
                     data[off + 16:off + 16 + cap], wire))
        off += 16 + cap
    return dlt, pkts


def read_pcapng(data):
    off, endian, dlts, pkts = 0, '<', [], []
    while off + 12 <= len(data):
        btype = struct.unpack(endian + 'I', data[off:off + 4])[0]
        if btype == 0x0a0d0d0a:
            endian = '<' if data[off + 8:off + 12] == b'\x4d\x3c\x2b\x1a' else '>'
            dlts = []
        blen = struct.unpack(endian + 'I', data[off + 4:off + 8])[0]
        body = data[off + 8:off + blen - 4]
        if btype == 1:
            dlts.append(struct.unpack(endian + 'H', body[:2])[0])
        elif btype == 6:
            _, hi, lo, cap, wire = struct.unpack(endian + 'IIIII', body[:20])
            pkts.append(((hi << 32 | lo), body[20:20 + cap], wire))
        off += max(blen, 12)
    return (dlts[0] if dlts else 1), pkts


def read_capture(path):
    data = open(path, 'rb').read()
    return read_pcapng(data) if data[:4] == b'\x0a\x0d\x0d\x0a' else read_pcap(data)


def ip_of_ether(frame):
    """The IP packet of an Ethernet frame (VLAN tags skipped), or None."""
    off, etype = 14, struct.unpack('>H', frame[12:14])[0]
    while etype in (0x8100, 0x88a8):
        etype = struct.unpack('>H', frame[off + 2:off + 4])[0]
        off += 4
    return frame[off:] if etype in (0x0800, 0x86dd) else None


def tcp_of_ip(pkt):
    """(src, dst, tcp header fields, payload) of an unfragmented TCP packet."""
    if pkt[0] >> 4 == 4:
        ihl, total = (pkt[0] & 15) * 4, struct.unpack('>H', pkt[2:4])[0]
        if pkt[9] != 6:
            return None
        src, dst, seg = pkt[12:16], pkt[16:20], pkt[ihl:total]
    elif pkt[0] >> 4 == 6:
        if pkt[6] != 6:
            return None
        plen = struct.unpack('>H', pkt[4:6])[0]
        src, dst, seg = pkt[8:24], pkt[24:40], pkt[40:40 + plen]
    else:
        return None
    sport, dport, seq, ack, doff, flags = struct.unpack('>HHIIBB', seg[:14])
    return src, dst, sport, dport, seq, flags, seg[(doff >> 4) * 4:]


def flows_of(pkts):
    """Per TCP connection: the chunks fed to the decoder, in packet order
    (side 0 is the SYN's sender), as (side, bytes or None for a FIN)."""
    flows, order = {}, []
    for _, frame, _ in pkts:
        ip = ip_of_ether(frame)
        t = ip and tcp_of_ip(ip)
        if not t:
            continue
        src, dst, sport, dport, seq, flags, payload = t
        a, b = (src, sport), (dst, dport)
        key = (min(a, b), max(a, b))
        if key not in flows:
            f = flows[key] = {'side0': b if flags & 0x12 == 0x12 else a,
                              'next': {}, 'chunks': []}
            order.append(f)
        f = flows[key]
        side = 0 if a == f['side0'] else 1
        if flags & 2:
            f['next'][side] = (seq + 1) & 0xffffffff
            continue
        nxt = f['next'].setdefault(side, seq)
        skip = (nxt - seq) & 0xffffffff
        if payload and skip < len(payload):
            f['chunks'].append((side, payload[skip:]))
            f['next'][side] = (seq + len(payload)) & 0xffffffff
        if flags & 1:
            f['chunks'].append((side, None))
    return [f['chunks'] for f in order if f['chunks']]


def script(chunks, flags=0):
    out = bytearray([flags])
    for side, data in chunks:
        if data is None:
            out += bytes([side | 6]) + b'\0\0'
            continue
        for i in range(0, len(data), 0xffff):
            part = data[i:i + 0xffff]
            out += bytes([side]) + struct.pack('>H', len(part)) + part
    return bytes(out)


def handshake_messages(stream):
    """The plaintext handshake messages of one direction's byte stream
    (records until its ChangeCipherSpec or the first other record)."""
    hs, off = b'', 0
    while off + 5 <= len(stream):
        ctype, length = stream[off], struct.unpack('>H', stream[off + 3:off + 5])[0]
        if ctype != 22:
            break
        hs += stream[off + 5:off + 5 + length]
        off += 5 + length
    msgs, off = [], 0
    while off + 4 <= len(hs):
        length = int.from_bytes(hs[off + 1:off + 4], 'big')
        if off + 4 + length > len(hs):
            break
        msgs.append(hs[off:off + 4 + length])
        off += 4 + length
    return msgs


def hello_parts(msg):
    """(extensions block, supported_versions value, suite) of a hello."""
    body, off = msg[4:], 34
    off += 1 + body[off]
    if msg[0] == 1:
        off += 2 + struct.unpack('>H', body[off:off + 2])[0]
        off += 1 + body[off]
        suite = None
    else:
        suite = struct.unpack('>H', body[off:off + 2])[0]
        off += 3
    block = body[off:]
    ver, i, end = None, 2, 2 + (struct.unpack('>H', block[:2])[0] if len(block) >= 2 else 0)
    while i + 4 <= end:
        etype, elen = struct.unpack('>HH', block[i:i + 4])
        if etype == 43 and msg[0] == 2 and elen == 2:
            ver = struct.unpack('>H', block[i + 4:i + 6])[0]
        i += 4 + elen
    return block, ver, suite


def certificates(msg, tls13):
    body, certs = msg[4:], []
    off = 1 + body[0] if tls13 else 0
    end = off + 3 + int.from_bytes(body[off:off + 3], 'big')
    off += 3
    while off + 3 <= end:
        n = int.from_bytes(body[off:off + 3], 'big')
        certs.append(body[off + 3:off + 3 + n])
        off += 3 + n
        if tls13:
            off += 2 + struct.unpack('>H', body[off:off + 2])[0]
    return certs


class Seeds:
    def __init__(self, outdir):
        self.outdir = outdir

    def add(self, harness, data, name=None):
        d = os.path.join(self.outdir, harness)
        os.makedirs(d, exist_ok=True)
        name = name or hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)


def pcap_file(dlt, pkts):
    out = bytearray(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, dlt))
    for ts, data, wire in pkts:
        out += struct.pack('<IIII', ts // 1000000, ts % 1000000, len(data),
                           len(data) + wire) + data
    return bytes(out)


def rewrap(dlt, ip):
    """An IP packet as a frame of link type dlt."""
    v6 = ip[0] >> 4 == 6
    etype = struct.pack('>H', 0x86dd if v6 else 0x0800)
    if dlt in (0, 108):
        af = 10 if v6 else 2
        return (struct.pack('>I', af) if dlt == 108 else struct.pack('<I', af)) + ip
    if dlt == 1:
        return b'\x02' * 6 + b'\x04' * 6 + b'\x81\x00\x00\x05' + etype + ip
    if dlt == 113:
        return b'\x00\x00\x03\x04\x00\x06' + b'\x02' * 8 + etype + ip
    if dlt == 276:
        return etype + b'\0\0' + b'\0\0\0\x01' + b'\x03\x04\x00\x06' + b'\x02' * 8 + ip
    return ip


def capture_seeds(s, path):
    base = os.path.basename(path)
    dlt, pkts = read_capture(path)
    s.add('capture_file', open(path, 'rb').read(), base)
    ips = [ip_of_ether(f) for _, f, _ in pkts] if dlt == 1 else []
    for i, lt in enumerate(LINKTYPES):
        frames = [rewrap(lt, ip) for ip in ips if ip]
        if not frames:
            continue
        if base.startswith('tls12-rsa-cbc'):
            s.add('capture_file', pcap_file(lt, [(k * 1000, fr, 0) for k, fr in enumerate(frames)]),
                  f'{base}.dlt{lt}')
        if lt != 1 and not base.startswith(('tls12-rsa-cbc', 'tls13-hrr')):
            continue
        pk = bytearray([i])
        for fr in frames:
            if len(pk) + 3 + len(fr) > 16384:
                break
            pk += struct.pack('>HB', len(fr), 0) + fr
        s.add('capture_packets', bytes(pk), f'{base}.dlt{lt}')
    keys = os.path.splitext(path)[0] + '.keys'
    keylog = open(keys, 'rb').read() if os.path.exists(keys) else None
    for n, chunks in enumerate(flows_of(pkts)):
        sc = script(chunks)
        s.add('tls_decoder', sc, f'{base}.conn{n}')
        if keylog is not None and len(keylog) < 0x10000:
            s.add('decrypt', struct.pack('>H', len(keylog)) + keylog + sc, f'{base}.conn{n}')
        s.add('writers', sc, f'{base}.conn{n}')
        connection_seeds(s, f'{base}.conn{n}', chunks)


def connection_seeds(s, name, chunks):
    streams = [b''.join(d for sd, d in chunks if sd == side and d) for side in (0, 1)]
    msgs = [handshake_messages(st) for st in streams]
    version, suite = -1, None
    for side in (0, 1):
        for m in msgs[side]:
            if m[0] in (1, 2):
                block, ver, su = hello_parts(m)
                hrr = m[0] == 2 and m[6:38] == HRR_RANDOM
                where = EXT_WHERE['hrr' if hrr else m[0]]
                s.add('extensions', bytes([where | (8 if ver == 0x0304 else 0)]) + block,
                      f'{name}.{side}.ext{m[0]}')
                if m[0] == 2:
                    version = ver or struct.unpack('>H', m[4:6])[0]
                    suite = su
    vi = VERSIONS.index(version) if version in VERSIONS else 0
    su = struct.pack('>H', suite or 0)
    for side in (0, 1):
        if not msgs[side]:
            continue
        dirflag = 16 if msgs[side][0][0] != 1 else 0
        s.add('handshake', bytes([dirflag]) + b'\0\0' + b''.join(msgs[side]), f'{name}.{side}.flight')
        for k, m in enumerate(msgs[side]):
            s.add('handshake', bytes([vi | 8 | dirflag]) + su + m, f'{name}.{side}.msg{k}')
            if m[0] == 11:
                certs = certificates(m, version == 0x0304)
                for c in certs:
                    s.add('cert', c)
                s.add('cert', b''.join(certs), f'{name}.{side}.chain')


def main():
    args = sys.argv[1:]
    outdir = args.pop(0)
    certfiles = args[args.index('--') + 1:] if '--' in args else []
    captures = args[:args.index('--')] if '--' in args else args
    s = Seeds(outdir)
    for path in captures:
        capture_seeds(s, path)
        # the key log harness: key logs next to the captures, and pcapng
        # files (their Decryption Secrets Blocks)
        keys = os.path.splitext(path)[0] + '.keys'
        if os.path.exists(keys):
            s.add('keylog', open(keys, 'rb').read(), os.path.basename(keys))
        if path.endswith('.pcapng'):
            s.add('keylog', open(path, 'rb').read(), os.path.basename(path))
    s.add('keylog', b'# comment\n\nCLIENT_RANDOM ' + b'00' * 32 + b' ' + b'11' * 48
          + b'\r\nSERVER_HANDSHAKE_TRAFFIC_SECRET ' + b'ab' * 32 + b' ' + b'cd' * 48
          + b'\nCLIENT_RANDOM zz\nRSA 0011 22\n\x1b[31m\n', 'mixed.keys')
    for path in certfiles:
        data = open(path, 'rb').read()
        s.add('cert', data, os.path.basename(path))
        if data.startswith(b'-----'):
            import base64
            ders = [base64.b64decode(b''.join(part.split(b'-----')[0].split()))
                    for part in data.split(b'-----BEGIN CERTIFICATE-----')[1:]]
            if ders:
                s.add('cert', b''.join(ders), os.path.basename(path) + '.der')
    for t in (b'2030-01-01', b'2030-01-01T00:00:00Z', b'2024-02-29T23:59:59.123456+05:30',
              b'expired', b'hostname_mismatch', b'unknown_issuer'):
        s.add('cert', t)
    # The SSLv2-format ClientHello the record layer recognises.
    specs = bytes.fromhex('01008000002f00003500c0130000ff00000400000a070080')
    body = bytes.fromhex('010301') + struct.pack('>HHH', len(specs), 0, 16) + specs + bytes(range(16))
    v2 = struct.pack('>H', 0x8000 | len(body)) + body
    s.add('handshake', bytes([32]) + b'\0\0' + v2, 'sslv2-hello')
    s.add('tls_decoder', script([(0, v2)]), 'sslv2-hello')


if __name__ == '__main__':
    main()

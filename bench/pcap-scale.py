#!/usr/bin/env python3
"""pcap-scale.py: count the TLS connections of a capture; build big captures from copies.

    pcap-scale.py --server-ports 443,853 --copies 1   base.pcap base.pcap   # only base.pcap.meta
    pcap-scale.py --server-ports 443,853 --size 1G     base.pcap big-1G.pcap
    pcap-scale.py --server-ports 443,853 --conns 100000 base.pcap conns-100k.pcap

Counting (written to OUT.meta as key=value lines): a TCP connection starts with a client SYN
(without ACK) to a server port; a SYN with a new initial sequence number on a 4-tuple seen
before is a new connection reusing that 4-tuple.  The connection is TLS when the first byte
of the client's stream (sequence number ISN + 1) opens a TLS handshake record carrying a
ClientHello.  This count is independent of every decoder under test.

Scaling: copy k (k = 0 .. N-1) is the base capture with
  * timestamps shifted by k * (span of the base + 1 s), so copies follow each other;
  * for k >= 1, the client side of every TCP/IPv4 packet moved to address
    127.(128 + k // 256).(k % 256).(last byte of its address) and its port rotated by k * 7919
    within 1024..65535;
  * the IPv4 header checksum and the TCP checksum updated incrementally (RFC 1624), so a right
    checksum stays right and one left partial by offload stays as it was.
Every connection of the result keeps its own 4-tuple; reuse inside the base stays reuse.
--size: as many copies as come closest to SIZE; --conns: enough copies for N TLS connections.
Classic pcap (micro- or nanosecond, either byte order), Ethernet; Python standard library only.
"""
import argparse
import os
import struct
import sys


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    s = s.strip().upper().rstrip("B").rstrip("I")
    if s and s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(s)


def csum_fix(hc, olds, news):
    """RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), over 16-bit words."""
    s = (~hc) & 0xFFFF
    for o in olds:
        s += (~o) & 0xFFFF
    for n in news:
        s += n
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


class Pkt:
    __slots__ = ("ts", "incl", "orig", "data", "plan")


def read_base(path, ports):
    raw = open(path, "rb").read()
    magic = raw[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        sys.exit("%s: not a classic pcap file (pcapng? convert: editcap -F pcap IN OUT)" % path)
    frac = 1_000_000_000 if magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1_000_000
    linktype = struct.unpack(e + "I", raw[20:24])[0] & 0x0FFFFFFF
    if linktype != 1:
        sys.exit("%s: only Ethernet (link type 1) is handled, not %d" % (path, linktype))
    rec = struct.Struct(e + "IIII")
    pkts = []
    off, n = 24, len(raw)
    while off + 16 <= n:
        sec, sub, incl, orig = rec.unpack_from(raw, off)
        p = Pkt()
        p.ts, p.incl, p.orig = sec * frac + sub, incl, orig
        p.data = raw[off + 16: off + 16 + incl]
        p.plan = None
        off += 16 + incl
        pkts.append(p)
    if not pkts:
        sys.exit("%s: no packets" % path)
    return raw[:24], rec, frac, pkts, len(raw)


def tcp_view(d, ports):
    """(client is source?, ihl offset of TCP, fields) for TCP/IPv4 to or from a server port."""
    if len(d) < 54 or d[12:14] != b"\x08\x00" or (d[14] >> 4) != 4 or d[23] != 6:
        return None
    t = 14 + (d[14] & 15) * 4
    if len(d) < t + 20:
        return None
    sport, dport, seq, ack, doff, flags = struct.unpack_from(">HHIIBB", d, t)
    if dport in ports and sport not in ports:
        to_server = True
    elif sport in ports and dport not in ports:
        to_server = False
    else:
        return None
    return to_server, t, sport, dport, seq, flags, t + (doff >> 4) * 4


def plan_and_count(pkts, ports):
    """Marks what each packet's copies rewrite; counts the connections of the base."""
    conns = {}        # 4-tuple -> [isn, decided]
    seen = set()      # 4-tuples used so far
    m = {"packets": len(pkts), "tcp_conns": 0, "tls_conns": 0, "tuple_reuses": 0,
         "tls_conns_reusing_tuple": 0}
    reused = set()    # 4-tuples whose current connection reuses them
    prefixes = set()
    for p in pkts:
        v = tcp_view(p.data, ports)
        if v is None:
            continue
        to_server, t, sport, dport, seq, flags, pay = v
        d = p.data
        if to_server:
            p.plan = (26, t, t + 16)
            cli = bytes(d[26:30])
            key = (cli, sport, bytes(d[30:34]), dport)
        else:
            p.plan = (30, t + 2, t + 16)
            cli = bytes(d[30:34])
            key = (cli, dport, bytes(d[26:30]), sport)
        prefixes.add(cli[:3])
        if not to_server:
            continue
        c = conns.get(key)
        if flags & 0x12 == 0x02 and not (c and c[0] == seq):
            m["tcp_conns"] += 1
            if key in seen:
                m["tuple_reuses"] += 1
                reused.add(key)
            else:
                reused.discard(key)
            seen.add(key)
            conns[key] = c = [seq, False]
        if c and not c[1] and len(d) > pay and seq == (c[0] + 1) & 0xFFFFFFFF:
            c[1] = True
            if len(d) >= pay + 6 and d[pay] == 0x16 and d[pay + 1] == 3 and d[pay + 5] == 1:
                m["tls_conns"] += 1
                if key in reused:
                    m["tls_conns_reusing_tuple"] += 1
    if len(prefixes) > 1:
        sys.exit("client addresses differ in more than their last byte: %s"
                 % ", ".join(".".join(map(str, x)) for x in sorted(prefixes)))
    return m


def write_copies(out, ghdr, rec, frac, pkts, copies):
    t_first = pkts[0].ts
    t_last = max(p.ts for p in pkts)
    shift = (t_last - t_first) + frac
    packed = struct.Struct(">H")
    with open(out + ".part", "wb") as f:
        f.write(ghdr)
        for k in range(copies):
            chunks = []
            dt = k * shift
            rot = k * 7919
            hi = bytes((127, 128 + (k >> 8), k & 255))
            for p in pkts:
                ts = p.ts + dt
                chunks.append(rec.pack(ts // frac, ts % frac, p.incl, p.orig))
                if k == 0 or p.plan is None:
                    chunks.append(p.data)
                    continue
                ipo, po, co = p.plan
                b = bytearray(p.data)
                oip = struct.unpack_from(">HH", b, ipo)
                (op,) = packed.unpack_from(b, po)
                np_ = 1024 + (op - 1024 + rot) % 64512 if op >= 1024 else op
                b[ipo:ipo + 3] = hi
                nip = struct.unpack_from(">HH", b, ipo)
                packed.pack_into(b, po, np_)
                (ipc,) = packed.unpack_from(b, 24)
                packed.pack_into(b, 24, csum_fix(ipc, oip, nip))
                (tc,) = packed.unpack_from(b, co)
                packed.pack_into(b, co, csum_fix(tc, oip + (op,), nip + (np_,)))
                chunks.append(b)
            f.write(b"".join(chunks))
    os.replace(out + ".part", out)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base")
    ap.add_argument("out")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--copies", type=int)
    g.add_argument("--size", help="about this size: 100M, 1G ...")
    g.add_argument("--conns", type=int, help="at least this many TLS connections")
    ap.add_argument("--server-ports", default="443",
                    help="comma-separated TCP ports of the servers (default 443)")
    a = ap.parse_args()
    ports = {int(x) for x in a.server_ports.split(",")}

    ghdr, rec, frac, pkts, size = read_base(a.base, ports)
    m = plan_and_count(pkts, ports)
    if a.copies:
        copies = a.copies
    elif a.size:
        copies = max(1, round(parse_size(a.size) / size))
    else:
        copies = max(1, -(-a.conns // max(1, m["tls_conns"])))
    if copies > 32767:
        sys.exit("too many copies (%d)" % copies)
    same = os.path.abspath(a.base) == os.path.abspath(a.out)
    if same and copies != 1:
        sys.exit("the output must differ from the base")
    if not same:
        write_copies(a.out, ghdr, rec, frac, pkts, copies)
    meta = {"file": os.path.basename(a.out), "bytes": os.path.getsize(a.out),
            "copies": copies}
    for k, v in m.items():
        meta[k] = v * copies
    with open(a.out + ".meta", "w") as f:
        for k, v in meta.items():
            f.write("%s=%s\n" % (k, v))
    print("%s: %d copies, %d packets, %d bytes (%.1f MiB), %d TLS connections "
          "(%d reusing a 4-tuple)"
          % (a.out, copies, meta["packets"], meta["bytes"], meta["bytes"] / 2**20,
             meta["tls_conns"], meta["tls_conns_reusing_tuple"]), file=sys.stderr)


if __name__ == "__main__":
    main()

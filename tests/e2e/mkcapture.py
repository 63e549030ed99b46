#!/usr/bin/env python3
"""Write a pcap of one plaintext TLS 1.2 handshake (up to ServerHelloDone)
whose server sends the given certificates and, optionally, a stapled OCSP
response (CertificateStatus), at a fixed time: replay tests of the chain
verdict that need no live peers and no clock.

    mkcapture.py OUT.pcap TIME SNI [--ocsp FILE] CERT.pem...

TIME is "YYYY-MM-DD" (midnight UTC): the capture's first packet.
"""
import base64
import calendar
import struct
import sys
import time

CLIENT = (bytes([192, 0, 2, 10]), 40000)
SERVER = (bytes([192, 0, 2, 1]), 443)


def pem_certs(path):
    out, body = [], None
    for line in open(path):
        line = line.strip()
        if line == "-----BEGIN CERTIFICATE-----":
            body = []
        elif line == "-----END CERTIFICATE-----":
            out.append(base64.b64decode("".join(body)))
            body = None
        elif body is not None:
            body.append(line)
    return out


def u8(n): return struct.pack("!B", n)
def u16(n): return struct.pack("!H", n)
def u24(n): return struct.pack("!I", n)[1:]
def vec8(b): return u8(len(b)) + b
def vec16(b): return u16(len(b)) + b
def vec24(b): return u24(len(b)) + b


def ext(kind, body): return u16(kind) + vec16(body)
def handshake(kind, body): return u8(kind) + vec24(body)
def record(body): return u8(22) + u16(0x0303) + vec16(body)


def client_hello(sni):
    name = sni.encode()
    exts = ext(0, vec16(u8(0) + vec16(name)))      # server_name
    exts += ext(5, u8(1) + vec16(b"") + vec16(b""))  # status_request: ocsp
    exts += ext(13, vec16(u16(0x0403) + u16(0x0804)))
    body = u16(0x0303) + bytes(range(32)) + vec8(b"") + vec16(u16(0xc02f))
    body += vec8(b"\x00") + vec16(exts)
    return handshake(1, body)


def server_flight(certs, ocsp):
    hello = u16(0x0303) + bytes(range(32, 64)) + vec8(b"") + u16(0xc02f)
    hello += b"\x00" + vec16(ext(5, b"") if ocsp else b"")
    out = handshake(2, hello)
    out += handshake(11, vec24(b"".join(vec24(c) for c in certs)))
    if ocsp:
        out += handshake(22, u8(1) + vec24(ocsp))
    return out + handshake(14, b"")


def checksum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def packet(src, dst, seq, ack, flags, payload):
    tcp = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, ack, 5 << 4, flags,
                      65535, 0, 0) + payload
    pseudo = src[0] + dst[0] + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64,
                     6, 0, src[0], dst[0])
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + tcp


def main():
    args = sys.argv[1:]
    ocsp = None
    if "--ocsp" in args:
        i = args.index("--ocsp")
        ocsp = open(args[i + 1], "rb").read()
        del args[i:i + 2]
    out, when, sni = args[:3]
    certs = [c for path in args[3:] for c in pem_certs(path)]
    t0 = calendar.timegm(time.strptime(when, "%Y-%m-%d"))
    ch = record(client_hello(sni))
    sf = record(server_flight(certs, ocsp))
    SYN, ACK, PSH = 0x02, 0x10, 0x08
    cs, ss = 1000, 5000
    pkts = [
        packet(CLIENT, SERVER, cs, 0, SYN, b""),
        packet(SERVER, CLIENT, ss, cs + 1, SYN | ACK, b""),
        packet(CLIENT, SERVER, cs + 1, ss + 1, ACK, b""),
        packet(CLIENT, SERVER, cs + 1, ss + 1, PSH | ACK, ch),
        packet(SERVER, CLIENT, ss + 1, cs + 1 + len(ch), PSH | ACK, sf),
    ]
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
        for i, p in enumerate(pkts):
            f.write(struct.pack("<IIII", t0, i * 1000, len(p), len(p)) + p)


main()

#!/usr/bin/env python3
"""Small test servers on 127.0.0.1 for tlsview's connect tests: each MODE
listens on a port of its own (written to PORTS as "MODE PORT" lines once
all listen), speaks its protocol's real STARTTLS preamble, then TLS with
Python's ssl module, and serves connections until killed.

  peer.py CHAIN KEY PORTS MODE...

Modes: smtp imap pop3 ftp xmpp postgres ldap mysql (STARTTLS), and for
failures: smtp-nostarttls, postgres-refuses, http (plain HTTP answer),
silent (listens, never accepts)."""
import os
import socket
import ssl
import sys
import threading


def lines(f, *out):
    for o in out:
        f.write(o.encode() + b"\r\n")
    f.flush()


def expect(f, start):
    line = f.readline()
    if not line.upper().startswith(start.upper().encode()):
        raise ValueError("expected %r, got %r" % (start, line))
    return line


def smtp(s, f, offer=True):
    lines(f, "220 mail.example.test ESMTP test")
    expect(f, "EHLO")
    caps = ["250-mail.example.test", "250-PIPELINING"]
    if offer:
        caps.append("250-STARTTLS")
    lines(f, *caps, "250 8BITMIME")
    expect(f, "STARTTLS")
    lines(f, "220 2.0.0 Ready to start TLS")
    return True


def imap(s, f):
    lines(f, "* OK [CAPABILITY IMAP4rev1 STARTTLS] test ready")
    expect(f, "a001 CAPABILITY")
    lines(f, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED", "a001 OK done")
    expect(f, "a002 STARTTLS")
    lines(f, "a002 OK Begin TLS negotiation now")
    return True


def pop3(s, f):
    lines(f, "+OK test POP3 ready")
    expect(f, "CAPA")
    lines(f, "+OK Capability list follows", "USER", "STLS", ".")
    expect(f, "STLS")
    lines(f, "+OK Begin TLS negotiation")
    return True


def ftp(s, f):
    lines(f, "220-Welcome", "220 test FTP ready")
    expect(f, "AUTH TLS")
    lines(f, "234 AUTH TLS OK.")
    return True


def read_until(s, end, after=b""):
    data = b""
    while end not in data[data.find(after):] or after not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise ValueError("closed")
        data += chunk
    return data


def xmpp(s, f):
    read_until(s, b">", after=b"<stream:stream")
    s.sendall(b"<?xml version='1.0'?><stream:stream from='example.test' "
              b"id='t1' version='1.0' xmlns='jabber:client' "
              b"xmlns:stream='http://etherx.jabber.org/streams'>"
              b"<stream:features><starttls "
              b"xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
              b"</starttls></stream:features>")
    read_until(s, b"/>")
    s.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    return True


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ValueError("closed")
        data += chunk
    return data


def postgres(s, f, agree=True):
    if recv_exact(s, 8) != bytes([0, 0, 0, 8, 4, 0xd2, 0x16, 0x2f]):
        raise ValueError("not an SSLRequest")
    s.sendall(b"S" if agree else b"N")
    return agree


def ldap(s, f):
    head = recv_exact(s, 2)
    recv_exact(s, head[1])
    # ExtendedResponse, messageID 1, resultCode success
    s.sendall(bytes([0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07,
                     0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]))
    return True


def mysql(s, f):
    caps = 0xf7ff | 0x0800
    payload = (bytes([10]) + b"8.0.36-test\0" + (7).to_bytes(4, "little") +
               b"abcdefgh" + b"\0" + (caps & 0xffff).to_bytes(2, "little") +
               bytes([0x21]) + (2).to_bytes(2, "little") +
               (0x0008).to_bytes(2, "little") + bytes([21]) + bytes(10) +
               b"ijklmnopqrst\0" + b"mysql_native_password\0")
    s.sendall(len(payload).to_bytes(3, "little") + b"\0" + payload)
    head = recv_exact(s, 4)
    recv_exact(s, int.from_bytes(head[:3], "little"))
    return True


def http(s, f):
    s.recv(4096)
    s.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
              b"Connection: close\r\n\r\n")
    return False


MODES = {
    "smtp": smtp, "imap": imap, "pop3": pop3, "ftp": ftp, "xmpp": xmpp,
    "postgres": postgres, "ldap": ldap, "mysql": mysql, "http": http,
    "smtp-nostarttls": lambda s, f: smtp(s, f, offer=False),
    "postgres-refuses": lambda s, f: postgres(s, f, agree=False),
}


def serve_one(ctx, mode, c):
    try:
        f = c.makefile("rwb", buffering=0)
        if MODES[mode](c, f):
            t = ctx.wrap_socket(c, server_side=True)
            while t.recv(4096):
                pass
            t.unwrap()
    except (OSError, ValueError, ssl.SSLError):
        pass
    finally:
        c.close()


def serve(ctx, mode, ls):
    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve_one, args=(ctx, mode, c),
                         daemon=True).start()


def main():
    chain, key, ports = sys.argv[1:4]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(chain, key)
    socks = []
    for mode in sys.argv[4:]:
        ls = socket.socket()
        ls.bind(("127.0.0.1", 0))
        ls.listen(16)
        socks.append((mode, ls))
    with open(ports + ".tmp", "w") as out:
        for mode, ls in socks:
            out.write("%s %d\n" % (mode, ls.getsockname()[1]))
    os.rename(ports + ".tmp", ports)
    for mode, ls in socks:
        if mode != "silent":
            threading.Thread(target=serve, args=(ctx, mode, ls),
                             daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()

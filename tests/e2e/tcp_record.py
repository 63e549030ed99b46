#!/usr/bin/env python3
"""A TCP relay that records what it relays as a pcap, without root.

    tcp_record.py PORTFILE TARGET_PORT OUT.pcap [CONNECTIONS]

Listens on 127.0.0.1 (a free port, written to PORTFILE once listening),
relays each accepted connection to 127.0.0.1:TARGET_PORT, and writes
every byte each side sent as Ethernet/IPv4/TCP packets with consistent
sequence numbers: SYN, SYN-ACK, ACK, the data as it arrived (cut into
1448-byte segments), FIN from each side.  Exits after CONNECTIONS
connections (default 1) have ended, or after 60 seconds.  The pcap is
what tcpdump on the loopback would have seen, minus retransmissions.
"""
import os, select, socket, struct, sys, threading, time

MSS = 1448


class Pcap:
    def __init__(self, path):
        self.f = open(path, 'wb')
        self.lock = threading.Lock()
        self.f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))

    def packet(self, src, dst, flags, seq, ack, payload=b''):
        sip, sport = src
        dip, dport = dst
        tcp = struct.pack('!HHIIBBHHH', sport, dport, seq & 0xffffffff,
                          ack & 0xffffffff, 5 << 4, flags, 65535, 0, 0)
        total = 20 + len(tcp) + len(payload)
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, total, 0, 0x4000, 64, 6,
                         0, socket.inet_aton(sip), socket.inet_aton(dip))
        eth = b'\x02\x00\x00\x00\x00\x02' + b'\x02\x00\x00\x00\x00\x01' + b'\x08\x00'
        frame = eth + ip + tcp + payload
        now = time.time()
        with self.lock:
            self.f.write(struct.pack('<IIII', int(now), int(now * 1e6) % 1000000,
                                     len(frame), len(frame)))
            self.f.write(frame)
            self.f.flush()


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def relay(pcap, client, cpeer, target_port, lport):
    server = socket.create_connection(('127.0.0.1', target_port))
    c_ep = ('127.0.0.1', cpeer[1])
    s_ep = ('127.0.0.1', lport)
    seq = {c_ep: 1000, s_ep: 5000}
    pcap.packet(c_ep, s_ep, SYN, seq[c_ep] - 1, 0)
    pcap.packet(s_ep, c_ep, SYN | ACK, seq[s_ep] - 1, seq[c_ep])
    pcap.packet(c_ep, s_ep, ACK, seq[c_ep], seq[s_ep])
    ends = {client: (server, c_ep, s_ep), server: (client, s_ep, c_ep)}
    open_ = {client, server}
    gone = set()  # peers that no longer take data: what is sent to them is
    # still recorded (tcpdump sees it leave the sender)
    while open_:
        ready, _, _ = select.select(list(open_), [], [], 30)
        if not ready:
            break
        for sock in ready:
            other, src, dst = ends[sock]
            try:
                data = sock.recv(65536)
            except OSError:
                data = b''
            if not data:
                pcap.packet(src, dst, FIN | ACK, seq[src], seq[dst])
                seq[src] += 1
                open_.discard(sock)
                try:
                    other.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            for i in range(0, len(data), MSS):
                chunk = data[i:i + MSS]
                pcap.packet(src, dst, PSH | ACK, seq[src], seq[dst], chunk)
                seq[src] += len(chunk)
            if other in gone:
                continue
            try:
                other.sendall(data)
            except OSError:
                gone.add(other)
    client.close()
    server.close()


def main():
    portfile, target, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    want = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    pcap = Pcap(out)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('127.0.0.1', 0))
    ls.listen(8)
    lport = ls.getsockname()[1]
    with open(portfile + '.tmp', 'w') as f:
        f.write(str(lport))
    os.rename(portfile + '.tmp', portfile)
    deadline = time.time() + 60
    for _ in range(want):
        ls.settimeout(max(1, deadline - time.time()))
        try:
            client, peer = ls.accept()
        except socket.timeout:
            break
        # one connection at a time: the order in the pcap is the order
        # of the connections
        relay(pcap, client, peer, target, lport)


main()

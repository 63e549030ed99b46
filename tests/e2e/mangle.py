#!/usr/bin/env python3
"""Write truncated and corrupted variants of every .pcap in a directory.

For each capture: cuts at a spread of lengths, and copies with bytes flipped
at deterministic pseudo-random places in the packet data (the 24-byte file
header is kept so libpcap accepts the file and the decoder sees the damage).
"""
import os, random, sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = random.Random(20261123)
for name in sorted(os.listdir(src)):
    if not name.endswith('.pcap'):
        continue
    data = open(os.path.join(src, name), 'rb').read()
    base = name[:-5]
    n = len(data)
    for k in range(12):
        cut = 24 + (n - 24) * k // 12 + rng.randrange(0, 97)
        open(os.path.join(out, f"{base}.cut{k}.pcap"), 'wb').write(data[:min(cut, n)])
    for k in range(16):
        b = bytearray(data)
        for _ in range(1 + k):
            i = rng.randrange(24, n)
            b[i] ^= 1 << rng.randrange(8) if k % 2 else rng.randrange(1, 256)
        open(os.path.join(out, f"{base}.flip{k}.pcap"), 'wb').write(bytes(b))

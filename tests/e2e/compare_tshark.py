#!/usr/bin/env python3
"""Compare tlsview --json (JSON Lines) with a tshark reference (tshark-reduce.py).

Prints one TAP-style "ok / not ok NAME" line per assertion (no plan), with
"# " lines saying what differed.  --plaintext-only compares what can be seen
without keys: messages tshark marks decrypted are left out, and certificates
only count when the version is below TLS 1.3.  Without it (tlsview was given
the keys tshark had) everything is compared, decrypted messages and alerts
included.  --conns 1,6 compares only those connections (the rest of the
capture was not decryptable with the keys given).
"""
import json, sys

def conns_of(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]

def ep(e):
    return f"{e['ip']}:{e['port']}" if ':' not in e['ip'] else f"{e['ip']}:{e['port']}"

def main():
    args = sys.argv[1:]
    plaintext_only = False
    only = None
    while args and args[0].startswith('--'):
        if args[0] == '--plaintext-only':
            plaintext_only = True
            args = args[1:]
        elif args[0] == '--conns':
            only = {int(x) for x in args[1].split(',')}
            args = args[2:]
        else:
            sys.exit(f"unknown option {args[0]}")
    name, exp_path, got_path = args
    exp = json.load(open(exp_path, encoding='utf-8'))
    got = conns_of(got_path)
    results = []

    def check(cond, what, detail=None):
        results.append((cond, what, detail))

    check(len(got) == len(exp), f"{name}: {len(exp)} TLS connections",
          f"got {len(got)}")
    for i, (e, g) in enumerate(zip(exp, got)):
        if only is not None and i + 1 not in only:
            continue
        tag = f"{name} #{i + 1}"
        check(g['id'] == i + 1, f"{tag}: id is {i + 1}", f"got {g['id']}")
        check(ep(g['client']) == e['client'] and ep(g['server']) == e['server'],
              f"{tag}: endpoints {e['client']} -> {e['server']}",
              f"got {ep(g['client'])} -> {ep(g['server'])}")
        for d in ('client', 'server'):
            want = [t for (dd, t, dec) in e['messages']
                    if dd == d and not (plaintext_only and dec)]
            have = [m['type_id'] for m in g['messages']
                    if m['dir'] == d and not (plaintext_only and m['encrypted'])]
            check(have == want, f"{tag}: {d} handshake messages {want}",
                  f"got {have}")
            if plaintext_only:
                continue
            want = [t for (dd, t, dec) in e['messages'] if dd == d and dec]
            have = [m['type_id'] for m in g['messages']
                    if m['dir'] == d and m['encrypted']]
            check(have == want, f"{tag}: {d} messages read after decryption "
                  f"{want}", f"got {have}")
        if not plaintext_only:
            have = [[a['dir'], a['id']] for a in g['alerts']]
            check(have == e['alerts'], f"{tag}: alerts {e['alerts']}",
                  f"got {have}")
        gv = g['version']['id'] if g['version'] else None
        check(gv == e['version'], f"{tag}: version {e['version']}", f"got {gv}")
        gc = g['cipher_suite']['id'] if g['cipher_suite'] else None
        check(gc == e['cipher_suite'], f"{tag}: cipher suite {e['cipher_suite']}",
              f"got {gc}")
        check(g['sni'] == e['sni'], f"{tag}: SNI {e['sni']}", f"got {g['sni']}")
        check(g['alpn']['offered'] == e['alpn_offered'],
              f"{tag}: ALPN offered {e['alpn_offered']}",
              f"got {g['alpn']['offered']}")
        tls13 = e['version'] == 772
        if not (plaintext_only and tls13):
            check(g['alpn']['selected'] == e['alpn_selected'],
                  f"{tag}: ALPN selected {e['alpn_selected']}",
                  f"got {g['alpn']['selected']}")
            for key, field in (('server_cert_sha256', 'certificates'),
                               ('client_cert_sha256', 'client_certificates')):
                have = [c['sha256'] for c in g[field]]
                check(have == e[key], f"{tag}: {field} SHA-256 ({len(e[key])})",
                      f"got {have}, want {e[key]}")
    for cond, what, detail in results:
        print(("ok " if cond else "not ok ") + what)
        if not cond and detail:
            print("# " + detail)

main()

#!/usr/bin/env python3
"""tlsview --json on stdin -> one fact per line, for tests to grep:
   N version TLS 1.3 | N suite NAME | N sni NAME | N resumed true
   N alpn offered h2,http/1.1 | N alpn selected h2
   N msg DIR TYPE plain|decrypted | N alert DIR LEVEL NAME
   N certs K | N client_certs K | N cert POS KEYALG BITS
   N trusted true|false | N reason CODE | N note TEXT
   N starttls PROTO | N pre DIR TEXT | N client IP | N server IP PORT
   N start TIME | N end TIME"""
import json
import sys


def say(n, *words):
    print(n, *("null" if w is None else str(w) for w in words))


for line in sys.stdin:
    if not line.strip():
        continue
    c = json.loads(line)
    n = c["id"]
    say(n, "client", c["client"]["ip"])
    say(n, "server", c["server"]["ip"], c["server"]["port"])
    say(n, "version", c["version"] and c["version"]["name"])
    say(n, "suite", c["cipher_suite"] and c["cipher_suite"]["name"])
    say(n, "sni", c["sni"])
    say(n, "resumed", str(c["resumed"]).lower())
    say(n, "alpn", "offered", ",".join(c["alpn"]["offered"]))
    say(n, "alpn", "selected", c["alpn"]["selected"])
    for m in c["messages"]:
        say(n, "msg", m["dir"], m["type"],
            "decrypted" if m["encrypted"] else "plain")
    for a in c["alerts"]:
        say(n, "alert", a["dir"], a["level"], a["description"])
    say(n, "certs", len(c["certificates"]))
    say(n, "client_certs", len(c["client_certificates"]))
    for ct in c["certificates"]:
        pk = ct["public_key"]
        say(n, "cert", ct["position"], pk["algorithm"], pk["bits"])
    v = c["validation"]
    say(n, "trusted", "null" if v is None else str(v["trusted"]).lower())
    for r in (v or {}).get("reasons", []):
        say(n, "reason", r["code"])
    for t in c["notes"]:
        say(n, "note", t)
    st = c.get("starttls")  # only with --starttls
    say(n, "starttls", st and st["protocol"])
    for s in (st or {}).get("preamble", []):
        say(n, "pre", s["dir"], s["text"])

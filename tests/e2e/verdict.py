#!/usr/bin/env python3
"""Check the `validation` object of tlsview's JSON against expectations.

    verdict.py NAME FILE [CONN] EXPECTATION...

FILE holds `tlsview cert --json` output (one object) or replay JSON Lines
(then CONN, a number like "#2", picks the connection by id).  Prints one
TAP-like line per expectation, "ok - NAME: ..." or "not ok - NAME: ...",
for the calling shell test to count.  Expectations:

  trusted=true|false          the overall verdict
  reason=CODE:SEV:CERT:DEPTH[:WORDS]
                              a reason with this code, severity, certificate
                              position and depth ("null" for none, "*" for
                              any), and a text containing every WORD of
                              WORDS (separated by "|", any case)
  codes=CODE,CODE             exactly these reason codes (any order; "" none)
  anchor=SOURCE|null          the anchor's store; anchor_subject=TEXT
  path=peer,peer,store        where each path certificate came from
  store=NAME:true|false[:CODE[:DEPTH[:CHECK]]]
                              the verdict of one store
  host=NAME|null  checked=RFC3339  time_source=now|capture|at
  ca_issuers=URL              the missing issuer's download address
  ocsp=STATUS[:CERT]          the first OCSP result ("unusable" = problem)
  validation=null             no verdict at all
"""
import json
import sys


def load(path, conn):
    with open(path, encoding="utf-8") as f:
        objs = [json.loads(line) for line in f if line.strip()]
    if conn is None:
        return objs[0]
    for o in objs:
        if o.get("id") == conn:
            return o
    raise SystemExit(f"no connection {conn} in {path}")


def num(s):
    return None if s == "null" else int(s)


def check_reason(v, spec):
    parts = spec.split(":", 4)
    code, sev, cert, depth = parts[:4]
    words = parts[4].split("|") if len(parts) > 4 and parts[4] else []
    cands = [r for r in v["reasons"] if r["code"] == code]
    if not cands:
        return f"no reason {code}; have {[r['code'] for r in v['reasons']]}"
    for r in cands:
        if r["severity"] != sev:
            continue
        if cert != "*" and r["certificate"] != num(cert):
            continue
        if depth != "*" and r.get("depth") != num(depth):
            continue
        text = r["text"].lower()
        missing = [w for w in words if w.lower() not in text]
        if missing:
            return f"{code}: text lacks {missing}: {r['text'][:300]}"
        for k in ("code", "severity", "certificate", "text"):
            if k not in r:
                return f"{code}: the contract field {k} is missing"
        return None
    got = [(r["severity"], r["certificate"], r.get("depth")) for r in cands]
    return f"{code}: want {sev} cert {cert} depth {depth}, got {got}"


def check_store(v, spec):
    parts = spec.split(":")
    name, trusted = parts[0], parts[1] == "true"
    for s in v.get("stores", []):
        if s["name"] != name:
            continue
        if s["trusted"] != trusted:
            return f"store {name}: trusted {s['trusted']}"
        f = s["failure"]
        if trusted:
            return None if f is None and s["anchor"] else f"store {name}: {s}"
        if len(parts) > 2 and (not f or f["code"] != parts[2]):
            return f"store {name}: failure {f}"
        if len(parts) > 3 and f["depth"] != num(parts[3]):
            return f"store {name}: depth {f['depth']}"
        if len(parts) > 4 and f["check"] != parts[4]:
            return f"store {name}: check {f['check']}"
        return None
    return f"no store {name}: {[s['name'] for s in v.get('stores', [])]}"


def check(obj, exp):
    key, _, want = exp.partition("=")
    v = obj.get("validation")
    if key == "validation":
        return None if (v is None) == (want == "null") else f"validation {v}"
    if v is None:
        return "validation is null"
    if key == "trusted":
        got = "true" if v["trusted"] else "false"
        if got == want:
            return None
        return f"trusted {got}; reasons {[r['code'] for r in v['reasons']]}"
    if key == "reason":
        return check_reason(v, want)
    if key == "codes":
        got = sorted(r["code"] for r in v["reasons"])
        exp_codes = sorted(c for c in want.split(",") if c)
        return None if got == exp_codes else f"codes {got}"
    if key == "anchor":
        src = v["anchor"]["source"] if v["anchor"] else "null"
        return None if src == want else f"anchor {src}"
    if key == "anchor_subject":
        a = v["anchor"]
        return None if a and want in a["subject"] else f"anchor {a}"
    if key == "path":
        got = ",".join(p["from"] for p in v["path"])
        return None if got == want else f"path {got}"
    if key == "store":
        return check_store(v, want)
    if key == "host":
        got = v["hostname"] if v["hostname"] is not None else "null"
        return None if got == want else f"hostname {got}"
    if key == "checked":
        return None if v["checked_at"] == want else f"checked_at {v['checked_at']}"
    if key == "time_source":
        return None if v["time_source"] == want else f"time_source {v['time_source']}"
    if key == "ca_issuers":
        return None if want in v["ca_issuers"] else f"ca_issuers {v['ca_issuers']}"
    if key == "ocsp":
        if not v["ocsp"]:
            return "no OCSP result"
        o = v["ocsp"][0]
        status, _, cert = want.partition(":")
        got = "unusable" if o["problem"] else o["status"]
        if got != status:
            return f"ocsp {got} ({o['problem']})"
        if cert and o["certificate"] != num(cert):
            return f"ocsp about certificate {o['certificate']}"
        return None
    return f"unknown expectation {exp}"


def main():
    name, path = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    conn = None
    if args and args[0].startswith("#"):
        conn = int(args[0][1:])
        args = args[1:]
    try:
        obj = load(path, conn)
    except (OSError, ValueError, SystemExit) as e:
        print(f"not ok - {name}: output is JSON ({e})")
        return
    for exp in args:
        err = check(obj, exp)
        print(("ok" if err is None else "not ok") + f" - {name}: {exp}")
        if err:
            print(f"# {err}")


main()

#!/bin/sh
# --explain on the real captures: the notes name the negotiated version,
# cipher, group, SNI and certificate issuer that the tshark reference
# (tests/corpus/*.expected.json) and tlsview's own --json fields say; the
# --text notes are the --json "explain" strings; the static-RSA capture
# gets the key-transport wording and no forward-secrecy claim; the HRR
# capture the HelloRetryRequest note; a TLS 1.3 capture without keys the
# "no keys" note; every line fits 80 columns; without --explain nothing
# changes.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python
unset SSLKEYLOGFILE

# checks print "ok NAME" / "not ok NAME"; they are numbered at the end
say() { if [ "$1" -eq 0 ]; then echo "ok $2"; else echo "not ok $2"; fi; }

cd "$TV_SRCDIR" || exit 1
{
for pcap in tests/corpus/*.pcap captures/demo.pcap; do
	name=$(basename "$pcap" .pcap)
	keys=${pcap%.pcap}.keys
	"$TLSVIEW" -r "$pcap" --keylog "$keys" --json --explain \
		--no-system-ca >"$TMP/$name.json" 2>/dev/null
	say $? "$name: --json --explain exits 0"
	"$TLSVIEW" -r "$pcap" --keylog "$keys" --text --explain \
		--no-system-ca >"$TMP/$name.txt" 2>/dev/null
	say $? "$name: --text --explain exits 0"
	"$TLSVIEW" -r "$pcap" --keylog "$keys" --json --no-system-ca \
		>"$TMP/$name.plain.json" 2>/dev/null
	ref=${pcap%.pcap}.expected.json
	[ -f "$ref" ] || ref=
	python3 - "$TMP/$name.json" "$TMP/$name.txt" "$TMP/$name.plain.json" \
		"$name" "$ref" <<'PY'
import json, re, sys
jpath, tpath, ppath, name, ref = sys.argv[1:]
conns = [json.loads(l) for l in open(jpath, encoding='utf-8')]
text = open(tpath, encoding='utf-8').read()
plain = open(ppath, encoding='utf-8').read()
refs = {}
if ref:
    for r in json.load(open(ref, encoding='utf-8')):
        refs[r['client']] = r
n = 0

def ok(cond, what):
    global n
    n += 1
    print(('ok' if cond else 'not ok') + ' %s: %s' % (name, what))

VERSIONS = {772: 'TLS 1.3', 771: 'TLS 1.2', 770: 'TLS 1.1', 769: 'TLS 1.0'}
GROUPS = {'x25519': 'X25519', 'x448': 'X448', 'secp256r1': 'P-256',
          'secp384r1': 'P-384', 'secp521r1': 'P-521'}

def cipher_words(iana):
    """The bulk cipher of an IANA suite name, as the notes write it."""
    c = iana.split('_WITH_')[-1] if '_WITH_' in iana else iana[4:]
    c = re.sub(r'_(SHA\d*|MD5)$', '', c)
    if c == 'CHACHA20_POLY1305':
        return 'ChaCha20-Poly1305'
    return c.replace('_', '-')

def cn(dn):
    m = re.search(r'(?:^|,)CN=((?:\\.|[^,])*)', dn)
    return re.sub(r'\\(.)', r'\1', m.group(1)) if m else dn

def squash(s):
    return ' '.join(s.split())

flat = squash(text)
ok('"explain"' not in plain, 'no "explain" without --explain')
ok(all(len(l) <= 80 for l in text.splitlines()),
   'every --text --explain line fits 80 columns')
for c in conns:
    cid = '#%d' % c['id']
    key = '%s:%d' % (c['client']['ip'], c['client']['port'])
    r = refs.get(key)
    msgs = c['messages']
    notes = [m['explain'] for m in msgs] + [a['explain'] for a in c['alerts']]
    ok(all(isinstance(x, str) and x for x in notes),
       cid + ' every message and alert has an explain string')
    missing = [x for x in notes if squash(x) not in flat]
    ok(not missing, cid + ' each note is in the --text output too')
    for x in missing:
        print('# missing from --text: ' + x)
    by = {}
    for m in msgs:
        by.setdefault((m['dir'], m['type']), []).append(m)
    chm = by.get(('client', 'client_hello'))
    if chm:
        names = chm[0]['fields'].get('cipher_suites_names', [])
        k = sum(1 for x in names
                if x != 'GREASE' and not (x or '').endswith('_SCSV'))
        ok('offering %d cipher suite' % k in chm[0]['explain'],
           cid + ' ClientHello counts %d suites (no GREASE, no SCSV)' % k)
    if r and r.get('sni'):
        ch = by[('client', 'client_hello')][0]['explain']
        ok(r['sni'] in ch, cid + ' ClientHello names the SNI %s' % r['sni'])
    sh = by.get(('server', 'server_hello'), [None])[-1]
    if r and sh and r.get('version') in VERSIONS:
        v = VERSIONS[r['version']]
        suite = c['cipher_suite']
        ok(suite and suite['id'] == r['cipher_suite'],
           cid + ' tlsview and tshark agree on the suite')
        ok(v in sh['explain'] and cipher_words(suite['name']) in sh['explain'],
           cid + ' ServerHello names %s and %s' % (v, cipher_words(suite['name'])))
        if r['version'] == 772:
            ks = [e for e in sh['fields'].get('extensions', [])
                  if e.get('type_id') == 51]
            if ks and 'server_share' in ks[0]:
                g = ks[0]['server_share']['group_name']
                ok(GROUPS.get(g, g) in sh['explain'],
                   cid + ' ServerHello names the group %s' % GROUPS.get(g, g))
            if not c['resumed']:
                ok('from here on everything is encrypted' in sh['explain'],
                   cid + ' TLS 1.3 ServerHello: encrypted from here')
        else:
            ok('from here on everything is encrypted' not in sh['explain']
               and 'ChangeCipherSpec' in sh['explain'],
               cid + ' TLS 1.2 ServerHello: encryption starts at '
               'ChangeCipherSpec, not here')
    ske = by.get(('server', 'server_key_exchange'))
    if ske and 'named_curve_name' in ske[0]['fields']:
        g = ske[0]['fields']['named_curve_name']
        ok(GROUPS.get(g, g) in ske[0]['explain'],
           cid + ' ServerKeyExchange names the group %s' % GROUPS.get(g, g))
    crt = by.get(('server', 'certificate'))
    if crt and c['certificates']:
        leaf = c['certificates'][0]
        want = ('itself (self-signed' if leaf['self_signed']
                else 'signed by ' + cn(leaf['issuer']))
        ok(want in crt[0]['explain'],
           cid + ' Certificate says "%s"' % want)
        ok('%d certificate' % len(c['certificates']) in crt[0]['explain'],
           cid + ' Certificate counts %d' % len(c['certificates']))
    suite = (c['cipher_suite'] or {}).get('name', '')
    fs = [x for x in notes if 'forward secrecy' in x]
    if suite.startswith('TLS_RSA_'):
        cke = by[('client', 'client_key_exchange')][0]['explain']
        ok('RSA key transport' in sh['explain'] and
           'RSA key transport' in cke,
           cid + ' static RSA: the key-transport wording')
        ok(all(x.count('forward secrecy') == x.count('no forward secrecy')
               for x in fs),
           cid + ' static RSA: no forward-secrecy claim')
    else:
        ok(not any('RSA key transport' in x for x in notes),
           cid + ' not static RSA: no key-transport wording')
    hrr = by.get(('server', 'hello_retry_request'))
    if hrr:
        ks = [e for e in hrr[0]['fields']['extensions']
              if e.get('type_id') == 51]
        g = ks[0]['selected_group_name']
        ok(hrr[0]['explain'].startswith('HelloRetryRequest: ') and
           GROUPS.get(g, g) in hrr[0]['explain'] and
           'round trip' in hrr[0]['explain'],
           cid + ' the HelloRetryRequest note names %s' % GROUPS.get(g, g))
        ch2 = by[('client', 'client_hello')][1]['explain']
        ok(ch2.startswith('ClientHello (again)'),
           cid + ' the second ClientHello answers the HelloRetryRequest')
    for a in c['alerts']:
        ok(a['description'] in a['explain'] and
           ('%s says' % a['dir'] in a['explain'] or
            '%s aborts' % a['dir'] in a['explain'] or
            '%s reports' % a['dir'] in a['explain']),
           cid + ' the %s alert note names it and its sender' % a['description'])
print('# %d checks' % n)
PY
done

# Without keys, TLS 1.3: the records nobody could read get their note.
"$TLSVIEW" -r tests/corpus/tls13-ecdsa-alpn.pcap --explain >"$TMP/nokeys.txt" \
	2>/dev/null
say $? "tls13-ecdsa-alpn without keys: --explain (text implied) exits 0"
python3 - "$TMP/nokeys.txt" <<'PY'
import re, sys
t = open(sys.argv[1], encoding='utf-8').read()
flat = ' '.join(t.split())
m = re.search(r'\((\d+) records skipped\)', flat)
print(('ok' if m else 'not ok') + ' the decoder notes how many records it skipped')
want = 'Encrypted handshake, no keys: in TLS 1.3 everything after the ' \
    'ServerHello is encrypted'
print(('ok' if want in flat else 'not ok') + ' the no-keys note for TLS 1.3')
print(('ok' if m and '%s handshake records stay unreadable' % m.group(1) in flat
       else 'not ok') + ' the no-keys note counts the same records')
print(('ok' if '[Certificate]' not in flat and 'Certificate: ' not in flat
       else 'not ok') + ' no note for messages nobody could read')
PY

# --explain is a plain flag: no argument, accepted by connect's parser.
"$TLSVIEW" -r tests/corpus/tls13-hrr.pcap --explain=yes >/dev/null 2>&1
say $([ $? -eq 2 ] && echo 0 || echo 1) "--explain=yes is a usage error (exit 2)"
"$TLSVIEW" 127.0.0.1:1 --explain --timeout 1 >/dev/null 2>"$TMP/conn.err"
st=$?
say $([ $st -ne 2 ] && echo 0 || echo 1) "connect accepts --explain (exit $st)"
if [ $st -eq 2 ]; then diag "$(cat "$TMP/conn.err")"; fi
} >"$TMP/results"
while IFS= read -r line; do
	case $line in
	"ok "*) ok 0 "${line#ok }" ;;
	"not ok "*) ok 1 "${line#not ok }" ;;
	*) echo "$line" ;;
	esac
done <"$TMP/results"
done_testing

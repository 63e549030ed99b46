#!/bin/sh
# tlsview quick start: install what is missing (Debian packages), build,
# and decode the demo capture shipped in captures/ (decrypted, chains
# validated against the demo's own root CA).  No network needed
# beyond the Debian mirror, and only when something is missing.
#   sh quickstart.sh            install + build + show the demo
#   sh quickstart.sh --no-demo  install + build only
#   sh quickstart.sh --deps     print the Debian packages it needs
set -eu
cd "$(dirname "$0")"

# build: compiler, autotools, libraries; tests: python3 (JSON checks),
# gnutls-bin and openssl (certificates and real TLS peers), tmux (UI tests)
DEPS="gcc make autoconf automake pkgconf libgnutls28-dev libpcap-dev libncurses-dev
      python3 gnutls-bin openssl tmux"

case "${1:-}" in
--deps) echo $DEPS; exit 0 ;;
esac

missing=""
for p in $DEPS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "quickstart: installing:$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

[ -x configure ] && [ configure -nt configure.ac ] || ./bootstrap
[ -f Makefile ] || ./configure --enable-werror
make -j"$(nproc 2>/dev/null || echo 2)"

if [ "${1:-}" != "--no-demo" ]; then
	echo
	# a recording of the workshop lab (tlsview lab): one connection to
	# each of its 14 cases, good and broken.  The capture carries its
	# own session secrets (pcapng Decryption Secrets Blocks) and the
	# lab's root and CRL are shipped next to it: TLS 1.3's encrypted
	# messages decrypted, each chain's verdict explained
	echo "== ./tlsview -r captures/lab.pcapng --no-system-ca --ca-file captures/lab-root-ca.crt --crl captures/lab.crl --text"
	./tlsview -r captures/lab.pcapng --no-system-ca \
		--ca-file captures/lab-root-ca.crt --crl captures/lab.crl --text
fi

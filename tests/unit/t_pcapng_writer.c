/*
 * The pcapng writer: blocks in the right order (Section Header, Interface
 * Description, Decryption Secrets, packets), each well formed, and the
 * capture read back through libpcap and the real pipeline gives the
 * connections that were written: endpoints (IPv4 and IPv6), times, the
 * bytes of both directions across segments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/pcapng_writer.h"
#include "capture/replay.h"
#include "tap.h"

#define T0 1767225600000000LL /* 2026-01-01T00:00:00Z */

static const char secrets[] =
    "CLIENT_RANDOM 0101010101010101010101010101010101010101010101010101010101"
    "010101 "
    "02020202020202020202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202\n";

/* A TLS 1.2 ClientHello / ServerHello record with no extensions. */
static size_t hello(uint8_t *b, bool server)
{
	size_t n = 0, body = server ? 38 : 41;

	b[n++] = 22;
	b[n++] = 3;
	b[n++] = server ? 3 : 1;
	b[n++] = 0;
	b[n++] = (uint8_t)(4 + body);
	b[n++] = server ? 2 : 1;
	b[n++] = 0;
	b[n++] = 0;
	b[n++] = (uint8_t)body;
	b[n++] = 3;
	b[n++] = 3;
	memset(b + n, server ? 0x22 : 0x11, 32);
	n += 32;
	b[n++] = 0; /* session id */
	if (!server) {
		b[n++] = 0;
		b[n++] = 2;
	}
	b[n++] = 0x00; /* TLS_RSA_WITH_AES_128_GCM_SHA256 */
	b[n++] = 0x9c;
	if (!server)
		b[n++] = 1;
	b[n++] = 0; /* null compression */
	return n;
}

static void one_conn(tv_pcapng_writer *w, const char *c, const char *s,
		     int64_t t)
{
	tv_endpoint ce = {"", 50000}, se = {"", 443};
	uint8_t buf[4096 + 5], ch[64], sh[64];
	size_t chn = hello(ch, false), shn = hello(sh, true);
	tv_pcapng_tcp tcp;

	strcpy(ce.ip, c);
	strcpy(se.ip, s);
	ok(tv_pcapng_tcp_open(w, &tcp, &ce, &se, t, t + 100), "%s: opened", c);
	tv_pcapng_tcp_data(&tcp, 0, ch, chn, t + 200);
	tv_pcapng_tcp_data(&tcp, 1, sh, shn, t + 300);
	/* an application data record of 4000 bytes: three segments */
	buf[0] = 23;
	buf[1] = 3;
	buf[2] = 3;
	buf[3] = 4000 >> 8;
	buf[4] = 4000 & 0xff;
	memset(buf + 5, 0xab, 4000);
	tv_pcapng_tcp_data(&tcp, 0, buf, 4005, t + 400);
	tv_pcapng_tcp_fin(&tcp, 0, t + 500);
	tv_pcapng_tcp_fin(&tcp, 1, t + 600);
}

typedef struct seen {
	tv_conn *c[4];
	int n;
} seen;

static void sink(void *arg, tv_conn *c)
{
	seen *s = arg;

	if (s->n < 4)
		s->c[s->n++] = c;
	else
		tv_conn_free(c);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Walk the blocks: their types in order; false if one is malformed. */
static bool blocks(const uint8_t *p, size_t n, uint32_t *types, size_t *nt)
{
	size_t off = 0;

	*nt = 0;
	while (off < n) {
		uint32_t len;

		if (n - off < 12)
			return false;
		len = le32(p + off + 4);
		if (len < 12 || len % 4 || len > n - off ||
		    le32(p + off + len - 4) != len)
			return false;
		if (*nt < 64)
			types[(*nt)++] = le32(p + off);
		off += len;
	}
	return true;
}

static void check_file(const char *path)
{
	static uint8_t file[65536];
	uint32_t types[64];
	size_t n, nt = 0;
	FILE *f = fopen(path, "rb");
	bool dsb_ok;

	n = f ? fread(file, 1, sizeof file, f) : 0;
	if (f)
		fclose(f);
	ok(n > 0 && blocks(file, n, types, &nt),
	   "every block is well formed (lengths agree, 32-bit aligned)");
	ok(nt > 3 && types[0] == 0x0A0D0D0A && types[1] == 1 &&
	       types[2] == 0x0A && types[3] == 6,
	   "Section Header, Interface Description, Decryption Secrets, then "
	   "packets");
	/* the DSB: secrets type "TLSK", length, the NSS key log text */
	dsb_ok = false;
	for (size_t off = 0; off + 16 < n && !dsb_ok; off += 4)
		dsb_ok = le32(file + off) == 0x0A &&
			 le32(file + off + 8) == 0x544c534b &&
			 le32(file + off + 12) == sizeof secrets - 1 &&
			 !memcmp(file + off + 16, secrets, sizeof secrets - 1);
	ok(dsb_ok, "the Decryption Secrets Block holds the key log as TLSK");
	/* 2 connections x (3 handshake + 2 hellos + 3 data + 2 FIN) */
	is_int(nt - 3, 20, "20 packets for two connections");
}

static void check_replay(const char *path)
{
	tv_pipeline *p;
	tv_error err;
	seen s = {{NULL}, 0};

	p = tv_pipeline_new(NULL, sink, &s);
	is_int(tv_replay_file(path, p, NULL, NULL, &err), TV_OK,
	       "libpcap reads the capture");
	tv_pipeline_free(p);
	is_int(s.n, 2, "two connections read back");
	for (int i = 0; i < s.n; i++) {
		tv_conn *c = s.c[i];
		bool v6 = i == 1;

		is_str(c->client.ip, v6 ? "2001:db8::1" : "192.0.2.1",
		       "conn %d: client address", i + 1);
		is_int(c->client.port, 50000, "conn %d: client port", i + 1);
		is_str(c->server.ip, v6 ? "2001:db8::2" : "198.51.100.7",
		       "conn %d: server address", i + 1);
		is_int(c->server.port, 443, "conn %d: server port", i + 1);
		is_int(c->start_us, T0 + i * 1000000,
		       "conn %d: starts at the SYN's time", i + 1);
		is_int(c->end_us, T0 + i * 1000000 + 600,
		       "conn %d: ends at the last FIN's time", i + 1);
		is_int(c->n_msgs, 2, "conn %d: ClientHello and ServerHello",
		       i + 1);
		is_int(c->msgs ? c->msgs->time_us : 0, T0 + i * 1000000 + 200,
		       "conn %d: the ClientHello's time", i + 1);
		is_int(c->cipher_suite, 0x9c,
		       "conn %d: the ServerHello's suite", i + 1);
		is_int(c->app_data_bytes[TV_DIR_CLIENT], 4000,
		       "conn %d: 4000 bytes across three segments", i + 1);
		is_int(c->n_notes, 0, "conn %d: nothing missing or odd", i + 1);
		tv_conn_free(c);
	}
}

int main(void)
{
	char dir[] = "/tmp/t_pcapng.XXXXXX", path[64], bad[96];
	tv_pcapng_writer *w = tv_pcapng_writer_new();
	tv_endpoint a = {"192.0.2.1", 1}, b = {"2001:db8::2", 2};
	tv_pcapng_tcp t;
	tv_error err;

	ok(mkdtemp(dir) != NULL, "a temporary directory");
	snprintf(path, sizeof path, "%s/s.pcapng", dir);
	one_conn(w, "192.0.2.1", "198.51.100.7", T0);
	one_conn(w, "2001:db8::1", "2001:db8::2", T0 + 1000000);
	ok(!tv_pcapng_tcp_open(w, &t, &a, &b, T0, T0),
	   "endpoints of two address families are refused");
	tv_pcapng_add_secrets(w, secrets, sizeof secrets - 1);
	is_int(tv_pcapng_write(w, path, &err), TV_OK, "the capture is written");
	check_file(path);
	check_replay(path);

	snprintf(bad, sizeof bad, "%s/no/such/dir/s.pcapng", dir);
	is_int(tv_pcapng_write(w, bad, &err), TV_IO,
	       "a directory that does not exist: TV_IO");
	ok(strstr(err.msg, "cannot create a file next to it") != NULL,
	   "the error says what failed: %s", err.msg);
	tv_pcapng_writer_free(w);
	unlink(path);
	rmdir(dir);
	return done_testing();
}

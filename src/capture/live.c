/*
 * Live capture: pcap_create / pcap_activate (immediate mode, so packets
 * arrive as they are seen), a BPF filter, then privileges dropped before
 * the first packet is read.  pcap_dispatch wakes up at least every
 * READ_TIMEOUT_MS so a stop request is noticed even on a quiet interface.
 */
#include "capture/live.h"

#include <errno.h>
#include <grp.h>
#include <pcap/pcap.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "util/arena.h"

#define SNAPLEN_DEFAULT 262144
#define READ_TIMEOUT_MS 250

struct tv_live {
	pcap_t *pc;
	int dlt;
	const char *iface;
	tv_pipeline *p;
	volatile sig_atomic_t stop;
};

static tv_status activate_error(tv_live *l, int rc, tv_error *err)
{
	const char *i = l->iface;

	switch (rc) {
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		tv_error_set(
		    err, TV_IO,
		    "capturing on %s needs root or the CAP_NET_RAW and "
		    "CAP_NET_ADMIN capabilities (run it with sudo, or "
		    "setcap cap_net_raw,cap_net_admin=eip on tlsview)",
		    i);
		break;
	case PCAP_ERROR_NO_SUCH_DEVICE:
		tv_error_set(err, TV_IO,
			     "no interface named %s (list them with ip link or "
			     "tcpdump -D)",
			     i);
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		tv_error_set(err, TV_IO,
			     "interface %s is down (ip link set %s up)", i, i);
		break;
	default:
		tv_error_set(err, TV_IO, "cannot capture on %s: %s", i,
			     pcap_geterr(l->pc));
	}
	return TV_IO;
}

/* The device's link type, or another it offers, that the pipeline
 * decodes. */
static tv_status pick_linktype(tv_live *l, tv_error *err)
{
	int *dlts = NULL, n;

	l->dlt = pcap_datalink(l->pc);
	if (tv_pipeline_linktype_supported(l->dlt))
		return TV_OK;
	n = pcap_list_datalinks(l->pc, &dlts);
	for (int k = 0; k < n; k++)
		if (tv_pipeline_linktype_supported(dlts[k]) &&
		    pcap_set_datalink(l->pc, dlts[k]) == 0) {
			l->dlt = dlts[k];
			break;
		}
	if (dlts)
		pcap_free_datalinks(dlts);
	if (tv_pipeline_linktype_supported(l->dlt))
		return TV_OK;
	tv_error_set(err, TV_UNSUPPORTED,
		     "%s: link type %d (%s) is not supported (tlsview decodes "
		     "Ethernet, Linux cooked, loopback and raw IP)",
		     l->iface, l->dlt,
		     pcap_datalink_val_to_name(l->dlt)
			 ? pcap_datalink_val_to_name(l->dlt)
			 : "unknown");
	return TV_UNSUPPORTED;
}

static tv_status set_filter(tv_live *l, const char *filter, tv_error *err)
{
	struct bpf_program prog;

	if (!filter)
		return TV_OK;
	if (pcap_compile(l->pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		tv_error_set(err, TV_MALFORMED,
			     "-f '%s': not a capture filter: %s (see "
			     "pcap-filter(7))",
			     filter, pcap_geterr(l->pc));
		return TV_MALFORMED;
	}
	if (pcap_setfilter(l->pc, &prog) != 0) {
		tv_error_set(err, TV_IO, "-f '%s': %s", filter,
			     pcap_geterr(l->pc));
		pcap_freecode(&prog);
		return TV_IO;
	}
	pcap_freecode(&prog);
	return TV_OK;
}

/* -Z: groups, group, then user; and make sure there is no way back. */
static tv_status drop_privileges(const char *user, tv_error *err)
{
	struct passwd *pw;

	if (!user)
		return TV_OK;
	pw = getpwnam(user);
	if (!pw) {
		tv_error_set(err, TV_MALFORMED, "-Z %s: no such user", user);
		return TV_MALFORMED;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		tv_error_set(err, TV_IO,
			     "-Z %s: cannot become that user: %s (changing "
			     "user needs root)",
			     user, strerror(errno));
		return TV_IO;
	}
	if (pw->pw_uid != 0 && setuid(0) == 0) {
		tv_error_set(err, TV_IO,
			     "-Z %s: root privileges could be regained; "
			     "stopping",
			     user);
		return TV_IO;
	}
	return TV_OK;
}

tv_status tv_live_open(const tv_live_opts *o, tv_live **out, tv_error *err)
{
	char eb[PCAP_ERRBUF_SIZE] = "";
	tv_live *l = tv_xcalloc(1, sizeof *l);
	tv_status st;
	int rc;

	*out = NULL;
	l->iface = o->iface;
	l->pc = pcap_create(o->iface, eb);
	if (!l->pc) {
		tv_error_set(err, TV_IO, "cannot capture on %s: %s", o->iface,
			     eb);
		free(l);
		return TV_IO;
	}
	pcap_set_snaplen(l->pc, o->snaplen > 0 ? o->snaplen : SNAPLEN_DEFAULT);
	pcap_set_promisc(l->pc, 1);
	pcap_set_immediate_mode(l->pc, 1);
	pcap_set_timeout(l->pc, READ_TIMEOUT_MS);
	rc = pcap_activate(l->pc);
	st = rc < 0 ? activate_error(l, rc, err) : TV_OK;
	if (st == TV_OK)
		st = pick_linktype(l, err);
	if (st == TV_OK)
		st = set_filter(l, o->filter, err);
	if (st == TV_OK)
		st = drop_privileges(o->user, err);
	if (st != TV_OK) {
		tv_live_close(l);
		return st;
	}
	*out = l;
	return TV_OK;
}

static void on_packet(u_char *arg, const struct pcap_pkthdr *h,
		      const u_char *data)
{
	tv_live *l = (tv_live *)arg;
	int64_t ts = tv_time_from_packet(h->ts.tv_sec, h->ts.tv_usec);

	tv_pipeline_packet(l->p, l->dlt, ts, data, h->caplen, h->len);
}

tv_status tv_live_run(tv_live *l, tv_pipeline *p, tv_error *err)
{
	tv_status st = TV_OK;

	l->p = p;
	while (!l->stop) {
		int rc = pcap_dispatch(l->pc, -1, on_packet, (u_char *)l);

		if (rc == PCAP_ERROR_BREAK)
			break;
		if (rc == PCAP_ERROR) {
			tv_error_set(err, TV_IO, "capture on %s failed: %s",
				     l->iface, pcap_geterr(l->pc));
			st = TV_IO;
			break;
		}
	}
	tv_pipeline_finish(p);
	return st;
}

void tv_live_stop(tv_live *l)
{
	if (!l)
		return;
	l->stop = 1;
	pcap_breakloop(l->pc);
}

bool tv_live_dropped(tv_live *l, uint64_t *dropped)
{
	struct pcap_stat s;

	if (pcap_stats(l->pc, &s) != 0)
		return false;
	*dropped = (uint64_t)s.ps_drop + s.ps_ifdrop;
	return true;
}

void tv_live_close(tv_live *l)
{
	if (!l)
		return;
	pcap_close(l->pc);
	free(l);
}

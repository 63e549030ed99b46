/*
 * Loading off the UI loop: a thread replays the capture into a pipeline
 * whose sink validates each connection (as the text writer's does) and
 * queues it; an eventfd tells the UI loop, which polls it with the
 * keyboard.  Stopping is a flag the replay asks between packets (and,
 * for an interface being sniffed, pcap_breakloop).
 */
#include "ui/ui_int.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "capture/live.h"
#include "capture/replay.h"
#include "net/session.h"
#include "util/arena.h"

static void wake(ui_loader *l)
{
	uint64_t one = 1;

	if (write(l->efd, &one, sizeof one) < 0) {
		/* the counter is full: the UI has plenty to read already */
	}
}

static void sink(void *arg, tv_conn *c)
{
	ui_loader *l = arg;

	if (l->o.checker)
		tv_checker_conn(l->o.checker, c);
	pthread_mutex_lock(&l->mu);
	if (l->qn == l->qcap) {
		l->qcap = l->qcap ? 2 * l->qcap : 64;
		l->q = tv_xrealloc(l->q, l->qcap * sizeof *l->q);
	}
	l->q[l->qn++] = c;
	l->found++;
	pthread_mutex_unlock(&l->mu);
	wake(l);
}

static void progress(void *arg, uint64_t bytes, uint64_t total)
{
	ui_loader *l = arg;

	pthread_mutex_lock(&l->mu);
	l->bytes = bytes;
	l->total = total;
	pthread_mutex_unlock(&l->mu);
	wake(l);
}

static bool stop(void *arg)
{
	ui_loader *l = arg;

	return atomic_load(&l->stop);
}

/* Warnings about a pcapng's secrets: the last one is shown. */
static void warn(void *arg, const char *origin, unsigned long line,
		 const char *msg)
{
	ui_loader *l = arg;

	pthread_mutex_lock(&l->mu);
	if (line)
		snprintf(l->warn, sizeof l->warn, "%s:%lu: %s", origin, line,
			 msg);
	else
		snprintf(l->warn, sizeof l->warn, "%s: %s", origin, msg);
	l->n_warn++;
	pthread_mutex_unlock(&l->mu);
	wake(l);
}

static tv_status replay(ui_loader *l, tv_error *err)
{
	tv_replay_opts ro = {.progress = progress, .progress_arg = l,
			     .secrets = l->o.secrets, .warn = warn,
			     .warn_arg = l, .stop = stop, .stop_arg = l};
	tv_pipeline *p = tv_pipeline_new(&l->o.pipeline, sink, l);
	tv_status st = tv_replay_file_opts(l->o.path, p, &ro, err);

	tv_pipeline_free(p);
	return st;
}

/* One live handshake with HOST[:PORT] (net/session.h), as `tlsview
 * HOST` makes with its defaults. */
static tv_status connect_to(ui_loader *l, tv_error *err)
{
	tv_session_opts so;
	tv_session *s;
	tv_conn *c = NULL;
	tv_status st;

	memset(&so, 0, sizeof so);
	so.timeout_ms = 10000;
	if (l->with_session)
		so = *l->o.session;
	else if (!tv_target_parse(l->target, "443", &so.target, err))
		return err->status != TV_OK ? err->status : TV_MALFORMED;
	s = tv_session_new(&so, err);
	if (!s)
		return err->status;
	st = tv_session_connect(s, false, &c, err);
	if (c) {
		c->id = l->next_id; /* after those in the list */
		sink(l, c);
	}
	tv_session_free(s);
	return st;
}

/* The interface into the pipeline until ui_loader_stop; the device is
 * opened here, so a capture that cannot be opened is this job's error. */
static tv_status sniff(ui_loader *l, tv_error *err)
{
	tv_live *lv = NULL;
	tv_pipeline *p;
	tv_status st = tv_live_open(l->o.live, &lv, err);

	if (st != TV_OK)
		return st;
	pthread_mutex_lock(&l->mu);
	l->live = lv;
	if (atomic_load(&l->stop)) /* asked before the device was open */
		tv_live_stop(lv);
	pthread_mutex_unlock(&l->mu);
	p = tv_pipeline_new(&l->o.pipeline, sink, l);
	st = tv_live_run(lv, p, err);
	tv_pipeline_free(p);
	pthread_mutex_lock(&l->mu);
	l->live = NULL;
	pthread_mutex_unlock(&l->mu);
	tv_live_close(lv);
	return st;
}

static void *run(void *arg)
{
	ui_loader *l = arg;
	tv_error err = {TV_OK, ""};
	tv_status st = l->target[0] ? connect_to(l, &err)
		       : l->o.live  ? sniff(l, &err)
				    : replay(l, &err);

	pthread_mutex_lock(&l->mu);
	l->st = st;
	l->err = err;
	l->done = true;
	pthread_mutex_unlock(&l->mu);
	wake(l);
	return NULL;
}

bool ui_loader_start(ui_loader *l, const tv_ui_replay_opts *o,
		     const char *target, uint64_t next_id)
{
	sigset_t old;
	bool ok;

	memset(l, 0, sizeof *l);
	l->o = *o;
	snprintf(l->target, sizeof l->target, "%s", target ? target : "");
	/* the command line's host: with its options (--sni, --alpn...) */
	l->with_session = target && o->session && o->connect &&
			  !strcmp(target, o->connect);
	l->next_id = next_id;
	l->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (l->efd < 0)
		return false;
	pthread_mutex_init(&l->mu, NULL);
	atomic_init(&l->stop, false);
	/* signals for the UI (stop, resize) go to the UI's thread */
	tv_ui_block_signals(&old);
	ok = pthread_create(&l->thread, NULL, run, l) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	l->started = ok;
	if (!ok) {
		close(l->efd);
		pthread_mutex_destroy(&l->mu);
	}
	return ok;
}

size_t ui_loader_take(ui_loader *l, tv_conn ***out, size_t *n, size_t *cap)
{
	uint64_t count;
	size_t moved;

	if (read(l->efd, &count, sizeof count) < 0) {
		/* nothing new since the last read: take what is there */
	}
	pthread_mutex_lock(&l->mu);
	moved = l->qn;
	if (*n + moved > *cap) {
		*cap = (*n + moved) * 2;
		*out = tv_xrealloc(*out, *cap * sizeof **out);
	}
	if (moved)
		memcpy(*out + *n, l->q, moved * sizeof *l->q);
	*n += moved;
	l->qn = 0;
	pthread_mutex_unlock(&l->mu);
	return moved;
}

void ui_loader_stop(ui_loader *l)
{
	atomic_store(&l->stop, true);
	pthread_mutex_lock(&l->mu);
	tv_live_stop(l->live); /* pcap_breakloop: poll wakes up */
	pthread_mutex_unlock(&l->mu);
}

bool ui_loader_finish(ui_loader *l)
{
	struct timespec until;

	if (!l->started)
		return true;
	ui_loader_stop(l);
	/* the stop is seen between packets: a pipe or FIFO with no writer
	 * may never bring the next one */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	if (pthread_timedjoin_np(l->thread, NULL, &until) != 0)
		return false;
	for (size_t i = 0; i < l->qn; i++)
		tv_conn_free(l->q[i]);
	free(l->q);
	close(l->efd);
	pthread_mutex_destroy(&l->mu);
	l->started = false;
	return true;
}

/*
 * The terminal UI (ncurses): a capture's connections in a list, each one's
 * handshake ladder, message fields beside their bytes, the certificate
 * chain and its verdict.  It only reads the model (model/conn.h); loading
 * runs in a thread of its own so the screen answers keys meanwhile.
 */
#ifndef UI_UI_H
#define UI_UI_H

#include <signal.h>
#include <stdbool.h>

#include "capture/live.h"
#include "capture/pipeline.h"
#include "commands.h"
#include "model/validation.h"
#include "net/session.h"
#include "tls/keylog.h"
#include "util/status.h"

/* Block, in the calling thread, the signals the UI's own thread takes
 * (Ctrl-C, TERM, HUP, a resize): threads started meanwhile inherit the
 * mask, so those signals reach the UI.  old: the mask to restore with
 * pthread_sigmask(SIG_SETMASK, old, NULL). */
void tv_ui_block_signals(sigset_t *old);

/* Is the UI the right view: standard input and output are terminals,
 * and TERM names one that is not dumb. */
bool tv_ui_wanted(void);

typedef struct tv_ui_replay_opts {
	const char *path;	     /* the capture, or NULL */
	/* or a live connection first: HOST[:PORT] as typed and the session
	 * options of `tlsview HOST` (target parsed) */
	const char *connect;
	const tv_session_opts *session;
	/* or an interface sniffed (-i IFACE [-f BPF] [-Z USER]) */
	const tv_live_opts *live;
	tv_pipeline_opts pipeline;   /* secrets borrowed */
	tv_keylog *secrets;	     /* a pcapng's DSB secrets go here */
	tv_checker *checker;	     /* gives each chain its verdict */
	bool explain;		     /* the ladder's notes on (the x key) */
} tv_ui_replay_opts;

/*
 * Replay o->path into the UI until the user quits (with o->connect:
 * connect first; with o->live: sniff the interface until Esc; none: the
 * start screen, where a capture is opened or
 * a host connected to).  Returns false, having
 * done nothing, when the terminal cannot be set up (the caller prints the
 * text report instead).  Otherwise *st and err are the replay's outcome,
 * to report once the terminal is restored.  Every connection stays in
 * memory while the UI runs.
 */
bool tv_ui_replay(const tv_ui_replay_opts *o, tv_status *st, tv_error *err);

/*
 * The certificate chain screen on certificates checked outside a capture
 * (tlsview cert) until the user quits: title names them, v is their
 * verdict, trust the anchors they were checked against (the a key).
 * Returns false, having done nothing, when the terminal cannot be set up.
 */
bool tv_ui_cert(const char *title, const tv_certlist *l,
		const tv_validation *v, const struct tv_trust *trust);

/*
 * The workshop lab's case list (tlsview lab) until the user quits: lab
 * is serving; checker (the lab's trust: its root, its CRL) judges the
 * connections to its cases and is the trust store browser's.  Returns
 * false, having done nothing, when the terminal cannot be set up.
 */
struct tv_lab;
bool tv_ui_lab(struct tv_lab *lab, tv_checker *checker);

#endif

/* Reading a pcap/pcapng file through libpcap into a pipeline. */
#ifndef CAPTURE_REPLAY_H
#define CAPTURE_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/pipeline.h"
#include "tls/keylog.h"
#include "util/status.h"

/* Called every few thousand packets (for a progress bar); may be NULL. */
typedef void (*tv_progress_fn)(void *arg, uint64_t bytes_read, uint64_t total);

/*
 * Read the whole file into p and call tv_pipeline_finish.  Returns TV_OK,
 * or an error with err->msg a sentence naming the problem and what to do
 * ("not a pcap or pcapng capture file (...)", "link type 105 (IEEE802_11)
 * is not supported (...)").  A capture cut off at the end is not a failure:
 * what was read is decoded, the open connections say so in a note, and
 * TV_TRUNCATED comes back with a message saying so (a warning to show).
 */
tv_status tv_replay_file(const char *path, tv_pipeline *p,
			 tv_progress_fn progress, void *progress_arg,
			 tv_error *err);

typedef struct tv_replay_opts {
	tv_progress_fn progress; /* may be NULL */
	void *progress_arg;
	tv_keylog *secrets;	/* DSB secrets go here; may be NULL */
	tv_keylog_warn_fn warn; /* problems with those secrets; may be NULL */
	void *warn_arg;
	/* Asked between packets (may be NULL): true stops reading there, and
	 * what was read is finished as at the end of the file (the UI's
	 * "stop loading"). */
	bool (*stop)(void *arg);
	void *stop_arg;
} tv_replay_opts;

/*
 * tv_replay_file with options (o may be NULL).  path "-" reads standard
 * input (a pipe from tcpdump -w -; the progress total is then 0 until
 * the end).  With o->secrets, the key log text of the pcapng Decryption
 * Secrets Blocks is added to it while the file is read, in the same pass
 * (see capture/pcapng_secrets.h): a block that comes before the packets
 * it is for is in the store before those packets reach the pipeline.
 */
tv_status tv_replay_file_opts(const char *path, tv_pipeline *p,
			      const tv_replay_opts *o, tv_error *err);

#endif

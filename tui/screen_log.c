/* screen_log.c: the Log screen: boot events, newest last, follow mode, MAC and text filters. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/mac.h"
#include "common/size.h"
#include "common/xmalloc.h"
#include "tui/console_int.h"

/* Events kept in memory: the newest, never the whole table. */
#define LOG_KEEP 5000
/* Transfer rows among the newest this many are re-read as they grow. */
#define LOG_LIVE 200

static struct {
	struct boot_event	*v;
	size_t			 n;
	int64_t			 last_id;
	/* indices of v passing the text filter */
	size_t			*view;
	struct ui_list		 list;
	bool			 follow;
	bool			 loaded;
	char			 mac[MAC_STRLEN];	/* "" for all */
	char			 text[128];
} logs = { .follow = true };

static void
log_free(void)
{
	boot_event_array_free(logs.v, logs.n);
	free(logs.view);
	logs.v = NULL;
	logs.view = NULL;
	logs.n = logs.list.n = 0;
	logs.last_id = 0;
	logs.loaded = false;
}

static void
log_line(const struct boot_event *e, char *buf, size_t len)
{
	char when[32], done[16], total[16];
	time_t t = (time_t)(e->ts_ms / 1000);
	struct tm tm;
	const char *what = e->entry ? e->entry : "";

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%m-%d %H:%M:%S", &tm);
	if (e->kind == RECORD_TRANSFER) {
		char pct[8] = "";

		size_format(done, sizeof done, e->bytes);
		size_format(total, sizeof total, e->size);
		/* Ranges read twice count twice: never more than all of it. */
		if (e->size > 0)
			snprintf(pct, sizeof pct, "%3d%% ",
			    e->bytes >= e->size ?
			    100 : (int)(e->bytes * 100 / e->size));
		/* Progress first: 80 columns cut the path, not the numbers. */
		snprintf(buf, len,
		    "%s %-5s %-17s %-15s %s%s/%s %s in %lld requests",
		    when, record_kind_name(e->kind), e->mac[0] ? e->mac : "-",
		    e->ip, pct, done, total, e->path ? e->path : "",
		    (long long)e->requests);
		return;
	}
	snprintf(buf, len, "%s %-5s %-17s %-15s %s%s%s", when,
	    record_kind_name(e->kind), e->mac[0] ? e->mac : "-", e->ip, what,
	    e->detail && what[0] ? ": " : "", e->detail ? e->detail : "");
}

static bool
log_passes(const struct boot_event *e)
{
	char line[1024];

	if (logs.text[0] == '\0')
		return true;
	log_line(e, line, sizeof line);
	return strcasestr(line, logs.text) != NULL;
}

static void
log_refilter(void)
{
	/* Moved off the newest row (keys, a search, a click): stop following,
	   or new events would take the selection from the row chosen. */
	if (logs.follow && logs.list.n > 0 && logs.list.sel + 1 < logs.list.n)
		logs.follow = false;
	free(logs.view);
	logs.view = xcalloc(logs.n + 1, sizeof *logs.view);
	logs.list.n = 0;
	for (size_t i = 0; i < logs.n; i++)
		if (log_passes(&logs.v[i]))
			logs.view[logs.list.n++] = i;
	if (logs.follow && logs.list.n > 0)
		logs.list.sel = logs.list.n - 1;
}

static void
log_event_clear(struct boot_event *e)
{
	free(e->entry);
	free(e->path);
	free(e->detail);
}

/* Appends new events (taking v), dropping the oldest beyond LOG_KEEP. */
static void
log_append(struct boot_event *v, size_t n)
{
	size_t skip = n > LOG_KEEP ? n - LOG_KEEP : 0, keep, drop;
	struct boot_event *merged;

	for (size_t i = 0; i < skip; i++)
		log_event_clear(&v[i]);
	n -= skip;
	keep = logs.n + n > LOG_KEEP ? LOG_KEEP - n : logs.n;
	drop = logs.n - keep;
	for (size_t i = 0; i < drop; i++)
		log_event_clear(&logs.v[i]);
	merged = xcalloc(keep + n + 1, sizeof *merged);
	if (keep > 0)
		memcpy(merged, logs.v + drop, keep * sizeof *merged);
	if (n > 0)
		memcpy(merged + keep, v + skip, n * sizeof *merged);
	free(logs.v);
	free(v);
	logs.v = merged;
	logs.n = keep + n;
}

/* A transfer's event is written once; its totals grow in place: re-read
   the transfer rows among the newest LOG_LIVE in one query. */
static void
log_refresh_transfers(struct console *con)
{
	const char *mac = logs.mac[0] ? logs.mac : NULL;
	size_t from = logs.n > LOG_LIVE ? logs.n - LOG_LIVE : 0, n = 0, j = 0;
	struct boot_event *v = NULL;

	while (from < logs.n && logs.v[from].kind != RECORD_TRANSFER)
		from++;
	if (from == logs.n || catalog_event_list(con->cat, logs.v[from].id - 1,
	    mac, logs.n - from, &v, &n) != CATALOG_OK)
		return;
	for (size_t i = from; i < logs.n && j < n; i++) {
		while (j < n && v[j].id < logs.v[i].id)
			j++;
		if (j < n && v[j].id == logs.v[i].id &&
		    logs.v[i].kind == RECORD_TRANSFER) {
			logs.v[i].bytes = v[j].bytes;
			logs.v[i].size = v[j].size;
			logs.v[i].requests = v[j].requests;
			logs.v[i].last_ms = v[j].last_ms;
		}
	}
	boot_event_array_free(v, n);
}

static void
log_load(struct console *con)
{
	const char *mac = logs.mac[0] ? logs.mac : NULL;
	bool more = true;

	while (more) {
		struct boot_event *v = NULL;
		size_t n = 0;
		int status = catalog_event_list(con->cat,
		    logs.loaded ? logs.last_id : 0, mac, LOG_KEEP, &v, &n);

		if (status != CATALOG_OK) {
			console_catalog_error(con, "log", status);
			break;
		}
		/* Without a start id the newest
		 * LOG_KEEP came: nothing older to page. */
		more = logs.loaded && n == LOG_KEEP;
		logs.loaded = true;
		if (n > 0)
			logs.last_id = v[n - 1].id;
		log_append(v, n);
	}
	log_refresh_transfers(con);
	log_refilter();
}

static struct ui_list *
log_list(struct console *con)
{
	return &logs.list;
}

static bool
log_match(struct console *con, size_t i, const char *needle)
{
	char line[1024];

	log_line(&logs.v[logs.view[i]], line, sizeof line);
	return strcasestr(line, needle) != NULL;
}

static void
log_draw(struct console *con, WINDOW *w, int rows, int cols)
{
	static const enum ui_role kind_roles[RECORD_KIND_COUNT] = {
		[RECORD_BOOT] = ROLE_NORMAL, [RECORD_ENTRY] = ROLE_GOOD,
		[RECORD_TRANSFER] = ROLE_NORMAL, [RECORD_ERROR] = ROLE_ERROR,
	};

	wattrset(w, console_attr(ROLE_HEADER));
	/* With a filter on, it takes the place of the column names: 80 columns
	   hold the time, the kind, follow and a MAC and some text. */
	if (logs.mac[0] == '\0' && logs.text[0] == '\0')
		ui_putf(w, 0, 0, cols, "%-14s %-5s %-17s %-15s %s   %s", "TIME",
		    "KIND", "MAC", "IP", "WHAT", logs.follow ? "[follow]" : "");
	else
		ui_putf(w, 0, 0, cols, "%-14s %-5s %sonly%s%s%s%s", "TIME",
		    "KIND",
		    logs.follow ? "[follow] " : "", logs.mac[0] ? " mac=" : "",
		    logs.mac, logs.text[0] ? " text=" : "", logs.text);
	wattrset(w, A_NORMAL);
	if (logs.list.n == 0) {
		ui_put(w, 2, 2, cols - 4,
		    logs.n ? "No event matches the filter (c clears it)." :
		    "No boot events yet.");
		return;
	}
	ui_list_fix(&logs.list, rows - 1);
	for (int r = 1; r < rows && logs.list.top + (size_t)r - 1 < logs.list.n;
	    r++) {
		size_t i = logs.list.top + (size_t)r - 1;
		const struct boot_event *e = &logs.v[logs.view[i]];
		char line[1024];

		log_line(e, line, sizeof line);
		wattrset(w, console_attr(i == logs.list.sel ? ROLE_SELECTED :
		    kind_roles[e->kind < RECORD_KIND_COUNT ?
		    e->kind : RECORD_BOOT]));
		ui_put(w, r, 0, cols, line);
	}
	wattrset(w, A_NORMAL);
}

static void
key_follow(struct console *con)
{
	logs.follow = !logs.follow;
	if (logs.follow && logs.list.n > 0)
		logs.list.sel = logs.list.n - 1;
	console_message(con, ROLE_NORMAL, "follow %s",
	    logs.follow ? "on" : "off");
}

static void
key_mac(struct console *con)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%s", logs.mac);
	if (!ui_prompt(con, "Only MAC", buf, sizeof buf))
		return;
	if (buf[0] != '\0' && !mac_parse(buf, logs.mac)) {
		console_message(con, ROLE_ERROR, "'%s' is not a MAC address",
		    buf);
		return;
	}
	if (buf[0] == '\0')
		logs.mac[0] = '\0';
	log_free();
	log_load(con);
}

static void
key_text(struct console *con)
{
	if (!ui_prompt(con, "Only text", logs.text, sizeof logs.text))
		return;
	log_refilter();
}

static void
key_clear(struct console *con)
{
	bool reload = logs.mac[0] != '\0';

	logs.mac[0] = logs.text[0] = '\0';
	if (reload)
		log_free();
	log_load(con);
}

static const struct console_binding log_keys[] = {
	{ 'f',	"f",	"follow new events on or off",	key_follow },
	{ 'm',	"m",	"one MAC only (whole log)",	key_mac },
	{ 't',	"t",	"filter text (newest 5,000)", key_text },
	{ 'c',	"c",	"clear the filters",		key_clear },
};

const struct screen screen_log = {
	.name = "Log",
	.keys = log_keys,
	.n_keys = sizeof log_keys / sizeof log_keys[0],
	.footer = "f:follow m:MAC filter t:text filter c:clear",
	.load = log_load,
	.draw = log_draw,
	.list = log_list,
	.match = log_match,
	.free = log_free,
};

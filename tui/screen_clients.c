/* screen_clients.c: the live Clients screen: who is booting, at what stage, how fast. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/size.h"
#include "common/xmalloc.h"
#include "ipxe/ident.h"
#include "tui/console_int.h"

#define STALL_MS	10000	/* a transfer quiet this long stands out */
#define HANDED_OVER_MS	30000	/* a finished-looking download idle this long */
#define RELOAD_MS	500	/* others' writes re-read at most this often */
#define RATE_IDLE_MS	2000	/* no new bytes for this long: the rate is 0 */
/* "Recently": clients seen within this window, the most recent first. */
#define RECENT_MS	(24 * 3600 * 1000LL)
#define RECENT_MAX	500

/* Bytes seen at a moment, to turn totals into a rate between refreshes. */
struct client_sample {
	char	key[MAC_STRLEN + IP_STRLEN];
	int64_t	bytes, at_ms;
	double	rate;		/* bytes per second, smoothed */
};

static struct {
	struct client		*v;
	size_t			 n;
	struct client_sample	*samples;	/* parallel to v */
	struct ui_list		 list;
	int64_t			 loaded_ms;	/* when v was read */
	/* a change seen, not yet re-read */
	bool			 pending;
	/* BOOTDECK_STALL_SECONDS, for tests */
	int64_t			 stall_ms;
} clients;

static void
clients_free(void)
{
	client_array_free(clients.v, clients.n);
	free(clients.samples);
	clients.v = NULL;
	clients.samples = NULL;
	clients.n = clients.list.n = 0;
}

static int
sample_cmp(const void *a, const void *b)
{
	return strcmp(((const struct client_sample *)a)->key,
	    ((const struct client_sample *)b)->key);
}

/* old is sorted by key: thousands of clients stay cheap to match up. */
static const struct client_sample *
clients_old_sample(const struct client_sample *old, size_t n, const char *key)
{
	struct client_sample want;

	snprintf(want.key, sizeof want.key, "%s", key);
	return n > 0 ? bsearch(&want, old, n, sizeof *old, sample_cmp) : NULL;
}

static void
clients_load(struct console *con)
{
	struct client_sample *old = clients.samples;
	size_t n_old = clients.n;
	int64_t now = clock_wall_ms();
	int status;

	clients.samples = NULL;
	if (old != NULL)
		qsort(old, n_old, sizeof *old, sample_cmp);
	clients.pending = false;
	clients.loaded_ms = now;
	client_array_free(clients.v, clients.n);
	clients.v = NULL;
	clients.n = 0;
	status = catalog_client_list_recent(con->cat, now - RECENT_MS,
	    RECENT_MAX, &clients.v, &clients.n);
	if (status != CATALOG_OK) {
		console_catalog_error(con, "clients", status);
		clients.v = NULL;
		clients.n = 0;
	}
	clients.samples = xcalloc(clients.n + 1, sizeof *clients.samples);
	for (size_t i = 0; i < clients.n; i++) {
		struct client_sample *s = &clients.samples[i];
		const struct client_sample *prev = clients_old_sample(old,
		    n_old, clients.v[i].key);

		snprintf(s->key, sizeof s->key, "%s", clients.v[i].key);
		s->bytes = clients.v[i].bytes;
		s->at_ms = now;
		if (prev == NULL)
			continue;
		s->rate = prev->rate;
		if (now > prev->at_ms && s->bytes >= prev->bytes) {
			double r = (double)(s->bytes - prev->bytes) * 1000.0 /
			    (double)(now - prev->at_ms);

			s->rate = prev->rate > 0 ?
			    0.5 * prev->rate + 0.5 * r : r;
		}
		if (s->bytes == prev->bytes) {
			/* no new bytes: keep the sample's
			 * age so the rate decays */
			s->at_ms = prev->at_ms;
			s->rate = now - prev->at_ms > RATE_IDLE_MS ?
			    0 : prev->rate;
		}
	}
	free(old);
	clients.list.n = clients.n;
}

static struct ui_list *
clients_list(struct console *con)
{
	return &clients.list;
}

static bool
clients_match(struct console *con, size_t i, const char *needle)
{
	const struct client *c = &clients.v[i];

	return strcasestr(c->key, needle) || strcasestr(c->ip, needle) ||
	    (c->host_name && strcasestr(c->host_name, needle)) ||
	    (c->entry && strcasestr(c->entry, needle));
}

static bool
client_downloading(const struct client *c)
{
	return c->stage && strcmp(c->stage, "download") == 0 && c->image;
}

static int64_t
clients_stall_ms(void)
{
	const char *env;

	if (clients.stall_ms == 0) {
		env = getenv("BOOTDECK_STALL_SECONDS");
		clients.stall_ms = env != NULL && atoi(env) > 0 ?
		    (int64_t)atoi(env) * 1000 : STALL_MS;
	}
	return clients.stall_ms;
}

/* Short of its size and quiet for a while,
 * but not so long ago it is history. */
static bool
client_stalled(const struct client *c, int64_t now)
{
	return client_downloading(c) && c->size > 0 && c->bytes < c->size &&
	    now - c->last_seen_ms > clients_stall_ms() &&
	    now - c->last_seen_ms < HANDED_OVER_MS * 20;
}

static void
client_stage(const struct client *c, int64_t now, char *buf, size_t len)
{
	if (c->stage == NULL)
		snprintf(buf, len, "seen");
	else if (strcmp(c->stage, "menu") == 0)
		snprintf(buf, len, "menu shown");
	else if (strcmp(c->stage, "entry") == 0)
		snprintf(buf, len, "chose %s", c->entry ? c->entry : "?");
	else if (client_stalled(c, now))
		snprintf(buf, len, "STALLED");
	else if (client_downloading(c) &&
	    now - c->last_seen_ms > HANDED_OVER_MS)
		snprintf(buf, len, "handed over");
	else if (client_downloading(c))
		snprintf(buf, len, "downloading");
	else
		snprintf(buf, len, "%s", c->stage);
}

static void
client_progress(WINDOW *w, int y, int cols, const struct client *c,
    const struct client_sample *s)
{
	char done[16], total[16], rate[16], line[256];
	int bar = cols > 100 ? 30 : 20, fill = 0;
	double pct = c->size > 0 ?
	    100.0 * (double)c->bytes / (double)c->size : 0;

	if (pct > 100)
		pct = 100;
	size_format(done, sizeof done, c->bytes);
	size_format(total, sizeof total, c->size > 0 ? c->size : -1);
	/* Drawn between reloads too: a quiet transfer's rate falls to 0. */
	size_format(rate, sizeof rate,
	    clock_wall_ms() - s->at_ms > RATE_IDLE_MS ?
	    0 : (int64_t)s->rate);
	fill = (int)(pct * bar / 100.0 + 0.5);
	snprintf(line, sizeof line, "    [%.*s%.*s] %3.0f%% %s / %s  %s/s  %s",
	    fill, "##############################", bar - fill,
	    "..............................", pct, done, total, rate, c->image);
	ui_put(w, y, 0, cols, line);
}

/* Between downloads the second line says which iPXE the client runs;
   a stock build with what it lacks stands out. */
static void
client_ipxe(WINDOW *w, int y, int cols, const struct client *c)
{
	struct ipxe_ident id;
	char text[160];

	ipxe_ident(c->version, c->build, &id);
	if (!id.reported)
		return;
	ipxe_ident_format(c->version, c->build, text, sizeof text);
	wattrset(w, console_attr(id.no_https || id.old ? ROLE_WARN :
	    ROLE_NORMAL));
	ui_putf(w, y, 0, cols, "    iPXE %s", text);
}

static void
clients_draw(struct console *con, WINDOW *w, int rows, int cols)
{
	int64_t now = clock_wall_ms();
	int per = 2, nw = cols - 74 > 8 ? cols - 74 : 8;

	wattrset(w, console_attr(ROLE_HEADER));
	ui_putf(w, 0, 0, cols, "%-17s %-*s %-15s %-6s %-18s %s", "MAC", nw,
	    "HOST", "IP", "PLAT", "STAGE", "IDLE");
	wattrset(w, A_NORMAL);
	if (clients.n == 0) {
		ui_put(w, 2, 2, cols - 4,
		    "No clients seen in the last 24 hours. "
		    "They appear here as soon as bootdeckd serves them.");
		return;
	}
	ui_list_fix(&clients.list, (rows - 1) / per);
	for (int r = 0;
	    1 + r * per < rows && clients.list.top + (size_t)r < clients.n;
	    r++) {
		size_t i = clients.list.top + (size_t)r;
		const struct client *c = &clients.v[i];
		char stage[64], idle[16];
		enum ui_role role = client_stalled(c, now) ?
		    ROLE_ERROR : ROLE_NORMAL;
		int x;

		client_stage(c, now, stage, sizeof stage);
		ui_ago(idle, sizeof idle, now - c->last_seen_ms);
		wattrset(w,
		    console_attr(i == clients.list.sel ? ROLE_SELECTED : role));
		x = ui_put_column(w, 1 + r * per, 0, 18, cols,
		    c->mac[0] ? c->mac : "(unknown)");
		x = ui_put_column(w, 1 + r * per, x, nw, cols,
		    c->host_name ? c->host_name : "");
		ui_putf(w, 1 + r * per, x, cols - x,
		    " %-15.15s %-6.6s %-18.18s %s", c->ip,
		    c->platform ? c->platform : "", stage, idle);
		wattrset(w,
		    console_attr(role == ROLE_ERROR ? role : ROLE_GOOD));
		if (client_downloading(c) && 2 + r * per < rows)
			client_progress(w, 2 + r * per, cols, c,
			    &clients.samples[i]);
		else if (2 + r * per < rows)
			client_ipxe(w, 2 + r * per, cols, c);
		wattrset(w, A_NORMAL);
	}
}

/*
 * Others' writes (bootdeckd commits every 200 ms under load) are re-read at
 * most every RELOAD_MS; when nothing changed nothing is read, and the
 * frame's redraw ages the idle times and rates.
 */
static void
clients_reload(struct console *con)
{
	if (clock_wall_ms() - clients.loaded_ms >= RELOAD_MS)
		clients_load(con);
	else
		clients.pending = true;
}

static void
clients_tick(struct console *con)
{
	if (clients.pending &&
	    clock_wall_ms() - clients.loaded_ms >= RELOAD_MS) {
		clients_load(con);
		console_dirty(con);
	}
}

static void
key_make_host(struct console *con)
{
	const struct client *c = clients.n ?
	    &clients.v[clients.list.sel] : NULL;
	struct menu_settings menu = { 0 };
	struct host h;
	int status;

	if (c == NULL)
		return;
	if (c->mac[0] == '\0') {
		console_message(con, ROLE_WARN,
		    "this client never sent its MAC");
		return;
	}
	memset(&h, 0, sizeof h);
	snprintf(h.mac, sizeof h.mac, "%s", c->mac);
	if (catalog_host_get(con->cat, c->mac, &h) == CATALOG_OK) {
		console_message(con, ROLE_WARN, "%s is already a host", c->mac);
		host_clear(&h);
		return;
	}
	memset(&h, 0, sizeof h);
	snprintf(h.mac, sizeof h.mac, "%s", c->mac);
	/* Its default: what it chose last, else the menu's default. */
	catalog_menu_get(con->cat, &menu);
	h.default_entry = xstrdup_null(
	    c->entry && strcmp(c->entry, "menu") != 0 ?
	    c->entry : menu.default_entry);
	status = catalog_host_put(con->cat, &h);
	if (status == CATALOG_OK)
		console_message(con, ROLE_GOOD,
		    "added host %s, default %s (edit it on Hosts)", h.mac,
		    h.default_entry ? h.default_entry : "none");
	else
		console_catalog_error(con, "make host", status);
	hosts_select(con, h.mac);
	host_clear(&h);
	menu_settings_clear(&menu);
	console_changed(con);
}

static void
key_preview(struct console *con)
{
	const struct client *c = clients.n ?
	    &clients.v[clients.list.sel] : NULL;

	if (c != NULL && c->mac[0] != '\0')
		preview_mac(con, c->mac);
}

static void
key_show(struct console *con)
{
	const struct client *c = clients.n ?
	    &clients.v[clients.list.sel] : NULL;

	if (c != NULL && c->mac[0] == '\0')
		console_message(con, ROLE_WARN,
		    "this client never sent its MAC");
	else if (c != NULL)
		host_view(con, c->mac);
}

static const struct console_binding clients_keys[] = {
	{ '\r',	"Enter", "details: facts, IPs, boots", key_show },
	{ '\n',	NULL,	NULL,				key_show },
	{ KEY_ENTER, NULL, NULL,			key_show },
	{ 'h',	"h",	"make it a host (last choice)", key_make_host },
	{ 'p',	"p",	"preview what it would boot",	key_preview },
	/* Not keys: what the bar means (help lists these too). */
	{ 0,	"bar",	"bytes bootdeckd has queued",	NULL },
	{ 0,	"",	"so one whole-file GET (a",	NULL },
	{ 0,	"",	"kernel) shows 100% at once;",	NULL },
	{ 0,	"",	"sanboot's many ranges show",	NULL },
	{ 0,	"",	"real progress",		NULL },
	{ 0,	"STALLED", "short of its size, no bytes", NULL },
	{ 0,	"",	"for 10 s",			NULL },
};

const struct screen screen_clients = {
	.name = "Clients",
	.keys = clients_keys,
	.n_keys = sizeof clients_keys / sizeof clients_keys[0],
	.footer = "Enter:details h:make host p:preview  (live)",
	.load = clients_load,
	.reload = clients_reload,
	.draw = clients_draw,
	.list = clients_list,
	.click_rows = 2,
	.match = clients_match,
	.tick = clients_tick,
	.free = clients_free,
};

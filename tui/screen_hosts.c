/* screen_hosts.c: the Hosts screen: machines by MAC, their defaults and one-shot next boots. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/xmalloc.h"
#include "tui/console_form.h"
#include "tui/console_int.h"
#include "tui/wake.h"

#define NONE "(none)"

static struct {
	struct host	*v;
	size_t		 n;
	struct ui_list	 list;
	char		 select[MAC_STRLEN];	/* reselected after a load */
	int64_t		 stamp;		/* catalog_host_stamp of the load */
	int		 rows;		/* list rows drawn last, for reload */
	int64_t		 loaded_ms;	/* when every row was last read */
	bool		 pending;	/* rows off screen: SEEN/IP maybe old */
} hosts;

/* Rows off screen get their last seen time and IP this often at most. */
#define FULL_RELOAD_MS 5000

enum host_field { HF_MAC, HF_NAME, HF_DEFAULT, HF_NEXT, HF_MENU, HF_LOCALBOOT,
    HF_COUNT };

static const char *const menu_choices[] = { "show", "skip", NULL };
static const char *const localboot_choices[] = { "auto", "sanboot", "exit",
    NULL };

static void
hosts_free(void)
{
	host_array_free(hosts.v, hosts.n);
	hosts.v = NULL;
	hosts.n = hosts.list.n = 0;
}

void
hosts_select(struct console *con, const char *mac)
{
	snprintf(hosts.select, sizeof hosts.select, "%s", mac);
	for (size_t i = 0; i < hosts.n; i++) {
		if (strcmp(hosts.v[i].mac, mac) == 0) {
			hosts.list.sel = i;
			hosts.select[0] = '\0';
		}
	}
}

static void
hosts_full_load(struct console *con)
{
	int status;

	hosts_free();
	hosts.pending = false;
	hosts.loaded_ms = clock_wall_ms();
	if (catalog_host_stamp(con->cat, &hosts.stamp) != CATALOG_OK)
		hosts.stamp = -1;
	status = catalog_host_list(con->cat, &hosts.v, &hosts.n);
	if (status != CATALOG_OK) {
		console_catalog_error(con, "hosts", status);
		hosts.v = NULL;
		hosts.n = 0;
	}
	hosts.list.n = hosts.n;
	if (hosts.select[0] != '\0')
		hosts_select(con, hosts.select);
	console_lint_run(con);
}

/*
 * Any write marks the screen stale, and bootdeckd commits boot events
 * several times a second: re-reading ten thousand hosts for each would
 * stall the keys. Hosts are re-read only when one (or an entry name)
 * changed; otherwise just the rows on screen, for their last seen time and
 * IP, and the rest a few seconds later (tick).
 */
static void
hosts_load(struct console *con)
{
	int64_t stamp;

	if (hosts.v == NULL ||
	    catalog_host_stamp(con->cat, &stamp) != CATALOG_OK ||
	    stamp != hosts.stamp) {
		hosts_full_load(con);
		return;
	}
	hosts.pending = true;
	for (size_t i = hosts.list.top; i < hosts.n &&
	    i < hosts.list.top + (size_t)hosts.rows; i++) {
		struct host h = { 0 };

		if (catalog_host_get(con->cat, hosts.v[i].mac,
		    &h) != CATALOG_OK) {
			host_clear(&h);
			continue;
		}
		host_clear(&hosts.v[i]);
		hosts.v[i] = h;
	}
}

static void
hosts_tick(struct console *con)
{
	if (hosts.pending &&
	    clock_wall_ms() - hosts.loaded_ms >= FULL_RELOAD_MS) {
		hosts_full_load(con);
		console_dirty(con);
	}
}

static struct ui_list *
hosts_list(struct console *con)
{
	return &hosts.list;
}

static struct host *
hosts_current(void)
{
	return hosts.n ? &hosts.v[hosts.list.sel] : NULL;
}

static bool
hosts_match(struct console *con, size_t i, const char *needle)
{
	const struct host *h = &hosts.v[i];

	return strcasestr(h->mac, needle) ||
	    (h->name && strcasestr(h->name, needle)) ||
	    (h->last_ip && strcasestr(h->last_ip, needle)) ||
	    (h->default_entry && strcasestr(h->default_entry, needle));
}

/* Columns by priority: the MAC, the name and the whole last IP stay; the
   menu, local boot and seen columns go first when the terminal is narrow. */
enum hosts_col { HC_MAC, HC_NAME, HC_IP, HC_DEFAULT, HC_NEXT, HC_MENU,
	HC_LOCAL, HC_SEEN, HC_COUNT };

static void
hosts_columns(struct ui_column *c, int cols)
{
	static const struct ui_column init[HC_COUNT] = {
		[HC_MAC]     = { "MAC",       17, 17, 0 },
		[HC_NAME]    = { "NAME",       8,  4, 0 },
		[HC_IP]      = { "LAST IP",   15,  7, 0 },
		[HC_DEFAULT] = { "DEFAULT",    7,  7, 3 },
		[HC_NEXT]    = { "NEXT BOOT",  9,  9, 2 },
		[HC_MENU]    = { "MENU",       4,  4, 6 },
		[HC_LOCAL]   = { "LOCAL",      7,  7, 5 },
		[HC_SEEN]    = { "SEEN",       5,  5, 4 },
	};

	memcpy(c, init, sizeof init);
	for (size_t i = 0; i < hosts.n; i++) {
		const struct host *h = &hosts.v[i];
		int n = ui_width(h->name), d = ui_width(h->default_entry),
		    x = ui_width(h->next_entry), ip = ui_width(h->last_ip);

		c[HC_NAME].want = n > c[HC_NAME].want ? n : c[HC_NAME].want;
		c[HC_DEFAULT].want = d > c[HC_DEFAULT].want ?
		    d : c[HC_DEFAULT].want;
		c[HC_NEXT].want = x > c[HC_NEXT].want ? x : c[HC_NEXT].want;
		c[HC_IP].want = ip > c[HC_IP].want ? ip : c[HC_IP].want;
	}
	/* A whole IPv4 address always; IPv6 as far as there is room. */
	c[HC_IP].min = c[HC_IP].want < 15 ? c[HC_IP].want : 15;
	/* Rather no MENU or LOCAL column than a name cut short. */
	c[HC_NAME].min = c[HC_NAME].want < 20 ? c[HC_NAME].want : 20;
	ui_columns_fit(c, HC_COUNT, cols);
}

static void
hosts_draw(struct console *con, WINDOW *w, int rows, int cols)
{
	static const enum hosts_col order[HC_COUNT] = { HC_MAC, HC_NAME,
		HC_DEFAULT, HC_NEXT, HC_MENU, HC_LOCAL, HC_SEEN, HC_IP };
	struct ui_column c[HC_COUNT], shown[HC_COUNT];
	const struct lint_finding *f;
	int64_t now = clock_wall_ms();

	/* Fitted in priority order, drawn in reading order. */
	hosts_columns(c, cols);
	for (int i = 0; i < HC_COUNT; i++)
		shown[i] = c[order[i]];
	wattrset(w, console_attr(ROLE_HEADER));
	ui_columns_head(w, 0, shown, HC_COUNT, cols);
	wattrset(w, A_NORMAL);
	if (hosts.n == 0) {
		ui_put(w, 2, 2, cols - 4,
		    "No hosts yet: press a to add one, or "
		    "h on the Clients screen.");
		return;
	}
	/* The selected host's finding, if any, on the last line. */
	f = hosts.list.sel < hosts.n ? console_lint_find(LINT_SUBJECT_HOST,
	    hosts.v[hosts.list.sel].mac) : NULL;
	if (f != NULL && rows > 2)
		console_lint_status(w, --rows, 0, cols, f);
	ui_list_fix(&hosts.list, rows - 1);
	hosts.rows = rows - 1;
	for (int r = 1; r < rows && hosts.list.top + (size_t)r - 1 < hosts.n;
	    r++) {
		size_t i = hosts.list.top + (size_t)r - 1;
		const struct host *h = &hosts.v[i];
		const char *cell[HC_COUNT];
		char seen[16] = "never";
		int x = 0;

		if (h->last_seen > 0)
			ui_ago(seen, sizeof seen, now - h->last_seen * 1000);
		cell[HC_MAC] = h->mac;
		cell[HC_NAME] = h->name;
		cell[HC_IP] = h->last_ip;
		cell[HC_DEFAULT] = h->default_entry ? h->default_entry : "-";
		cell[HC_NEXT] = h->next_entry ? h->next_entry : "-";
		cell[HC_MENU] = h->skip_menu ? "skip" : "show";
		cell[HC_LOCAL] = localboot_name(h->localboot);
		cell[HC_SEEN] = seen;
		f = console_lint_find(LINT_SUBJECT_HOST, h->mac);
		wattrset(w, console_attr(i == hosts.list.sel ? ROLE_SELECTED :
		    f != NULL && f->severity == LINT_ERROR ? ROLE_ERROR :
		    h->next_entry ? ROLE_WARN : ROLE_NORMAL));
		for (int k = 0; k < HC_COUNT; k++)
			x = ui_columns_put(w, r, x, &shown[k], cell[order[k]]);
		if (x < cols)
			ui_put(w, r, x, cols - x, "");
	}
	wattrset(w, A_NORMAL);
}

static char *
choice_entry(const char *v)
{
	return v == NULL || v[0] == '\0' || strcmp(v, NONE) == 0 ?
	    NULL : xstrdup(v);
}

/* Puts the host; a record changed meanwhile asks before overwriting. */
static int
hosts_put(struct console *con, struct host *h, char *err, size_t errlen)
{
	int status = catalog_host_put(con->cat, h);

	if (status == CATALOG_CONFLICT) {
		struct host now = { 0 };

		if (ui_ask(con, "ok",
		    "%s was changed by someone else meanwhile: "
		    "o overwrite, k keep editing", h->mac) == 'o' &&
		    catalog_host_get(con->cat, h->mac, &now) == CATALOG_OK) {
			h->rev = now.rev;
			status = catalog_host_put(con->cat, h);
		}
		host_clear(&now);
	}
	if (status == CATALOG_CONFLICT)
		snprintf(err, errlen, "not saved: %s changed meanwhile",
		    h->mac);
	else if (status != CATALOG_OK)
		snprintf(err, errlen, "not saved: %s", catalog_error(con->cat));
	return status;
}

struct host_edit {
	struct host	orig;		/* id 0: adding */
	char		saved[MAC_STRLEN];
};

static bool
host_save(struct console *con, void *ctx, struct form_spec *spec,
    char *err, size_t errlen)
{
	struct host_edit *ed = ctx;
	struct host h;
	enum localboot_method lb = LOCALBOOT_AUTO;
	const char *name = spec->fields[HF_NAME].value;
	int status;

	memset(&h, 0, sizeof h);
	h.id = ed->orig.id;
	h.rev = ed->orig.rev;
	mac_parse(spec->fields[HF_MAC].value, h.mac);
	if (strlen(name) > HOST_NAME_MAX_LEN) {
		snprintf(err, errlen, "a name is at most %d bytes",
		    HOST_NAME_MAX_LEN);
		return false;
	}
	h.name = name[0] ? xstrdup(name) : NULL;
	h.default_entry = choice_entry(spec->fields[HF_DEFAULT].value);
	h.next_entry = choice_entry(spec->fields[HF_NEXT].value);
	h.skip_menu = strcmp(spec->fields[HF_MENU].value, "skip") == 0;
	localboot_parse(spec->fields[HF_LOCALBOOT].value, &lb);
	h.localboot = lb;
	status = hosts_put(con, &h, err, errlen);
	if (status == CATALOG_OK)
		snprintf(ed->saved, sizeof ed->saved, "%s", h.mac);
	host_clear(&h);
	return status == CATALOG_OK;
}

static void
host_form(struct console *con, const struct host *h)
{
	char **choices = ui_entry_choices(con, NONE);
	const char *const *c = (const char *const *)choices;
	struct form_field fields[HF_COUNT] = {
		[HF_MAC]	= { .label = "MAC", .check = form_check_mac,
		    .hint = "the network card's address: aa:bb:cc:dd:ee:ff" },
		[HF_NAME]	= { .label = "Name",
		    .hint = "a label for you; clients never see it" },
		[HF_DEFAULT]	= { .label = "Default entry", .type = FF_CHOICE,
		    .choices = c, .hint = "what it boots when the menu is "
		    "skipped or times out" },
		[HF_NEXT]	= { .label = "Next boot", .type = FF_CHOICE,
		    .choices = c, .hint = "booted once, on the next boot only, "
		    "then cleared" },
		[HF_MENU]	= { .label = "Menu", .type = FF_CHOICE,
		    .choices = menu_choices,
		    .hint = "show: the boot menu; "
		    "skip: boot the default entry at once" },
		[HF_LOCALBOOT]	= { .label = "Local boot", .type = FF_CHOICE,
		    .choices = localboot_choices,
		    .hint = "auto: exit on UEFI, sanboot on BIOS; "
		    "exit: the firmware's next device" },
	};
	struct host_edit ed;
	struct form_spec spec = {
		.title = h->id ? "Edit host" : "Add host", .fields = fields,
		.n_fields = HF_COUNT, .layout_field = -1, .save = host_save,
		.ctx = &ed,
	};
	enum form_result r;

	memset(&ed, 0, sizeof ed);
	ed.orig = *h;
	form_set(&fields[HF_MAC], h->mac);
	form_set(&fields[HF_NAME], h->name);
	form_set(&fields[HF_DEFAULT],
	    h->default_entry ? h->default_entry : NONE);
	form_set(&fields[HF_NEXT], h->next_entry ? h->next_entry : NONE);
	form_set(&fields[HF_MENU], h->skip_menu ? "skip" : "show");
	form_set(&fields[HF_LOCALBOOT], localboot_name(h->localboot));
	do
		r = form_run(con, &spec);
	while (r == FORM_RELAYOUT);
	if (r == FORM_SAVED) {
		hosts_select(con, ed.saved);
		console_changed(con);
		console_message(con, ROLE_GOOD, "saved host %s", ed.saved);
	}
	for (int i = 0; i < HF_COUNT; i++)
		free(fields[i].value);
	ui_choices_free(choices);
}

static void
key_add(struct console *con)
{
	struct host blank;

	memset(&blank, 0, sizeof blank);
	host_form(con, &blank);
}

static void
key_edit(struct console *con)
{
	struct host *h = hosts_current();

	if (h != NULL)
		host_form(con, h);
}

static void
key_delete(struct console *con)
{
	struct host *h = hosts_current();
	char mac[MAC_STRLEN];
	int status;

	if (h == NULL || !ui_confirm(con, "Delete host %s%s%s?", h->mac,
	    h->name ? " " : "", h->name ? h->name : ""))
		return;
	snprintf(mac, sizeof mac, "%s", h->mac);
	status = catalog_host_remove(con->cat, mac);
	if (status == CATALOG_OK)
		console_message(con, ROLE_GOOD, "deleted host %s", mac);
	else
		console_catalog_error(con, "delete", status);
	console_changed(con);
}

/* One key after n picks the entry: its hotkey, or arrows and Enter. */
static void
hosts_set_next(struct console *con, const char *entry)
{
	struct host *cur = hosts_current();
	struct host h;
	char err[256];

	memset(&h, 0, sizeof h);
	h = *cur;
	h.next_entry = (char *)entry;
	if (hosts_put(con, &h, err, sizeof err) == CATALOG_OK)
		console_message(con, ROLE_GOOD, entry ? "next boot of %s: %s" :
		    "next boot of %s cleared%s", h.mac, entry ? entry : "");
	else
		console_message(con, ROLE_ERROR, "%s", err);
	hosts_select(con, h.mac);
	console_changed(con);
}

static int
picker_key(WINDOW *win, struct console *con)
{
	for (;;) {
		wint_t wch;
		int r = wget_wch(win, &wch);

		if (console_quitting(con))
			return 27;
		if (r != ERR && !(r == KEY_CODE_YES && wch == KEY_RESIZE))
			return (int)wch;
	}
}

static void
key_next(struct console *con)
{
	struct entry *v = NULL;
	size_t n = 0;
	struct ui_list l = { 0 };
	WINDOW *win;
	int h, done = 0;

	if (hosts_current() == NULL ||
	    catalog_entry_list(con->cat, &v, &n) != CATALOG_OK)
		return;
	h = (int)n + 4 < LINES - 2 ? (int)n + 4 : LINES - 2;
	win = newwin(h, 44, (LINES - h) / 2, (COLS - 44) / 2);
	l.n = n;
	while (win != NULL && !done) {
		int key;

		keypad(win, TRUE);
		wtimeout(win, 250);
		werase(win);
		box(win, 0, 0);
		mvwprintw(win, 0, 2, " Next boot of %s ", hosts_current()->mac);
		ui_list_fix(&l, h - 4);
		for (int r = 0; r < h - 4 && l.top + (size_t)r < n; r++) {
			const struct entry *e = &v[l.top + (size_t)r];

			wattrset(win, console_attr(l.top + (size_t)r == l.sel ?
			    ROLE_SELECTED : ROLE_NORMAL));
			ui_putf(win, 1 + r, 1, 42, " %c  %s",
			    e->key ? e->key : ' ', e->name);
		}
		wattrset(win, console_attr(ROLE_DIM));
		ui_put(win, h - 2, 2, 40, "hotkey/Enter: set  -: clear  Esc");
		wattrset(win, A_NORMAL);
		key = picker_key(win, con);
		if (key == KEY_ESC)
			done = 1;
		else if (key == KEY_UP || key == 'k')
			ui_list_move(&l, -1);
		else if (key == KEY_DOWN || key == 'j')
			ui_list_move(&l, 1);
		/* Entry hotkeys first: they may be any of a-z and 0-9. */
		for (size_t i = 0; i < n && !done; i++) {
			if (v[i].key != '\0' && v[i].key == key) {
				hosts_set_next(con, v[i].name);
				done = 1;
			}
		}
		if (done)
			break;
		if (key == '-' || key == KEY_BACKSPACE || key == 127 ||
		    key == KEY_DC) {
			hosts_set_next(con, NULL);
			done = 1;
		} else if ((key == '\r' || key == '\n' || key == KEY_ENTER) &&
		    n > 0) {
			hosts_set_next(con, v[l.sel].name);
			done = 1;
		}
	}
	if (win != NULL)
		delwin(win);
	entry_array_free(v, n);
	console_redraw(con);
}

static void
key_clear_next(struct console *con)
{
	if (hosts_current() != NULL)
		hosts_set_next(con, NULL);
}

/* w: wakes the host, asking first which entry it boots next (or none),
   as `bootdeck wake MAC --next ENTRY` does. */
static void
key_wake(struct console *con)
{
	const struct config *cfg = con->opt->config;
	struct wake_target t = { .broadcast = "255.255.255.255",
	    .interface = "" };
	struct host *h = hosts_current();
	const char **rows = NULL, *next = NULL, *problem, *macs[1];
	char mac[MAC_STRLEN], title[80], err[512];
	struct entry *v = NULL;
	size_t n = 0;
	long pick;
	int status;

	if (h == NULL)
		return;
	snprintf(mac, sizeof mac, "%s", h->mac);
	macs[0] = mac;
	if ((problem = wake_mac_problem(mac)) != NULL) {
		console_message(con, ROLE_ERROR, "refusing to wake %s: %s",
		    mac, problem);
		return;
	}
	if ((status = catalog_entry_list(con->cat, &v, &n)) != CATALOG_OK) {
		console_catalog_error(con, "entries", status);
		return;
	}
	rows = xcalloc(n + 1, sizeof *rows);
	rows[0] = "(no next boot: just wake it)";
	for (size_t i = 0; i < n; i++)
		rows[i + 1] = v[i].name;
	snprintf(title, sizeof title, "Wake %s: next boot", mac);
	if ((pick = ui_pick(con, title, rows, n + 1)) < 0)
		goto out;
	if (pick > 0) {
		next = v[pick - 1].name;
		status = wake_set_next(con->cat, mac, next);
		console_changed(con);
		if (status != CATALOG_OK) {
			console_catalog_error(con, "next boot", status);
			goto out;
		}
	}
	if (cfg != NULL) {
		t.broadcast = config_get(cfg, CONFIG_WAKE_BROADCAST);
		t.interface = config_get(cfg, CONFIG_WAKE_INTERFACE);
	}
	if (wake_send(&t, macs, 1, err, sizeof err) != 0)
		console_message(con, ROLE_ERROR, "%s%s", err,
		    next != NULL ? " (the next boot is set)" : "");
	else
		console_message(con, ROLE_GOOD, "woke %s via %s port %d%s%s",
		    mac, t.broadcast, WAKE_PORT, next != NULL ?
		    ", next boot " : "", next != NULL ? next : "");
out:
	free(rows);
	entry_array_free(v, n);
	console_redraw(con);
}

static void
key_preview(struct console *con)
{
	struct host *h = hosts_current();

	if (h != NULL)
		preview_mac(con, h->mac);
}

static void
key_show(struct console *con)
{
	struct host *h = hosts_current();

	if (h != NULL)
		host_view(con, h->mac);
}

static const struct console_binding hosts_keys[] = {
	{ 'a', "a", "add a host", key_add },
	{ 'e', "e", "edit the host", key_edit },
	{ '\r', "Enter", "details: facts, IPs, boots", key_show },
	{ '\n', NULL, NULL, key_show },
	{ KEY_ENTER, NULL, NULL, key_show },
	{ 'd', "d Del", "delete (asks first)", key_delete },
	{ KEY_DC, NULL, NULL, key_delete },
	{ 'n', "n KEY", "next boot: n, entry's hotkey", key_next },
	{ 'N', "N  n -", "clear the next boot", key_clear_next },
	{ 'p', "p", "preview what it boots", key_preview },
	{ 'w', "w", "wake it (Wake-on-LAN)", key_wake },
};

const struct screen screen_hosts = {
	.name = "Hosts",
	.keys = hosts_keys,
	.n_keys = sizeof hosts_keys / sizeof hosts_keys[0],
	.footer = "a:add e:edit d:del n:next boot N:clear next p:preview "
	    "w:wake",
	.load = hosts_load,
	.tick = hosts_tick,
	.draw = hosts_draw,
	.list = hosts_list,
	.match = hosts_match,
	.free = hosts_free,
};

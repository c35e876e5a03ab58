/* host_view.c: the console's view of one machine: what it reported, its addresses and its last boots (Enter on Hosts or Clients). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/size.h"
#include "common/xmalloc.h"
#include "ipxe/ident.h"
#include "tui/cli.h"
#include "tui/console_int.h"

/* The label column, as in `bootdeck host show`. */
#define LABEL_WIDTH 14

/* The view is lines of text made once from the catalog, then scrolled. */
struct view_line {
	char		*text;
	enum ui_role	 role;
	/* a blank line, left out when short of rows */
	bool		 spacer;
};

struct view {
	struct view_line	*v;
	size_t			 n;
	size_t			 top;
};

static void
view_add(struct view *vw, enum ui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
view_add(struct view *vw, enum ui_role role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	vw->v = xreallocarray(vw->v, vw->n + 1, sizeof *vw->v);
	vw->v[vw->n].text = xstrdup(buf);
	vw->v[vw->n].spacer = false;
	vw->v[vw->n++].role = role;
}

static void
view_spacer(struct view *vw)
{
	view_add(vw, ROLE_NORMAL, "%s", "");
	vw->v[vw->n - 1].spacer = true;
}

/* "Label         value"; nothing for an empty value. */
static void
view_field(struct view *vw, const char *label, const char *value)
{
	if (value != NULL && value[0] != '\0')
		view_add(vw, ROLE_NORMAL, "%-*s%s", LABEL_WIDTH, label, value);
}

static void
view_free(struct view *vw)
{
	for (size_t i = 0; i < vw->n; i++)
		free(vw->v[i].text);
	free(vw->v);
	memset(vw, 0, sizeof *vw);
}

static void
view_host(struct view *vw, const struct host_detail *d)
{
	const struct host *h = &d->host;

	if (!d->is_host) {
		view_add(vw, ROLE_DIM,
		    "Not a host: a client only (h on Clients "
		    "makes it one).");
		return;
	}
	view_field(vw, "Default", h->default_entry ? h->default_entry :
	    "- (the menu's)");
	if (h->next_entry != NULL)
		view_add(vw, ROLE_WARN, "%-*s%s (once)", LABEL_WIDTH,
		    "Next boot", h->next_entry);
	else
		view_field(vw, "Next boot", "-");
	view_add(vw, ROLE_NORMAL, "%-*s%s, local boot %s", LABEL_WIDTH, "Menu",
	    h->skip_menu ? "skip" : "show", localboot_name(h->localboot));
}

static void
view_client(struct view *vw, const struct host_detail *d)
{
	const struct client *c = &d->client;
	char ipxe[160], first[32], last[32];

	view_spacer(vw);
	view_add(vw, ROLE_HEADER, "%s", "What it reported");
	if (!d->seen) {
		view_add(vw, ROLE_DIM, "%s",
		    "Nothing yet: it never booted from "
		    "bootdeckd.");
		return;
	}
	view_field(vw, "Manufacturer", c->manufacturer);
	view_field(vw, "Product", c->product);
	view_field(vw, "Serial", c->serial);
	view_field(vw, "UUID", c->uuid);
	if (c->platform != NULL || c->arch != NULL)
		view_add(vw, ROLE_NORMAL, "%-*s%s%s%s", LABEL_WIDTH, "Firmware",
		    c->platform ? c->platform : "?", c->arch ? ", " : "",
		    c->arch ? c->arch : "");
	ipxe_ident_format(c->version, c->build, ipxe, sizeof ipxe);
	view_field(vw, "iPXE", ipxe);
	cli_format_time(first, sizeof first, c->first_seen_ms);
	cli_format_time(last, sizeof last, c->last_seen_ms);
	view_add(vw, ROLE_NORMAL, "%-*s%s to %s", LABEL_WIDTH, "Seen", first,
	    last);
}

static void
view_ips(struct view *vw, const struct host_detail *d)
{
	char first[32], last[32];

	if (d->n_ips == 0)
		return;
	view_spacer(vw);
	view_add(vw, ROLE_HEADER, "%-15s %-19s  %s", "IP address",
	    "First seen", "Last seen");
	for (size_t i = 0; i < d->n_ips; i++) {
		cli_format_time(first, sizeof first, d->ips[i].first_ms);
		cli_format_time(last, sizeof last, d->ips[i].last_ms);
		view_add(vw, ROLE_NORMAL, "%-15s %-19s  %s", d->ips[i].ip,
		    first, last);
	}
}

static void
view_boots(struct view *vw, const struct host_detail *d)
{
	char when[32], done[16], size[16], images[64];
	int ew = 5;

	if (d->n_boots == 0)
		return;
	for (size_t i = 0; i < d->n_boots; i++) {
		int w = ui_width(d->boots[i].entry);

		ew = w > ew ? (w > 20 ? 20 : w) : ew;
	}
	view_spacer(vw);
	view_add(vw, ROLE_HEADER, "%-19s  %-*s  %-7s %s", "Last boots", ew,
	    "Entry", "Outcome", "Images, or the error");
	for (size_t i = 0; i < d->n_boots; i++) {
		const struct host_boot *b = &d->boots[i];

		cli_format_time(when, sizeof when, b->ts_ms);
		images[0] = '\0';
		if (b->images > 0) {
			size_format(done, sizeof done, b->bytes);
			size_format(size, sizeof size, b->size);
			snprintf(images, sizeof images, "%s of %s, %lld file%s",
			    done, size, (long long)b->images,
			    b->images == 1 ? "" : "s");
		}
		view_add(vw, b->outcome == HOST_BOOT_ERROR ? ROLE_ERROR :
		    ROLE_NORMAL, "%-19s  %-*.*s  %-7s %s", when, ew, ew,
		    b->entry ? b->entry : "-",
		    host_boot_outcome_name(b->outcome),
		    b->outcome == HOST_BOOT_ERROR && b->detail ? b->detail :
		    images);
	}
}

/* The lines shown in rows: all of them, or without as many spacers as
   they do not fit by (80x24 shows a whole machine that way). */
static size_t
view_shown(const struct view *vw, int rows, const struct view_line **out)
{
	size_t n = 0, drop = vw->n > (size_t)rows ? vw->n - (size_t)rows : 0;

	for (size_t i = 0; i < vw->n; i++) {
		if (vw->v[i].spacer && drop > 0)
			drop--;
		else
			out[n++] = &vw->v[i];
	}
	return n;
}

static void
view_draw(WINDOW *win, const struct view *vw, const struct host_detail *d,
    int h, int w)
{
	const struct view_line **shown = xcalloc(vw->n + 1, sizeof *shown);
	char title[MAC_STRLEN + HOST_NAME_MAX_LEN + 8];
	int rows = h - 3;
	size_t n = view_shown(vw, rows, shown);

	wbkgd(win, console_attr(ROLE_NORMAL));
	werase(win);
	box(win, 0, 0);
	wattrset(win, console_attr(ROLE_HEADER));
	snprintf(title, sizeof title, " %s%s%s ", d->mac,
	    d->is_host && d->host.name ? " " : "",
	    d->is_host && d->host.name ? d->host.name : "");
	ui_put(win, 0, 2, ui_width(title) < w - 4 ? ui_width(title) : w - 4,
	    title);
	for (int r = 0; r < rows && vw->top + (size_t)r < n; r++) {
		const struct view_line *l = shown[vw->top + (size_t)r];

		wattrset(win, console_attr(l->role));
		ui_put(win, 1 + r, 2, w - 4, l->text);
	}
	wattrset(win, console_attr(ROLE_DIM));
	ui_put(win, h - 2, 2, w - 4, n > (size_t)rows ?
	    "Esc: back  \u2191\u2193 PgUp PgDn: scroll" : "Esc: back");
	wattrset(win, A_NORMAL);
	wrefresh(win);
	free(shown);
}

/* Keeps top so that the last page is full, when there is more than a page. */
static void
view_scroll(struct view *vw, long delta, int rows)
{
	const struct view_line **shown = xcalloc(vw->n + 1, sizeof *shown);
	long top = (long)vw->top + delta;
	long max = (long)view_shown(vw, rows, shown) - rows;

	free(shown);
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	vw->top = (size_t)top;
}

void
host_view(struct console *con, const char *mac)
{
	struct host_detail d;
	struct view vw = { 0 };
	WINDOW *win = NULL;
	bool done = false;
	int status, h = 0, w = 0;

	status = catalog_host_detail(con->cat, mac, &d);
	if (status != CATALOG_OK) {
		console_catalog_error(con, "host", status);
		return;
	}
	view_host(&vw, &d);
	view_client(&vw, &d);
	view_ips(&vw, &d);
	view_boots(&vw, &d);
	while (!done) {
		wint_t wch;
		int r;

		if (win == NULL) {
			console_redraw(con);
			h = LINES - 2;
			w = COLS;
			if (h < 5 || w < 20 ||
			    (win = newwin(h, w, 1, 0)) == NULL)
				break;
			keypad(win, TRUE);
			wtimeout(win, 250);
		}
		view_scroll(&vw, 0, h - 3);
		view_draw(win, &vw, &d, h, w);
		r = wget_wch(win, &wch);
		if (console_quitting(con))
			break;
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
			delwin(win);
			win = NULL;
			continue;
		}
		switch (wch) {
		case 27: case 'q': case '\r': case '\n': case KEY_ENTER:
		case KEY_LEFT:
			done = true;
			break;
		case KEY_UP: case 'k':
			view_scroll(&vw, -1, h - 3);
			break;
		case KEY_DOWN: case 'j':
			view_scroll(&vw, 1, h - 3);
			break;
		case KEY_PPAGE:
			view_scroll(&vw, -(h - 3), h - 3);
			break;
		case KEY_NPAGE: case ' ':
			view_scroll(&vw, h - 3, h - 3);
			break;
		case KEY_HOME: case 'g':
			vw.top = 0;
			break;
		case KEY_END: case 'G':
			view_scroll(&vw, (long)vw.n, h - 3);
			break;
		}
	}
	if (win != NULL)
		delwin(win);
	view_free(&vw);
	host_detail_clear(&d);
	console_redraw(con);
}

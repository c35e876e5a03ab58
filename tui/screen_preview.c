/* screen_preview.c: the Preview screen: the exact script the server's renderer gives an entry or a MAC. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "ipxe/render_job.h"
#include "tui/console_int.h"

/* What the preview names the server when nothing says how clients reach it. */
#define PREVIEW_BASE_URL "http://BOOT-SERVER"

static struct {
	/* An entry previewed, or what a MAC gets; both empty: nothing. */
	char		 entry[ENTRY_NAME_MAX + 1];
	char		 mac[MAC_STRLEN];
	enum platform	 platform;
	char		 title[512];
	char		**lines;
	size_t		 n;
	char		*missing;	/* needed image files that are absent */
	char		*note;		/* an ISO entry's recipe, or why none */
	bool		 note_bad;	/* it falls back or fails */
	struct ui_list	 list;
} preview = { .platform = PLATFORM_BIOS };

static void
preview_free(void)
{
	for (size_t i = 0; i < preview.n; i++)
		free(preview.lines[i]);
	free(preview.lines);
	free(preview.missing);
	free(preview.note);
	preview.lines = NULL;
	preview.missing = NULL;
	preview.note = NULL;
	preview.n = preview.list.n = 0;
}

static void
preview_set_text(char *script)
{
	size_t cap = 16;

	preview.lines = xcalloc(cap, sizeof *preview.lines);
	for (char *s = script, *nl; s != NULL && *s != '\0';
	    s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		if (preview.n == cap) {
			cap *= 2;
			preview.lines = xreallocarray(preview.lines, cap,
			    sizeof *preview.lines);
		}
		preview.lines[preview.n++] = nl ?
		    xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
	}
	preview.list.n = preview.n;
}

/* Names the entry's image files that are missing under the images dir. */
static void
preview_check_images(struct console *con, const struct entry *e)
{
	const char *paths[ENTRY_INITRDS_MAX + 2];
	size_t n = render_entry_images(e, preview.platform, paths,
	    sizeof paths / sizeof paths[0]);
	char buf[1024] = "";
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		int64_t size;

		if (!ui_image_stat(con, paths[i], &size) &&
		    con->opt->images_dir &&
		    len < sizeof buf)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    " %s", paths[i]);
	}
	if (len > 0)
		preview.missing = xasprintf("missing image files:%s", buf);
}

/* What bootdeckd would send, read by the renderer's own reader
   (ipxe/render_job.c): same entries, base URL precedence and arch. */
/* The recipe an ISO entry boots by, or why it has none, under the title. */
static void
preview_note(const struct render_job *job)
{
	char note[768];
	enum render_note n = render_job_note(job, note, sizeof note);

	if (n == RENDER_NOTE_NONE)
		return;
	free(preview.note);
	preview.note = xstrdup(note);
	preview.note_bad = n != RENDER_NOTE_INFO;
}

static void
preview_render(struct console *con)
{
	struct render_query q = { .platform = preview.platform };
	struct render_job job;
	char err[512], from[512], *script = NULL;
	const char *base;
	int status;

	q.mac = preview.mac;
	q.entry = preview.entry[0] != '\0' ? preview.entry : NULL;
	base = con->opt->base_url != NULL && con->opt->base_url[0] != '\0' ?
	    con->opt->base_url : PREVIEW_BASE_URL;
	/* main.c's base_url is the configured one when that is set, which
	   beats the catalog's; else it is derived, the last resort. */
	if (console_override(con, CONFIG_BASE_URL, from, sizeof from) != NULL)
		q.base_url = base;
	else
		q.base_fallback = base;
	q.images_dir = con->opt->images_dir;
	/* images_url as bootdeckd renders it:
	 * previews show what clients get. */
	if (con->opt->config != NULL)
		q.images_url = config_get(con->opt->config, CONFIG_IMAGES_URL);
	status = render_job_read(con->cat, &q, &job, err, sizeof err);
	render_job_iso(&job, &q);
	if (status == CATALOG_OK && job.base_problem[0] != '\0')
		console_message(con, ROLE_ERROR, "%s", job.base_problem);
	if (status == CATALOG_OK) {
		script = render_job_script(&job);
		if (job.entry != NULL)
			preview_check_images(con, job.entry);
		preview_note(&job);
	} else
		console_message(con, ROLE_ERROR, "preview: %s", err);
	snprintf(preview.title, sizeof preview.title, "%s %s%s%s on %s (%s), "
	    "base %s", preview.entry[0] ? "entry" : "boot script of",
	    preview.entry[0] ? preview.entry : preview.mac,
	    preview.entry[0] && preview.mac[0] ? " for " : "",
	    preview.entry[0] ? preview.mac : "",
	    preview.platform == PLATFORM_EFI ? "UEFI" : "BIOS", job.client.arch,
	    job.base_url);
	preview_set_text(script);
	free(script);
	render_job_clear(&job);
}

static void
preview_load(struct console *con)
{
	preview_free();
	if (preview.entry[0] != '\0' || preview.mac[0] != '\0')
		preview_render(con);
}

static struct ui_list *
preview_list(struct console *con)
{
	return &preview.list;
}

static bool
preview_match(struct console *con, size_t i, const char *needle)
{
	return strcasestr(preview.lines[i], needle) != NULL;
}

/* Screen rows line takes in cols columns: continuations are indented. */
static size_t
preview_rows(const char *line, int cols)
{
	size_t n = 1;

	if (cols < 4)
		return 1;
	line += ui_fit(line, cols, false);
	for (; *line != '\0'; n++)
		line += ui_fit(line, cols - 2, false);
	return n;
}

static void
preview_draw(struct console *con, WINDOW *w, int rows, int cols)
{
	int top = 1 + (preview.missing != NULL) + (preview.note != NULL), r;
	size_t last = preview.n, need = 0;

	wattrset(w, console_attr(ROLE_HEADER));
	if (preview.entry[0] == '\0' && preview.mac[0] == '\0') {
		ui_put(w, 0, 0, cols, "Preview");
		wattrset(w, A_NORMAL);
		ui_put(w, 2, 2, cols - 4,
		    "Press m to type a MAC, or p on an entry or a host.");
		return;
	}
	ui_put(w, 0, 0, cols, preview.title);
	if (preview.missing) {
		wattrset(w, console_attr(ROLE_ERROR));
		ui_put(w, 1, 0, cols, preview.missing);
	}
	if (preview.note) {
		wattrset(w,
		    preview.note_bad ? console_attr(ROLE_ERROR) : A_NORMAL);
		ui_put(w, top - 1, 0, cols, preview.note);
	}
	wattrset(w, A_NORMAL);
	/* A text view: the "selection" is the top line. Long lines wrap
	   (a kernel command line is never cut); the last page stays full. */
	while (last > 0 && need + preview_rows(preview.lines[last - 1], cols) <=
	    (size_t)(rows - top))
		need += preview_rows(preview.lines[--last], cols);
	if (preview.list.sel > last)
		preview.list.sel = last;
	r = top;
	for (size_t i = preview.list.sel; i < preview.n && r < rows; i++) {
		const char *t = preview.lines[i];
		bool more = false;

		do {
			size_t len = ui_fit(t, more ? cols - 2 : cols, false);
			char *part = xstrndup(t, len);

			if (more) {
				wattrset(w, console_attr(ROLE_DIM));
				ui_put(w, r, 0, 2, "\u21aa ");
				wattrset(w, A_NORMAL);
			}
			ui_put(w, r, more ? 2 : 0, more ? cols - 2 : cols,
			    part);
			free(part);
			t += len;
			more = true;
		} while (*t != '\0' && ++r < rows);
		r++;
	}
}

void
preview_entry(struct console *con, const char *name)
{
	/* A MAC typed before stays: what that machine gets from the entry. */
	snprintf(preview.entry, sizeof preview.entry, "%s", name);
	preview_free();
	preview.list.sel = 0;
	preview_render(con);
	con->screen = &screen_preview;
}

void
preview_mac(struct console *con, const char *mac)
{
	preview.entry[0] = '\0';
	snprintf(preview.mac, sizeof preview.mac, "%s", mac);
	preview_free();
	preview.list.sel = 0;
	preview_render(con);
	con->screen = &screen_preview;
}

static void
preview_platform(struct console *con, enum platform p)
{
	preview.platform = p;
	preview_load(con);
}

static void
key_bios(struct console *con)
{
	preview_platform(con, PLATFORM_BIOS);
}

static void
key_efi(struct console *con)
{
	preview_platform(con, PLATFORM_EFI);
}

static void
key_mac(struct console *con)
{
	char buf[64], mac[MAC_STRLEN];

	snprintf(buf, sizeof buf, "%s", preview.mac);
	if (!ui_prompt(con, "Preview MAC", buf, sizeof buf))
		return;
	if (!mac_parse(buf, mac)) {
		console_message(con, ROLE_ERROR, "'%s' is not a MAC address",
		    buf);
		return;
	}
	preview_mac(con, mac);
}

static const struct console_binding preview_keys[] = {
	{ 'b',	"b",	"as a BIOS (pcbios) client",	key_bios },
	{ 'u',	"u",	"as a UEFI (efi) client",	key_efi },
	{ 'm',	"m",	"preview what a MAC would get",	key_mac },
};

const struct screen screen_preview = {
	.name = "Preview",
	.keys = preview_keys,
	.n_keys = sizeof preview_keys / sizeof preview_keys[0],
	.footer = "b:BIOS u:UEFI m:type a MAC",
	.load = preview_load,
	.draw = preview_draw,
	.list = preview_list,
	.click_rows = -1,
	.match = preview_match,
	.free = preview_free,
};

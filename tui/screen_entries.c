/* screen_entries.c: the Entries screen: the boot menu in order, its forms and actions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/size.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "tui/console_form.h"
#include "tui/entry_warn.h"
#include "tui/console_int.h"
#include "tui/iso_scan.h"

static struct {
	struct entry	*v;
	size_t		 n;
	/* file size, -1 missing, -2 URL or none */
	int64_t		*sizes;
	char		*menu_default;
	struct ui_list	 list;
} entries;

/* The entry form's fields; which ones a kind shows comes from its
   definition (db/entry_kind.c), and so do their labels. */
enum entry_form_field {
	EF_NAME, EF_TITLE, EF_KIND, EF_KEY, EF_PLATFORM, EF_SUBMENU, EF_ENABLED,
	EF_TARGET, EF_BOOT, EF_TARGET_EFI, EF_INITRDS, EF_ARGS, EF_SCRIPT,
	EF_COUNT
};

static bool warn_title(struct console *con, const char *v, char *msg,
    size_t len);
static bool warn_initrds(struct console *con, const char *v, char *msg,
    size_t len);

static const char *const yes_no[] = { "yes", "no", NULL };
static const char *const platforms[] = { "any", "bios", "efi", NULL };
static const char *const boot_modes[] = { ENTRY_BOOT_AUTO, ENTRY_BOOT_DIRECT,
	ENTRY_BOOT_SANBOOT, ENTRY_BOOT_MEMDISK, NULL };
static const char *kinds[ENTRY_KIND_COUNT + 1];

static const struct form_field entry_fields[EF_COUNT] = {
	[EF_NAME]	= { .label = "Name", .check = form_check_entry_name,
	    .hint = "letters, digits . _ -: "
	    "in URLs, host defaults and the CLI" },
	[EF_TITLE]	= { .label = "Title", .warn = warn_title,
	    .hint = "the menu text clients see (in ASCII: é as e, — as -)" },
	[EF_KIND]	= { .label = "Kind", .type = FF_CHOICE,
	    .choices = kinds,
	    .hint = "what it boots: type a kind's first letters, or Space" },
	[EF_KEY]	= { .label = "Hotkey", .check = form_check_hotkey,
	    .hint = "the key choosing it in the menu, a-z or 0-9; "
	    "empty: none" },
	[EF_PLATFORM]	= { .label = "Platform", .type = FF_CHOICE,
	    .choices = platforms,
	    .hint = "the firmware it is offered to: any, bios or efi (UEFI)" },
	[EF_SUBMENU]	= { .label = "Submenu",
	    .hint = "listed in the submenu of this title; "
	    "empty: the main menu" },
	[EF_ENABLED]	= { .label = "Enabled", .type = FF_CHOICE,
	    .choices = yes_no,
	    .hint = "no: kept in the catalog, left out of menus" },
	[EF_TARGET]	= { 0 },
	[EF_BOOT]	= { .type = FF_CHOICE, .choices = boot_modes },
	[EF_TARGET_EFI]	= { .warn = form_warn_image },
	[EF_INITRDS]	= { .warn = warn_initrds },
	[EF_ARGS]	= { 0 },
	[EF_SCRIPT]	= { .type = FF_LINES },
};

/* The entry field (db/entry_kind.h) each form field past EF_ENABLED
   edits: a kind shows those its definition allows. */
static const enum entry_field entry_form_fields[EF_COUNT] = {
	[EF_TARGET] = ENTRY_FIELD_TARGET,
	[EF_BOOT] = ENTRY_FIELD_BOOT,
	[EF_TARGET_EFI] = ENTRY_FIELD_TARGET_EFI,
	[EF_INITRDS] = ENTRY_FIELD_INITRDS,
	[EF_ARGS] = ENTRY_FIELD_ARGS,
	[EF_SCRIPT] = ENTRY_FIELD_SCRIPT,
};

static bool
edit_shows(enum entry_kind kind, int f)
{
	return f <= EF_ENABLED || (entry_kind_def(kind)->allow &
	    ENTRY_FIELD_BIT(entry_form_fields[f]));
}

struct entry_edit {
	char		*values[EF_COUNT];
	struct entry	 orig;		/* id 0: adding */
	struct entry	 saved;		/* what was stored, for reselecting */
	/* visible field -> entry_field */
	enum entry_form_field map[EF_COUNT];
};

static void
entries_free(void)
{
	entry_array_free(entries.v, entries.n);
	free(entries.sizes);
	free(entries.menu_default);
	entries.v = NULL;
	entries.sizes = NULL;
	entries.menu_default = NULL;
	entries.n = entries.list.n = 0;
}

static void
entries_load(struct console *con)
{
	struct menu_settings menu = { 0 };
	int status;

	entries_free();
	status = catalog_entry_list(con->cat, &entries.v, &entries.n);
	if (status != CATALOG_OK) {
		console_catalog_error(con, "entries", status);
		entries.v = NULL;
		entries.n = 0;
	}
	if (catalog_menu_get(con->cat, &menu) == CATALOG_OK) {
		entries.menu_default = menu.default_entry;
		menu.default_entry = NULL;
	}
	menu_settings_clear(&menu);
	entries.sizes = xcalloc(entries.n + 1, sizeof *entries.sizes);
	for (size_t i = 0; i < entries.n; i++) {
		const char *t = entries.v[i].target;

		entries.sizes[i] = -2;
		if (t != NULL && t[0] != '\0' && !entry_target_is_url(t))
			ui_image_stat(con, t, &entries.sizes[i]);
	}
	entries.list.n = entries.n;
	console_lint_run(con);
}

static struct ui_list *
entries_list(struct console *con)
{
	return &entries.list;
}

static struct entry *
entries_current(void)
{
	return entries.n ? &entries.v[entries.list.sel] : NULL;
}

static void
entries_select(const char *name)
{
	for (size_t i = 0; name != NULL && i < entries.n; i++)
		if (strcmp(entries.v[i].name, name) == 0)
			entries.list.sel = i;
}

static bool
entries_match(struct console *con, size_t i, const char *needle)
{
	const struct entry *e = &entries.v[i];

	return strcasestr(e->name, needle) ||
	    (e->title && strcasestr(e->title, needle)) ||
	    (e->target && strcasestr(e->target, needle));
}

/* Columns by priority: the title (what clients see) and the name stay
   at every width; the target takes what is left; platform, on/off and
   kind go first when the terminal is narrow. */
enum entries_col { EC_MARK, EC_NAME, EC_TITLE, EC_KIND, EC_PLAT, EC_ON,
	EC_FILE, EC_TARGET, EC_COUNT };

/* The FILE column: the image's size, MISSING, url or -. */
static void
entries_file(size_t i, char *buf, size_t len)
{
	const struct entry *e = &entries.v[i];

	if (entries.sizes[i] >= 0)
		size_format(buf, len, entries.sizes[i]);
	else if (entries.sizes[i] == -1)
		snprintf(buf, len, "MISSING");
	else
		snprintf(buf, len, "%s",
		    e->target && e->target[0] ? "url" : "-");
}

static void
entries_columns(struct ui_column *c, int cols)
{
	static const struct ui_column init[EC_COUNT] = {
		[EC_MARK]   = { "  K",    3,  3, 0 },
		[EC_NAME]   = { "NAME",   6,  4, 0 },
		[EC_TITLE]  = { "TITLE", 10,  5, 0 },
		[EC_KIND]   = { "KIND",   9,  9, 3 },
		[EC_PLAT]   = { "PLAT",   4,  4, 5 },
		[EC_ON]     = { "ON",     3,  3, 4 },
		[EC_FILE]   = { "FILE",   7,  7, 2 },
		[EC_TARGET] = { "TARGET", 8,  6, 1 },
	};

	memcpy(c, init, sizeof init);
	for (size_t i = 0; i < entries.n; i++) {
		const struct entry *e = &entries.v[i];
		int n = ui_width(e->name), t = ui_width(e->title),
		    g = ui_width(e->target);
		char file[32];

		entries_file(i, file, sizeof file);
		if (ui_width(file) > c[EC_FILE].want)
			c[EC_FILE].want = ui_width(file);

		c[EC_NAME].want = n > c[EC_NAME].want ? n : c[EC_NAME].want;
		c[EC_TITLE].want = t > c[EC_TITLE].want ? t : c[EC_TITLE].want;
		c[EC_TARGET].want = g > c[EC_TARGET].want ?
		    g : c[EC_TARGET].want;
	}
	/* Rather no target than a title cut short. */
	c[EC_NAME].min = c[EC_NAME].want < 12 ? c[EC_NAME].want : 12;
	c[EC_TITLE].min = c[EC_TITLE].want < 20 ? c[EC_TITLE].want : 20;
	ui_columns_fit(c, EC_COUNT, cols);
}

static void
entries_draw(struct console *con, WINDOW *w, int rows, int cols)
{
	const struct lint_finding *sel_finding = NULL;
	struct ui_column c[EC_COUNT];

	entries_columns(c, cols);
	wattrset(w, console_attr(ROLE_HEADER));
	ui_columns_head(w, 0, c, EC_COUNT, cols);
	wattrset(w, A_NORMAL);
	if (entries.n == 0) {
		ui_put(w, 2, 2, cols - 4,
		    "No entries yet: press a to add one.");
		return;
	}
	/* The selected entry's finding, if any, on the last line. */
	if (entries.list.sel < entries.n)
		sel_finding = console_lint_find(LINT_SUBJECT_ENTRY,
		    entries.v[entries.list.sel].name);
	if (sel_finding != NULL && rows > 2)
		console_lint_status(w, --rows, 0, cols, sel_finding);
	ui_list_fix(&entries.list, rows - 1);
	for (int r = 1;
	    r < rows && entries.list.top + (size_t)r - 1 < entries.n; r++) {
		size_t i = entries.list.top + (size_t)r - 1;
		const struct entry *e = &entries.v[i];
		bool def = entries.menu_default &&
		    strcmp(entries.menu_default, e->name) == 0;
		char file[32], mark[4];
		enum ui_role role = ROLE_NORMAL;
		int x = 0;

		entries_file(i, file, sizeof file);
		if (entries.sizes[i] == -1)
			role = ROLE_WARN;
		if (!e->enabled)
			role = ROLE_DIM;
		if (i == entries.list.sel)
			role = ROLE_SELECTED;
		wattrset(w, console_attr(role));
		snprintf(mark, sizeof mark, "%c%c%c", def ? '*' : ' ',
		    console_lint_mark(console_lint_find(LINT_SUBJECT_ENTRY,
		    e->name)), e->key ? e->key : ' ');
		x = ui_columns_put(w, r, x, &c[EC_MARK], mark);
		x = ui_columns_put(w, r, x, &c[EC_NAME], e->name);
		x = ui_columns_put(w, r, x, &c[EC_TITLE], e->title);
		x = ui_columns_put(w, r, x, &c[EC_KIND],
		    entry_kind_name(e->kind));
		x = ui_columns_put(w, r, x, &c[EC_PLAT],
		    platform_name(e->platform));
		x = ui_columns_put(w, r, x, &c[EC_ON],
		    e->enabled ? "on" : "off");
		x = ui_columns_put(w, r, x, &c[EC_FILE], file);
		x = ui_columns_put(w, r, x, &c[EC_TARGET], e->target);
		if (x < cols)
			ui_put(w, r, x, cols - x, "");
	}
	wattrset(w, A_NORMAL);
}

/* The form ----------------------------------------------------------------- */

/* The words bootdeck entry add|set say too (tui/entry_warn.c). */
static bool
warn_title(struct console *con, const char *v, char *msg, size_t len)
{
	return entry_warn_title(v, msg, len);
}

static bool
warn_initrds(struct console *con, const char *v, char *msg, size_t len)
{
	char *copy = xstrdup(v), *save = NULL;
	bool warned = false;

	for (char *t = strtok_r(copy, " \t", &save); !warned && t != NULL;
	    t = strtok_r(NULL, " \t", &save))
		warned = form_warn_image(con, t, msg, len);
	free(copy);
	return warned;
}

static void
edit_set(struct entry_edit *ed, enum entry_form_field f, const char *v)
{
	free(ed->values[f]);
	ed->values[f] = xstrdup(v ? v : "");
}

static void
edit_from_entry(struct entry_edit *ed, const struct entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	char key[2] = { e->key, '\0' };

	edit_set(ed, EF_NAME, e->name);
	edit_set(ed, EF_TITLE, e->title);
	edit_set(ed, EF_KIND, entry_kind_name(e->kind));
	edit_set(ed, EF_KEY, key);
	edit_set(ed, EF_PLATFORM, platform_name(e->platform));
	edit_set(ed, EF_SUBMENU, e->submenu);
	edit_set(ed, EF_ENABLED, e->enabled ? "yes" : "no");
	edit_set(ed, EF_TARGET, e->target);
	edit_set(ed, EF_BOOT, entry_boot_mode(e));
	edit_set(ed, EF_TARGET_EFI, e->target_efi);
	for (size_t i = 0; i < e->n_initrds; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", e->initrds[i]);
	strbuf_adds(&sb, "");
	edit_set(ed, EF_INITRDS, sb.data);
	strbuf_free(&sb);
	edit_set(ed, EF_ARGS, e->args);
	edit_set(ed, EF_SCRIPT, e->script);
}

static char *
edit_str(const struct entry_edit *ed, enum entry_form_field f)
{
	return ed->values[f] && ed->values[f][0] ?
	    xstrdup(ed->values[f]) : NULL;
}

/* The entry the form describes; only the kind's own fields are kept. */
static void
edit_to_entry(const struct entry_edit *ed, struct entry *e)
{
	enum entry_kind kind = ENTRY_ISO;
	enum platform p = PLATFORM_ANY;
	char *initrds, *save = NULL;

	memset(e, 0, sizeof *e);
	entry_kind_parse(ed->values[EF_KIND], &kind);
	platform_parse(ed->values[EF_PLATFORM], &p);
	e->id = ed->orig.id;
	e->rev = ed->orig.rev;
	e->position = ed->orig.position;
	e->name = xstrdup(ed->values[EF_NAME]);
	e->title = edit_str(ed, EF_TITLE);
	e->kind = kind;
	e->key = ed->values[EF_KEY][0];
	e->platform = p;
	e->submenu = edit_str(ed, EF_SUBMENU);
	e->enabled = strcmp(ed->values[EF_ENABLED], "yes") == 0;
	for (int f = EF_ENABLED + 1; f < EF_COUNT; f++)
		if (edit_shows(kind, f) && f != EF_INITRDS)
			*entry_field_text(e, entry_form_fields[f]) =
			    edit_str(ed, f);
	if (!edit_shows(kind, EF_INITRDS))
		return;
	initrds = xstrdup(ed->values[EF_INITRDS]);
	e->initrds = xcalloc(ENTRY_INITRDS_MAX + 1, sizeof *e->initrds);
	for (char *t = strtok_r(initrds, " \t", &save); t != NULL;
	    t = strtok_r(NULL, " \t", &save))
		if (e->n_initrds <= ENTRY_INITRDS_MAX)
			e->initrds[e->n_initrds++] = xstrdup(t);
	free(initrds);
}

/* Stores the entry; a record changed meanwhile asks before overwriting. */
static bool
edit_save(struct console *con, void *ctx, struct form_spec *spec,
    char *err, size_t errlen)
{
	struct entry_edit *ed = ctx;
	struct entry e;
	int status;

	for (size_t i = 0; i < spec->n_fields; i++)
		edit_set(ed, ed->map[i], spec->fields[i].value);
	edit_to_entry(ed, &e);
	if (entry_validate(&e, err, errlen) != CATALOG_OK)
		goto fail;
	status = e.id == 0 ? catalog_entry_add(con->cat, &e) :
	    catalog_entry_update(con->cat, &e);
	if (status == CATALOG_CONFLICT) {
		struct entry now = { 0 };

		if (ui_ask(con, "ok",
		    "'%s' was changed by someone else meanwhile: "
		    "o overwrite, k keep editing", ed->orig.name) == 'o' &&
		    catalog_entry_get(con->cat, ed->orig.name,
		    &now) == CATALOG_OK) {
			e.rev = now.rev;
			status = catalog_entry_update(con->cat, &e);
		} else {
			snprintf(err, errlen,
			    "not saved: '%s' changed meanwhile", ed->orig.name);
		}
		entry_clear(&now);
		if (status == CATALOG_CONFLICT)
			goto fail;
	}
	if (status != CATALOG_OK) {
		snprintf(err, errlen, "not saved: %s", catalog_error(con->cat));
		goto fail;
	}
	entry_clear(&ed->saved);
	ed->saved = e;
	return true;

fail:
	entry_clear(&e);
	return false;
}

static enum form_result
edit_run_once(struct console *con, struct entry_edit *ed, size_t *focus)
{
	struct form_field vis[EF_COUNT];
	struct form_spec spec = {
		.title = ed->orig.id ? "Edit entry" : "Add entry",
		.fields = vis, .layout_field = EF_KIND, .save = edit_save,
		.ctx = ed,
		.focus = *focus,
	};
	enum entry_kind kind = ENTRY_ISO;
	enum form_result r;

	entry_kind_parse(ed->values[EF_KIND], &kind);
	for (int f = 0; f < EF_COUNT; f++) {
		const struct entry_kind_def *k = entry_kind_def(kind);

		if (!edit_shows(kind, f))
			continue;
		vis[spec.n_fields] = entry_fields[f];
		if (f > EF_ENABLED) {
			const struct entry_field_def *fd =
			    entry_field_def(entry_form_fields[f]);

			vis[spec.n_fields].label = fd->label;
			vis[spec.n_fields].hint = fd->hint;
		}
		if (f == EF_TARGET) {
			vis[spec.n_fields].label = k->target_label;
			vis[spec.n_fields].check = k->url_only ?
			    form_check_url : form_check_image;
			vis[spec.n_fields].warn = k->url_only ? NULL :
			    form_warn_image;
		}
		vis[spec.n_fields].value = ed->values[f];
		ed->values[f] = NULL;
		ed->map[spec.n_fields++] = f;
	}
	r = form_run(con, &spec);
	/* The form's values win over the copies edit_save took. */
	for (size_t i = 0; i < spec.n_fields; i++) {
		free(ed->values[ed->map[i]]);
		ed->values[ed->map[i]] = vis[i].value;
	}
	*focus = spec.focus;
	return r;
}

static void
edit_run(struct console *con, struct entry_edit *ed)
{
	enum form_result r;
	size_t focus = 0;

	if (kinds[0] == NULL)
		for (int k = 0; k < ENTRY_KIND_COUNT; k++)
			kinds[k] = entry_kind_name((enum entry_kind)k);
	do
		r = edit_run_once(con, ed, &focus);
	while (r == FORM_RELAYOUT);
	if (r == FORM_SAVED) {
		struct strbuf warn = STRBUF_INIT;

		console_changed(con);
		entries_select(ed->saved.name);
		/* Saved all the same; the footer keeps what the form said. */
		if (entry_warn_all(con->opt->images_dir, &ed->saved,
		    &warn) > 0) {
			struct strbuf line = STRBUF_INIT;

			/* One line: "title: ...; iso: ..." */
			for (char *p = warn.data, *nl; (nl = strchr(p, '\n'));
			    p = nl + 1)
				strbuf_addf(&line, "; %.*s", (int)(nl - p), p);
			console_message(con, ROLE_WARN, "saved entry '%s'%s",
			    ed->saved.name, line.data);
			strbuf_free(&line);
		} else
			console_message(con, ROLE_GOOD, "saved entry '%s'",
			    ed->saved.name);
		strbuf_free(&warn);
	}
	for (int f = 0; f < EF_COUNT; f++)
		free(ed->values[f]);
	entry_clear(&ed->orig);
	entry_clear(&ed->saved);
}

static void
key_add(struct console *con)
{
	struct entry_edit ed;
	struct entry blank = { .name = "", .kind = ENTRY_ISO, .enabled = true };

	memset(&ed, 0, sizeof ed);
	edit_from_entry(&ed, &blank);
	edit_run(con, &ed);
}

/* "Add from images": an ISO picked from the images directory, named,
   titled and pointed at for the admin, who then checks the form. */
static void
key_images(struct console *con)
{
	struct iso_scan scan;
	struct entry_edit ed;
	struct entry e = { .kind = ENTRY_ISO, .enabled = true };
	const char **rows = NULL;
	long pick;

	if (con->opt->images_dir == NULL) {
		console_message(con, ROLE_ERROR, "no images directory is set");
		return;
	}
	if (iso_scan_run(&scan, con->opt->images_dir, entries.v,
	    entries.n) != 0) {
		console_message(con, ROLE_ERROR, "cannot read the images "
		    "directory %s", scan.walk_error);
		goto out;
	}
	if (scan.n == 0) {
		console_message(con, ROLE_WARN, "no ISO (*.iso) under %s",
		    con->opt->images_dir);
		goto out;
	}
	rows = xcalloc(scan.n, sizeof *rows);
	for (size_t i = 0; i < scan.n; i++) {
		const struct iso_scan_item *x = &scan.v[i];

		rows[i] = xasprintf("%s  [%s]  %s%s%s%s", x->rel,
		    x->problem ? "unreadable" : x->recipe ?
		    x->recipe : "sanboot",
		    x->users ? "(used by " : "", x->users ? x->users : "",
		    x->users ? ")  " : "",
		    x->problem ? x->problem : x->label ? x->label : "");
	}
	pick = ui_pick(con, "Add an entry from an ISO in the images directory",
	    rows, scan.n);
	if (pick < 0)
		goto out;
	if (scan.v[pick].problem != NULL) {
		console_message(con, ROLE_ERROR, "%s: %s", scan.v[pick].rel,
		    scan.v[pick].problem);
		goto out;
	}
	e.name = iso_scan_entry_name(scan.v[pick].rel, entries.v, entries.n);
	e.title = xstrndup(scan.v[pick].label && scan.v[pick].label[0] ?
	    scan.v[pick].label : scan.v[pick].rel, ENTRY_TITLE_MAX);
	e.target = xstrdup(scan.v[pick].rel);
	memset(&ed, 0, sizeof ed);
	edit_from_entry(&ed, &e);
	edit_run(con, &ed);
out:
	for (size_t i = 0; rows != NULL && i < scan.n; i++)
		free((char *)rows[i]);
	free(rows);
	entry_clear(&e);
	iso_scan_free(&scan);
}

static void
key_edit(struct console *con)
{
	struct entry_edit ed;
	struct entry *e = entries_current();

	if (e == NULL)
		return;
	memset(&ed, 0, sizeof ed);
	entry_copy(&ed.orig, e);
	edit_from_entry(&ed, e);
	edit_run(con, &ed);
}

/* Actions ------------------------------------------------------------------ */

static void
key_delete(struct console *con)
{
	struct entry *e = entries_current();
	char *name;
	int status;

	if (e == NULL || !ui_confirm(con, "Delete entry '%s'?", e->name))
		return;
	name = xstrdup(e->name);
	status = catalog_entry_remove(con->cat, name, false);
	if (status == CATALOG_INUSE && ui_confirm(con, "%s. Delete anyway and "
	    "clear those references?", catalog_error(con->cat)))
		status = catalog_entry_remove(con->cat, name, true);
	if (status == CATALOG_OK) {
		console_changed(con);
		console_message(con, ROLE_GOOD, "deleted entry '%s'", name);
	} else if (status != CATALOG_INUSE) {
		console_catalog_error(con, "delete", status);
	}
	free(name);
}

static void
entries_move(struct console *con, int delta)
{
	struct entry *e = entries_current();
	char *name;
	int status;

	if (e == NULL)
		return;
	name = xstrdup(e->name);
	status = catalog_entry_move(con->cat, name, e->position + delta);
	if (status != CATALOG_OK)
		console_catalog_error(con, "move", status);
	console_changed(con);
	entries_select(name);
	free(name);
}

static void key_move_up(struct console *con) { entries_move(con, -1); }
static void key_move_down(struct console *con) { entries_move(con, 1); }

static void
key_toggle(struct console *con)
{
	struct entry *cur = entries_current();
	struct entry e;
	int status;

	if (cur == NULL)
		return;
	entry_copy(&e, cur);
	e.enabled = !e.enabled;
	status = catalog_entry_update(con->cat, &e);
	if (status == CATALOG_CONFLICT)
		console_message(con, ROLE_WARN,
		    "'%s' changed meanwhile; reloaded, "
		    "press Space again", e.name);
	else if (status != CATALOG_OK)
		console_catalog_error(con, "enable", status);
	else
		console_message(con, ROLE_GOOD, "'%s' %s", e.name,
		    e.enabled ? "enabled" : "disabled");
	console_changed(con);
	entries_select(e.name);
	entry_clear(&e);
}

static void
key_default(struct console *con)
{
	struct entry *e = entries_current();
	struct menu_settings menu = { 0 };
	int status;

	if (e == NULL)
		return;
	status = catalog_menu_get(con->cat, &menu);
	if (status == CATALOG_OK) {
		free(menu.default_entry);
		menu.default_entry = xstrdup(e->name);
		status = catalog_menu_put(con->cat, &menu);
	}
	if (status == CATALOG_OK)
		console_message(con, ROLE_GOOD, "'%s' is the menu default",
		    e->name);
	else
		console_catalog_error(con, "default", status);
	menu_settings_clear(&menu);
	console_changed(con);
}

static void
key_preview(struct console *con)
{
	struct entry *e = entries_current();

	if (e != NULL)
		preview_entry(con, e->name);
}

static const struct console_binding entries_keys[] = {
	{ 'a', "a", "add an entry", key_add },
	{ 'i', "i", "add from an ISO in the images directory", key_images },
	{ 'e', "e Enter", "edit the entry", key_edit },
	{ '\r', NULL, NULL, key_edit },
	{ '\n', NULL, NULL, key_edit },
	{ KEY_ENTER, NULL, NULL, key_edit },
	{ 'd', "d Del", "delete (asks first)", key_delete },
	{ KEY_DC, NULL, NULL, key_delete },
	{ 'K', "K -", "move up in the menu", key_move_up },
	{ '-', NULL, NULL, key_move_up },
	{ 'J', "J +", "move down in the menu", key_move_down },
	{ '+', NULL, NULL, key_move_down },
	{ ' ', "Space", "enable or disable", key_toggle },
	{ '*', "*", "make it the menu default", key_default },
	{ 'p', "p", "preview its script", key_preview },
};

const struct screen screen_entries = {
	.name = "Entries",
	.keys = entries_keys,
	.n_keys = sizeof entries_keys / sizeof entries_keys[0],
	.footer = "a:add i:images e:edit d:del J/K:move Spc:on/off *:default "
	    "p:prev",
	.load = entries_load,
	.draw = entries_draw,
	.list = entries_list,
	.match = entries_match,
	.free = entries_free,
};

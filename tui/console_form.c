/* console_form.c: modal edit dialogs on ncurses' form library, with checks at the field. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <wchar.h>
#include <wctype.h>

#include <form.h>

#include "common/clock.h"
#include "common/mac.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "tui/console_form.h"
#include "tui/entry_warn.h"

#define LABEL_WIDTH	14
#define FORM_MAX_WIDTH	78
/* Rows around the fields: borders, a gap, the hint, message and keys. */
#define FORM_CHROME_ROWS 6
#define TYPEAHEAD_MS	1000	/* choice keys typed closer than this add up */

struct form_ui {
	WINDOW		*win, *sub;
	FORM		*form;
	FIELD		**fields;	/* n_fields + 1, NULL-terminated */
	int		 width;		/* of the fields */
	char		 message[256];
	enum ui_role	 message_role;
	char		 typed[32];	/* a choice field's type-ahead so far */
	int64_t		 typed_ms;
};

void
form_set(struct form_field *f, const char *value)
{
	char *copy = xstrdup(value ? value : "");

	free(f->value);
	f->value = copy;
}

const char *
form_value(const struct form_spec *spec, const char *label)
{
	for (size_t i = 0; i < spec->n_fields; i++)
		if (strcmp(spec->fields[i].label, label) == 0)
			return spec->fields[i].value ?
			    spec->fields[i].value : "";
	return "";
}

size_t
form_choice_index(const char *const *choices, const char *value)
{
	for (size_t i = 0; choices[i] != NULL; i++)
		if (value != NULL && strcmp(choices[i], value) == 0)
			return i;
	return 0;
}

/* Display cells of one character: what the field window gives it. */
static size_t
form_cells(wchar_t c)
{
	int n = wcwidth(c);

	return n < 1 ? 1 : (size_t)n;
}

/* Whether the form can show and give back v unchanged in this locale: a
   single-byte locale (LANG=C) turns every non-ASCII byte into something
   else. */
static bool
form_representable(const char *v)
{
	if (mbstowcs(NULL, v, 0) == (size_t)-1)
		return false;
	if (MB_CUR_MAX > 1)
		return true;
	for (; *v != '\0'; v++)
		if ((unsigned char)*v >= 0x80)
			return false;
	return true;
}

/* Whether v holds a character wider than one cell. In a multi-line field
   the form library loses the rows after one (set_field_buffer) and shifts
   rows when reading its window back, so such a value is typed into the
   posted form to show it (form_type) and is not editable there. */
static bool
form_has_wide(const char *v)
{
	mbstate_t st;
	wchar_t c;
	size_t n;

	memset(&st, 0, sizeof st);
	for (; *v != '\0'; v += n) {
		n = mbrtowc(&c, v, strlen(v), &st);
		if (n == (size_t)-1 || n == (size_t)-2)
			return false;
		if (c != L'\n' && form_cells(c) != 1)
			return true;
	}
	return false;
}

/* Types v into the posted form's field, as the user would, so the window
   gets its own wide-character layout; then the field is read-only and
   untouched, and its value is never read back. */
static void
form_type(FORM *form, FIELD *fld, const char *v)
{
	mbstate_t st;
	wchar_t c;
	size_t n;

	const char *end = v + strlen(v);

	/* Trailing newlines would only add
	 * empty rows (form_read drops them). */
	while (end > v && end[-1] == '\n')
		end--;
	set_current_field(form, fld);
	memset(&st, 0, sizeof st);
	for (; v < end; v += n) {
		n = mbrtowc(&c, v, (size_t)(end - v), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		if (c == L'\n')
			form_driver(form, REQ_NEW_LINE);
		else
			form_driver_w(form, OK, c);
	}
	form_driver(form, REQ_BEG_FIELD);
	/* window to buffer now, not later */
	form_driver(form, REQ_VALIDATION);
	field_opts_off(fld, O_EDIT);
	set_field_status(fld, FALSE);
}

/* Field buffer to value: trailing padding dropped, rows joined for FF_LINES.
   A row is width display cells; a wide character takes two of them. */
static char *
form_read(FIELD *fld, const struct form_field *f, int width)
{
	const char *buf = field_buffer(fld, 0);
	struct strbuf sb = STRBUF_INIT;
	/* kept: sb's length up to the last non-empty row */
	size_t wlen, kept = 0;
	wchar_t *w;

	if (f->type != FF_LINES) {
		size_t len = strlen(buf);

		while (len > 0 && buf[len - 1] == ' ')
			len--;
		strbuf_add(&sb, buf, len);
		strbuf_adds(&sb, "");
		return strbuf_detach(&sb, NULL);
	}
	wlen = mbstowcs(NULL, buf, 0);
	if (wlen == (size_t)-1)
		return xstrdup(f->value ? f->value : "");
	w = xcalloc(wlen + 1, sizeof *w);
	mbstowcs(w, buf, wlen + 1);
	for (size_t start = 0; start < wlen;) {
		size_t end = start, cells = 0, next;

		while (end < wlen &&
		    cells + form_cells(w[end]) <= (size_t)width)
			cells += form_cells(w[end++]);
		if (end == start)
			end++;	/* wider than the field: never loop forever */
		next = end;
		while (end > start && w[end - 1] == L' ')
			end--;
		for (size_t i = start; i < end; i++) {
			char mb[MB_LEN_MAX];
			mbstate_t st;
			size_t n;

			memset(&st, 0, sizeof st);
			n = wcrtomb(mb, w[i], &st);
			if (n != (size_t)-1)
				strbuf_add(&sb, mb, n);
		}
		if (end > start)
			kept = sb.len;
		strbuf_addc(&sb, '\n');
		start = next;
	}
	free(w);
	strbuf_adds(&sb, "");
	sb.data[kept] = '\0';
	sb.len = kept;
	return strbuf_detach(&sb, NULL);
}

/* Value to field buffer: FF_LINES rows padded to width display cells, the
   unit set_field_buffer lays the buffer out in; a wide character that would
   straddle two rows starts the next one. */
static void
form_write(FIELD *fld, const struct form_field *f, int width)
{
	const char *v = f->value ? f->value : "";
	struct strbuf sb = STRBUF_INIT;
	mbstate_t st;

	if (f->type != FF_LINES) {
		set_field_buffer(fld, 0, v);
		set_field_status(fld, FALSE);
		return;
	}
	memset(&st, 0, sizeof st);
	while (*v != '\0') {
		size_t cells = 0;

		while (*v != '\0' && *v != '\n') {
			wchar_t c;
			size_t n = mbrtowc(&c, v, strlen(v), &st);
			size_t cw;

			if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
				memset(&st, 0, sizeof st);
				c = L'?';
				n = 1;
			}
			cw = form_cells(c);
			if (cells + cw > (size_t)width) {
				for (; cells < (size_t)width; cells++)
					strbuf_addc(&sb, ' ');
				cells = 0;
			}
			strbuf_add(&sb, v, n);
			cells += cw;
			v += n;
		}
		for (; cells < (size_t)width || cells == 0; cells++)
			strbuf_addc(&sb, ' ');
		v += *v == '\n';
	}
	strbuf_adds(&sb, "");
	set_field_buffer(fld, 0, sb.data);
	set_field_status(fld, FALSE);
	strbuf_free(&sb);
}

static int
form_rows(const struct form_spec *spec)
{
	int rows = 0;

	for (size_t i = 0; i < spec->n_fields; i++)
		rows += spec->fields[i].type == FF_LINES ?
		    spec->fields[i].height : 1;
	return rows;
}

/* The cursor's column in the current field's buffer (form.h's own). */
static int
form_cursor_col(const struct form_ui *ui)
{
	return ui->form->curcol;
}

/* A text field's characters, their length without the padding, and the
   index of the one under the cursor: what the line-editing keys act on.
   NULL when it cannot be read. */
static wchar_t *
form_text(struct form_ui *ui, size_t *len, size_t *at)
{
	const char *buf;
	wchar_t *w;
	size_t n, cells = 0, i;
	int col = form_cursor_col(ui);

	form_driver(ui->form, REQ_VALIDATION);	/* window to buffer */
	buf = field_buffer(current_field(ui->form), 0);
	if (buf == NULL || (n = mbstowcs(NULL, buf, 0)) == (size_t)-1)
		return NULL;
	w = xcalloc(n + 1, sizeof *w);
	mbstowcs(w, buf, n + 1);
	/* The cursor may sit on padding after the text: count it too. */
	for (i = 0; i < n && cells < (size_t)col; i++)
		cells += form_cells(w[i]);
	*at = i;
	while (n > 0 && w[n - 1] == L' ')
		n--;
	*len = n;
	return w;
}

/* Deletes the count characters before the cursor. */
static void
form_del_back(struct form_ui *ui, size_t count)
{
	while (count-- > 0)
		form_driver(ui->form, REQ_DEL_PREV);
}

/* The line-editing keys the form library lacks or gets wrong in a
   one-line field: Right stops at the text's end (the library would walk
   into the padding and keep it as spaces), ^U deletes to the start, ^W
   the word before the cursor. False: not one of them. */
static bool
form_edit_text(struct form_spec *spec, struct form_ui *ui, int key)
{
	wchar_t *w;
	size_t len, at, from;

	if (key != KEY_RIGHT && key != KEY_CTRL('u') && key != KEY_CTRL('w'))
		return false;
	if ((w = form_text(ui, &len, &at)) == NULL)
		return true;
	if (key == KEY_RIGHT) {
		if (at < len)
			form_driver(ui->form, REQ_RIGHT_CHAR);
	} else {
		from = at;
		if (key == KEY_CTRL('w')) {
			while (from > 0 && iswspace((wint_t)w[from - 1]))
				from--;
			while (from > 0 && !iswspace((wint_t)w[from - 1]))
				from--;
		} else
			from = 0;
		form_del_back(ui, at - from);
		spec->dirty |= at > from;
	}
	free(w);
	return true;
}

/* Makes field i current with the cursor after its text, where editing an
   existing value starts everywhere else. */
static void
form_goto(struct form_spec *spec, struct form_ui *ui, size_t i)
{
	set_current_field(ui->form, ui->fields[i]);
	ui->typed[0] = '\0';
	if (spec->fields[i].type == FF_TEXT)
		form_driver(ui->form, REQ_END_LINE);
	else if (spec->fields[i].type == FF_LINES)
		form_driver(ui->form, REQ_END_FIELD);
}

static void
form_ui_close(struct form_ui *ui)
{
	if (ui->form != NULL) {
		unpost_form(ui->form);
		free_form(ui->form);
	}
	for (size_t i = 0; ui->fields != NULL && ui->fields[i] != NULL; i++)
		free_field(ui->fields[i]);
	free(ui->fields);
	if (ui->sub != NULL)
		delwin(ui->sub);
	if (ui->win != NULL)
		delwin(ui->win);
	memset(ui, 0, sizeof *ui);
}

static bool
form_ui_open(struct console *con, struct form_spec *spec, struct form_ui *ui)
{
	/* Rows for the fields: not the console's tab bar and footer, nor the
	   form's own rows. */
	int avail = LINES - 2 - FORM_CHROME_ROWS;
	int fixed = 0, flexible = 0, rows, w, h, row = 0;

	for (size_t i = 0; i < spec->n_fields; i++) {
		if (spec->fields[i].type == FF_LINES)
			flexible++;
		else
			fixed++;
	}
	/* Fit multi-line fields into what the terminal leaves. */
	for (size_t i = 0; i < spec->n_fields; i++) {
		struct form_field *f = &spec->fields[i];

		if (f->type == FF_LINES) {
			int fh = (avail - fixed) / (flexible ? flexible : 1);

			f->height = fh < 2 ? 2 : fh > 12 ? 12 : fh;
		}
	}
	rows = form_rows(spec);
	w = COLS - 2 < FORM_MAX_WIDTH ? COLS - 2 : FORM_MAX_WIDTH;
	h = rows + FORM_CHROME_ROWS;

	ui->width = w - 4 - LABEL_WIDTH;
	if (h > LINES || ui->width < 8)
		return false;
	ui->win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	ui->sub = derwin(ui->win, rows, ui->width, 1, 2 + LABEL_WIDTH);
	if (ui->win == NULL || ui->sub == NULL)
		return false;
	keypad(ui->win, TRUE);
	wtimeout(ui->win, 250);
	wbkgd(ui->win, console_attr(ROLE_NORMAL));
	box(ui->win, 0, 0);
	wattron(ui->win, console_attr(ROLE_HEADER));
	mvwprintw(ui->win, 0, 2, " %s ", spec->title);
	wattroff(ui->win, console_attr(ROLE_HEADER));

	ui->fields = xcalloc(spec->n_fields + 1, sizeof *ui->fields);
	for (size_t i = 0; i < spec->n_fields; i++) {
		struct form_field *f = &spec->fields[i];
		int fh = f->type == FF_LINES ? f->height : 1;
		FIELD *fld = new_field(fh, ui->width, row, 0, 0, 0);

		if (fld == NULL)
			return false;
		ui->fields[i] = fld;
		/* O_BLANK off: typing at the start
		 * of a filled field inserts. */
		field_opts_off(fld, O_AUTOSKIP | O_STATIC | O_BLANK);
		if (f->type == FF_CHOICE)
			field_opts_off(fld, O_EDIT);
		else
			set_field_back(fld,
			    A_UNDERLINE | console_attr(ROLE_NORMAL));
		set_max_field(fld, f->type == FF_LINES ? 0 : ENTRY_ARGS_MAX);
		if (form_representable(f->value ? f->value : "")) {
			if (f->type != FF_LINES || f->value == NULL ||
			    !form_has_wide(f->value))
				form_write(fld, f, ui->width);
		} else {
			/* Refused rather than corrupted:
			 * the value stays as stored. */
			field_opts_off(fld, O_ACTIVE);
			set_field_buffer(fld, 0,
			    "(cannot be edited in this locale)");
			set_field_status(fld, FALSE);
			snprintf(ui->message, sizeof ui->message,
			    "%s cannot be edited in this locale (see LANG); "
			    "it is kept as it is", f->label);
			ui->message_role = ROLE_ERROR;
		}
		mvwaddnstr(ui->win, 1 + row, 2, f->label, LABEL_WIDTH - 1);
		row += fh;
	}
	ui->form = new_form(ui->fields);
	if (ui->form == NULL)
		return false;
	set_form_win(ui->form, ui->win);
	set_form_sub(ui->form, ui->sub);
	/* Backspace at a field's start stays there, like any line editor. */
	form_opts_off(ui->form, O_BS_OVERLOAD);
	if (post_form(ui->form) != E_OK)
		return false;
	for (size_t i = 0; i < spec->n_fields; i++) {
		const struct form_field *f = &spec->fields[i];

		if (f->type == FF_LINES && f->value != NULL &&
		    form_representable(f->value) && form_has_wide(f->value)) {
			form_type(ui->form, ui->fields[i], f->value);
			snprintf(ui->message, sizeof ui->message, "%s has wide "
			    "characters: read-only here (bootdeck entry set)",
			    f->label);
			ui->message_role = ROLE_DIM;
		}
	}
	form_goto(spec, ui, spec->focus < spec->n_fields ? spec->focus : 0);
	(void)con;
	return true;
}

static size_t
form_current(const struct form_ui *ui)
{
	return (size_t)field_index(current_field(ui->form));
}

/* Copies the current field's buffer into its value. */
static void
form_sync(struct form_spec *spec, struct form_ui *ui)
{
	size_t i = form_current(ui);

	form_driver(ui->form, REQ_VALIDATION);
	/* An untouched field keeps its value: reading the buffer back is only
	   needed, and only trusted, after an edit. */
	if (!field_status(ui->fields[i]))
		return;
	free(spec->fields[i].value);
	spec->fields[i].value = form_read(ui->fields[i], &spec->fields[i],
	    ui->width);
}

/* Leaving a field runs its check; a refused value keeps the cursor there. */
static bool
form_leave(struct console *con, struct form_spec *spec, struct form_ui *ui)
{
	size_t i = form_current(ui);
	const struct form_field *f = &spec->fields[i];

	form_sync(spec, ui);
	ui->message[0] = '\0';
	if (f->check != NULL && !f->check(con, f->value, ui->message,
	    sizeof ui->message)) {
		ui->message_role = ROLE_ERROR;
		return false;
	}
	if (f->warn != NULL && f->warn(con, f->value, ui->message,
	    sizeof ui->message))
		ui->message_role = ROLE_WARN;
	return true;
}

static void
form_cycle(struct form_spec *spec, struct form_ui *ui, int delta)
{
	size_t i = form_current(ui);
	struct form_field *f = &spec->fields[i];
	size_t n = 0, at;

	while (f->choices[n] != NULL)
		n++;
	if (n == 0)
		return;
	at = form_choice_index(f->choices, f->value);
	at = (at + n + (size_t)(delta + (int)n)) % n;
	form_set(f, f->choices[at]);
	set_field_buffer(ui->fields[i], 0, f->value);
	spec->dirty = true;
}

/* Whether choice c starts with what was typed, case aside; a choice in
   parentheses ("(none)") answers to its first letter inside them. */
static bool
form_choice_starts(const char *c, const char *typed)
{
	if (c[0] == '(' && typed[0] != '(')
		c++;
	return strncasecmp(c, typed, strlen(typed)) == 0;
}

/* Type-ahead: the first choice from the current one on that starts with
   the keys typed in quick succession; the same key again moves on to the
   next choice with that letter. False: nothing matches. */
static bool
form_typeahead(struct form_spec *spec, struct form_ui *ui, wchar_t wc)
{
	struct form_field *f = &spec->fields[form_current(ui)];
	int64_t now = clock_wall_ms();
	size_t n = 0, at, len = strlen(ui->typed);
	bool again;

	if (wc >= 0x80 || wc == 0)
		return false;
	if (now - ui->typed_ms > TYPEAHEAD_MS || len + 1 >= sizeof ui->typed)
		len = 0;
	ui->typed_ms = now;
	ui->typed[len++] = (char)wc;
	ui->typed[len] = '\0';
	/* "ss": the second s means the next choice with s, not "ss...". */
	again = len == 2 && tolower((unsigned char)ui->typed[0]) ==
	    tolower((unsigned char)ui->typed[1]);
	if (again)
		ui->typed[1] = '\0';
	while (f->choices[n] != NULL)
		n++;
	at = form_choice_index(f->choices, f->value);
	for (size_t k = len > 1 && !again ? 0 : 1; k <= n; k++) {
		const char *c = f->choices[(at + k) % n];

		if (form_choice_starts(c, ui->typed)) {
			form_set(f, c);
			set_field_buffer(ui->fields[form_current(ui)], 0,
			    f->value);
			spec->dirty = true;
			return true;
		}
	}
	ui->typed[0] = '\0';
	return false;
}

static void
form_draw_footer(const struct form_spec *spec, struct form_ui *ui)
{
	int h = getmaxy(ui->win), w = getmaxx(ui->win);
	const char *hint = spec->fields[form_current(ui)].hint;

	wattrset(ui->win, console_attr(ROLE_DIM));
	ui_put(ui->win, h - 4, 2, w - 4, hint != NULL ? hint : "");
	wattrset(ui->win, console_attr(ui->message_role));
	ui_put(ui->win, h - 3, 2, w - 4, ui->message);
	wattrset(ui->win, console_attr(ROLE_DIM));
	ui_put(ui->win, h - 2, 2, w - 4,
	    "Tab/\u2193 next  \u2191 prev  Space/\u2190\u2192 choose  F2 or ^S "
	    "save  Esc cancel");
	wattrset(ui->win, A_NORMAL);
}

/* Key to form request for the editing keys (text and lines alike). */
static const struct {
	int	key;
	int	request;
	int	lines_request;	/* in FF_LINES, when it differs */
} form_keys[] = {
	{ KEY_LEFT,	 REQ_LEFT_CHAR,	 0 },
	{ KEY_RIGHT,	 REQ_RIGHT_CHAR, 0 },
	{ KEY_HOME,	 REQ_BEG_LINE,	 0 },
	{ KEY_END,	 REQ_END_LINE,	 0 },
	{ KEY_CTRL('a'), REQ_BEG_LINE,	 0 },
	{ KEY_CTRL('e'), REQ_END_LINE,	 0 },
	{ KEY_BACKSPACE, REQ_DEL_PREV,	 0 },
	{ 127,		 REQ_DEL_PREV,	 0 },
	{ KEY_CTRL('h'), REQ_DEL_PREV,	 0 },
	{ KEY_DC,	 REQ_DEL_CHAR,	 0 },
	{ KEY_CTRL('d'), REQ_DEL_CHAR,	 0 },
	{ KEY_CTRL('u'), REQ_CLR_FIELD,	 REQ_DEL_LINE },
	{ KEY_CTRL('k'), REQ_CLR_EOL,	 0 },
	{ KEY_IC,	 REQ_INS_MODE,	 0 },
	{ KEY_UP,	 REQ_PREV_FIELD, REQ_UP_CHAR },
	{ KEY_DOWN,	 REQ_NEXT_FIELD, REQ_DOWN_CHAR },
	{ '\t',		 REQ_NEXT_FIELD, 0 },
	{ KEY_BTAB,	 REQ_PREV_FIELD, 0 },
	{ '\n',		 REQ_NEXT_FIELD, REQ_NEW_LINE },
	{ '\r',		 REQ_NEXT_FIELD, REQ_NEW_LINE },
	{ KEY_ENTER,	 REQ_NEXT_FIELD, REQ_NEW_LINE },
};

static int
form_request(int key, enum form_field_type type)
{
	for (size_t i = 0; i < sizeof form_keys / sizeof form_keys[0]; i++) {
		if (form_keys[i].key != key)
			continue;
		if (type == FF_LINES && form_keys[i].lines_request != 0)
			return form_keys[i].lines_request;
		return form_keys[i].request;
	}
	return 0;
}

static bool
form_try_save(struct console *con, struct form_spec *spec, struct form_ui *ui)
{
	bool saved;

	if (!form_leave(con, spec, ui))
		return false;
	/* Every field's check, not only the ones visited. */
	for (size_t i = 0; i < spec->n_fields; i++) {
		const struct form_field *f = &spec->fields[i];

		if (f->check != NULL && !f->check(con, f->value ? f->value : "",
		    ui->message, sizeof ui->message)) {
			ui->message_role = ROLE_ERROR;
			form_goto(spec, ui, i);
			return false;
		}
	}
	saved = spec->save(con, spec->ctx, spec, ui->message,
	    sizeof ui->message);

	/* save may have asked in a dialog drawn over the form. */
	touchwin(ui->win);
	if (!saved)
		ui->message_role = ROLE_ERROR;
	return saved;
}

/* One key: returns -1 to keep going, else the form's result. */
static int
form_key(struct console *con, struct form_spec *spec, struct form_ui *ui,
    int r, wint_t wch)
{
	size_t cur = form_current(ui);
	enum form_field_type type = spec->fields[cur].type;
	int key = (int)wch, req;

	if (r == OK && key == KEY_ESC) {
		if (!spec->dirty || ui_confirm(con, "Discard your changes?"))
			return FORM_CANCELLED;
		touchwin(ui->win);
		return -1;
	}
	if (key == KEY_F(2) || (r == OK && key == KEY_CTRL('s')))
		return form_try_save(con, spec, ui) ? FORM_SAVED : -1;
	if (type == FF_CHOICE && (key == ' ' || key == KEY_LEFT ||
	    key == KEY_RIGHT || (r == OK && iswgraph(wch)))) {
		if (key == ' ' || key == KEY_LEFT || key == KEY_RIGHT)
			form_cycle(spec, ui, key == KEY_LEFT ? -1 : 1);
		else if (!form_typeahead(spec, ui, (wchar_t)wch)) {
			snprintf(ui->message, sizeof ui->message,
			    "no choice starts with '%lc'", (wint_t)wch);
			ui->message_role = ROLE_WARN;
			return -1;
		}
		ui->message[0] = '\0';
		if ((int)cur == spec->layout_field) {
			spec->focus = cur;
			return FORM_RELAYOUT;
		}
		return -1;
	}
	req = form_request(key, type);
	if (req == REQ_NEXT_FIELD || req == REQ_PREV_FIELD) {
		bool enter = key == '\n' || key == '\r' || key == KEY_ENTER;

		if (!form_leave(con, spec, ui))
			return -1;
		if (enter && cur + 1 == spec->n_fields)
			return form_try_save(con, spec, ui) ? FORM_SAVED : -1;
		form_driver(ui->form, req);
		form_goto(spec, ui, form_current(ui));
		return -1;
	}
	if (type == FF_TEXT && form_edit_text(spec, ui, key))
		return -1;
	if (req != 0) {
		form_driver(ui->form, req);
		spec->dirty |= req != REQ_LEFT_CHAR && req != REQ_RIGHT_CHAR &&
		    req != REQ_BEG_LINE && req != REQ_END_LINE &&
		    req != REQ_UP_CHAR && req != REQ_DOWN_CHAR &&
		    req != REQ_INS_MODE;
		return -1;
	}
	if (r == OK && type != FF_CHOICE && iswprint(wch)) {
		form_driver_w(ui->form, OK, (wchar_t)wch);
		spec->dirty = true;
	}
	return -1;
}

/* The form does not fit: say so and wait for a resize (true: try again) or
   Esc (false: cancel, asking first when something was typed). The values
   stay in spec either way. */
static bool
form_wait_fit(struct console *con, struct form_spec *spec)
{
	for (;;) {
		wint_t wch = 0;
		int r;

		console_redraw(con);
		wattrset(stdscr, console_attr(ROLE_ERROR));
		ui_put(stdscr, LINES / 2, 0, COLS,
		    " the terminal is too small for this form (Esc cancels)");
		wattrset(stdscr, A_NORMAL);
		refresh();
		r = get_wch(&wch);
		if (console_quitting(con))
			return false;
		if (r == KEY_CODE_YES && wch == KEY_RESIZE)
			return true;
		if (r == OK && wch == KEY_ESC && (!spec->dirty ||
		    ui_confirm(con, "Discard your changes?")))
			return false;
	}
}

enum form_result
form_run(struct console *con, struct form_spec *spec)
{
	struct form_ui ui;
	int result = -1;

	memset(&ui, 0, sizeof ui);
	while (result < 0) {
		wint_t wch = 0;
		int r;

		if (ui.form == NULL) {
			if (!form_ui_open(con, spec, &ui)) {
				form_ui_close(&ui);
				if (!form_wait_fit(con, spec))
					result = FORM_CANCELLED;
				continue;
			}
			/* the text cursor shows where typing goes */
			curs_set(1);
		}
		form_draw_footer(spec, &ui);
		pos_form_cursor(ui.form);
		wrefresh(ui.win);
		r = wget_wch(ui.win, &wch);
		if (console_quitting(con)) {
			result = FORM_CANCELLED;
			break;
		}
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
			/* Same fields, new size: rebuilt here, so spec (values,
			   dirty) lives on whatever the terminal does. */
			form_sync(spec, &ui);
			spec->focus = form_current(&ui);
			form_ui_close(&ui);
			console_redraw(con);
			continue;
		}
		result = form_key(con, spec, &ui, r, wch);
	}
	if (result == FORM_RELAYOUT)
		spec->focus = form_current(&ui);
	form_ui_close(&ui);
	curs_set(0);
	console_redraw(con);
	return (enum form_result)result;
}

/* Field checks ------------------------------------------------------------ */

bool
form_check_mac(struct console *con, const char *v, char *err, size_t len)
{
	char mac[MAC_STRLEN];
	const char *why;

	if (!mac_parse(v, mac))
		snprintf(err, len,
		    "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)", v);
	else if ((why = mac_problem(mac)) != NULL)
		snprintf(err, len, "%s %s", mac, why);
	else
		return true;
	return false;
}

bool
form_check_entry_name(struct console *con, const char *v, char *err, size_t len)
{
	size_t n = strlen(v);
	bool ok = n > 0 && n <= ENTRY_NAME_MAX && isalnum((unsigned char)v[0]);

	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)v[i]) ||
		    strchr("._-", v[i]) != NULL;
	if (!ok)
		snprintf(err, len,
		    "a name is letters, digits, . _ - (no spaces), "
		    "first a letter or digit");
	return ok;
}

bool
form_check_hotkey(struct console *con, const char *v, char *err, size_t len)
{
	if (v[0] == '\0' || (v[1] == '\0' && (islower((unsigned char)v[0]) ||
	    isdigit((unsigned char)v[0]))))
		return true;
	snprintf(err, len, "a hotkey is one of a-z or 0-9, or empty");
	return false;
}

bool
form_check_number(struct console *con, const char *v, char *err, size_t len)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (v[0] != '\0' && *end == '\0' && n >= 0 && n <= 1000000000L)
		return true;
	snprintf(err, len, "'%s' is not a whole number >= 0", v);
	return false;
}

bool
form_check_url(struct console *con, const char *v, char *err, size_t len)
{
	if (entry_target_is_url(v))
		return true;
	snprintf(err, len, "enter an http:// or https:// URL");
	return false;
}

bool
form_check_image(struct console *con, const char *v, char *err, size_t len)
{
	if (v[0] != '\0')
		return true;
	snprintf(err, len,
	    "a path under the images directory or a URL is needed");
	return false;
}

bool
form_warn_image(struct console *con, const char *v, char *msg, size_t len)
{
	return entry_warn_image(con->opt->images_dir, v, msg, len);
}

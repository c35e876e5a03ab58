/* console_ui.c: the console's small widgets: colours, cut-to-width text, lists, questions. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/xmalloc.h"
#include "tui/cli.h"
#include "tui/console_form.h"
#include "tui/console_int.h"
#include "tui/image.h"

/* Colour pairs by role, and what stands in for them without colour. */
static const struct {
	short	fg, bg;
	attr_t	extra;		/* added in colour too */
	attr_t	mono;		/* NO_COLOR or a monochrome terminal */
} ui_roles[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, 0, 0 },
	[ROLE_TABBAR] = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[ROLE_TAB_ACTIVE] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD },
	[ROLE_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[ROLE_DIM] = { COLOR_BLUE, -1, A_BOLD, A_DIM },
	[ROLE_GOOD] = { COLOR_GREEN, -1, 0, 0 },
	[ROLE_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_FOOTER] = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
};

static bool ui_colour;

void
ui_init_colors(void)
{
	const char *no_color = getenv("NO_COLOR");

	ui_colour = has_colors() && (no_color == NULL || no_color[0] == '\0');
	if (!ui_colour)
		return;
	start_color();
	use_default_colors();
	for (int r = 1; r < ROLE_COUNT; r++)
		init_pair((short)r, ui_roles[r].fg, ui_roles[r].bg);
}

attr_t
console_attr(enum ui_role role)
{
	if (!ui_colour)
		return ui_roles[role].mono;
	if (role == ROLE_NORMAL)
		return A_NORMAL;
	return COLOR_PAIR(role) | ui_roles[role].extra;
}

void
ui_put(WINDOW *w, int y, int x, int width, const char *s)
{
	mbstate_t st;
	int col = 0;

	if (width <= 0)
		return;
	memset(&st, 0, sizeof st);
	wmove(w, y, x);
	while (s != NULL && *s != '\0') {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, strlen(s), &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2) {
			/* Not UTF-8: show a placeholder,
			 * resync on the next byte. */
			memset(&st, 0, sizeof st);
			wc = L'?';
			n = 1;
		}
		cw = wcwidth(wc);
		if (cw < 0) {
			wc = L'?';
			cw = 1;
		}
		if (col + cw > width)
			break;
		if (wc == L'?' && *s != '?')
			waddch(w, '?');
		else
			waddnstr(w, s, (int)n);
		col += cw;
		s += n;
	}
	for (; col < width; col++)
		waddch(w, ' ');
}

/* The next character of s: its length in bytes, its cells in *cells
   (invalid bytes count as one '?', as ui_put shows them). */
static size_t
ui_char(const char *s, mbstate_t *st, int *cells)
{
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, strlen(s), st);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(st, 0, sizeof *st);
		*cells = 1;
		return 1;
	}
	*cells = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
	return n;
}

int
ui_width(const char *s)
{
	mbstate_t st;
	int w = 0, cw;

	memset(&st, 0, sizeof st);
	while (s != NULL && *s != '\0') {
		s += ui_char(s, &st, &cw);
		w += cw;
	}
	return w;
}

size_t
ui_fit(const char *s, int width, bool wrap)
{
	mbstate_t st;
	size_t at = 0, blank = 0;
	int col = 0, cw;

	memset(&st, 0, sizeof st);
	while (s[at] != '\0') {
		size_t n = ui_char(s + at, &st, &cw);

		if (col + cw > width)
			break;
		col += cw;
		at += n;
		if (s[at - 1] == ' ')
			blank = at;
	}
	if (at == 0 && s[0] != '\0')
		/* wider than width: never stall */
		return ui_char(s, &st, &cw);
	if (wrap && s[at] != '\0' && s[at] != ' ' && blank > 0)
		return blank;
	return at;
}

void
ui_columns_fit(struct ui_column *c, size_t n, int cols)
{
	int used = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].width = c[i].min;
		used += c[i].min + 1;
	}
	while (used > cols) {
		size_t worst = n;

		for (i = 0; i < n; i++)
			if (c[i].width > 0 && c[i].drop > 0 && (worst == n ||
			    c[i].drop > c[worst].drop))
				worst = i;
		if (worst == n)
			break;	/* the rest is cut at the edge */
		used -= c[worst].width + 1;
		c[worst].width = 0;
	}
	for (i = 0; i < n && used < cols; i++) {
		int more = c[i].want - c[i].width;

		if (c[i].width == 0 || more <= 0)
			continue;
		if (more > cols - used)
			more = cols - used;
		c[i].width += more;
		used += more;
	}
}

void
ui_columns_head(WINDOW *w, int y, const struct ui_column *c, size_t n,
    int cols)
{
	int x = 0;

	for (size_t i = 0; i < n; i++)
		x = ui_columns_put(w, y, x, &c[i], c[i].head);
	if (x < cols)
		ui_put(w, y, x, cols - x, "");
}

int
ui_columns_put(WINDOW *w, int y, int x, const struct ui_column *c,
    const char *s)
{
	int cols = getmaxx(w);

	if (c->width <= 0 || x >= cols)
		return x;
	x = ui_put_column(w, y, x, c->width, cols, s != NULL ? s : "");
	if (x < cols)
		ui_put(w, y, x++, 1, "");
	return x;
}

int
ui_put_column(WINDOW *w, int y, int x, int width, int cols, const char *s)
{
	if (width > cols - x)
		width = cols - x;
	if (width <= 0)
		return x;
	ui_put(w, y, x, width, s);
	return x + width;
}

void
ui_putf(WINDOW *w, int y, int x, int width, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_put(w, y, x, width, buf);
}

void
ui_list_fix(struct ui_list *l, int rows)
{
	size_t r = rows > 0 ? (size_t)rows : 1;

	if (l->n == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + r)
		l->top = l->sel - r + 1;
	if (l->top + r > l->n)
		l->top = l->n > r ? l->n - r : 0;
}

void
ui_list_move(struct ui_list *l, long delta)
{
	long at = (long)l->sel + delta;

	if (l->n == 0)
		return;
	if (at < 0)
		at = 0;
	if (at >= (long)l->n)
		at = (long)l->n - 1;
	l->sel = (size_t)at;
}

/* A centred box with text, wrapped at blanks so the whole question and
   its keys show; the caller reads the answer. */
static WINDOW *
ui_box(const char *title, const char *text)
{
	int w = ui_width(text) + 6, h = 4, y;
	const char *t;
	WINDOW *win;

	if (w < 30)
		w = 30;
	if (w > COLS - 2)
		w = COLS - 2;
	if (w < 8)
		w = COLS;
	for (t = text; *t != '\0'; h++) {
		t += ui_fit(t, w - 6, true);
		t += *t == ' ';
	}
	if (h < 5)
		h = 5;
	if (h > LINES)
		h = LINES;
	win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (win == NULL)
		return NULL;
	keypad(win, TRUE);
	wtimeout(win, 250);
	wbkgd(win, console_attr(ROLE_NORMAL));
	box(win, 0, 0);
	wattrset(win, console_attr(ROLE_HEADER));
	mvwprintw(win, 0, 2, " %s ", title);
	wattrset(win, A_NORMAL);
	for (t = text, y = 2; *t != '\0' && y < h - 1; y++) {
		size_t n = ui_fit(t, w - 6, true);
		char *line = xstrndup(t, n);

		ui_put(win, y, 3, w - 6, line);
		free(line);
		t += n;
		t += *t == ' ';
	}
	return win;
}

static int
ui_vask(struct console *con, const char *keys, const char *fmt, va_list ap)
{
	char text[512];
	WINDOW *win;
	int answer = -1;

	vsnprintf(text, sizeof text, fmt, ap);
	win = ui_box("Question", text);
	if (win == NULL)
		return 0;
	while (answer < 0) {
		wint_t wch;
		int r;

		wrefresh(win);
		r = wget_wch(win, &wch);
		if (console_quitting(con) || (r == OK && wch == KEY_ESC))
			answer = 0;
		else if (r == OK && wch < 128 && wch != 0 &&
		    strchr(keys, (int)wch))
			answer = (int)wch;
	}
	delwin(win);
	console_redraw(con);
	return answer;
}

int
ui_ask(struct console *con, const char *keys, const char *fmt, ...)
{
	va_list ap;
	int answer;

	va_start(ap, fmt);
	answer = ui_vask(con, keys, fmt, ap);
	va_end(ap);
	return answer;
}

bool
ui_confirm(struct console *con, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	int answer;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	answer = ui_ask(con, "ynYN", "%s (y/n)", text);
	return answer == 'y' || answer == 'Y';
}

long
ui_pick(struct console *con, const char *title, const char *const *rows,
    size_t n)
{
	struct ui_list l = { .n = n };
	int h = (int)n + 4, w = COLS - 4, r;
	long answer = -2;
	WINDOW *win;

	if (n == 0)
		return -1;
	if (h > LINES - 2)
		h = LINES - 2;
	if (h < 5 || w < 20 || (win = newwin(h, w, (LINES - h) / 2, 2)) == NULL)
		return -1;
	keypad(win, TRUE);
	wtimeout(win, 250);
	while (answer == -2) {
		int rows_shown = h - 4;
		wint_t wch;

		ui_list_fix(&l, rows_shown);
		wbkgd(win, console_attr(ROLE_NORMAL));
		werase(win);
		box(win, 0, 0);
		wattrset(win, console_attr(ROLE_HEADER));
		mvwprintw(win, 0, 2, " %s ", title);
		wattrset(win, A_NORMAL);
		for (int i = 0; i < rows_shown && l.top + (size_t)i < n; i++) {
			size_t at = l.top + (size_t)i;

			wattrset(win,
			    at == l.sel ? console_attr(ROLE_SELECTED) :
			    A_NORMAL);
			ui_put(win, 1 + i, 2, w - 4, rows[at]);
		}
		wattrset(win, console_attr(ROLE_DIM));
		ui_put(win, h - 2, 2, w - 4, "Enter: choose  Esc: cancel  "
		    "arrows, PgUp/PgDn, g/G: move");
		wrefresh(win);
		r = wget_wch(win, &wch);
		if (console_quitting(con))
			answer = -1;
		if (r == ERR)
			continue;
		switch (wch) {
		case 27: case 'q':
			answer = -1;
			break;
		case '\r': case '\n': case KEY_ENTER:
			answer = (long)l.sel;
			break;
		case KEY_UP: case 'k':
			ui_list_move(&l, -1);
			break;
		case KEY_DOWN: case 'j':
			ui_list_move(&l, 1);
			break;
		case KEY_PPAGE:
			ui_list_move(&l, -rows_shown);
			break;
		case KEY_NPAGE:
			ui_list_move(&l, rows_shown);
			break;
		case KEY_HOME: case 'g':
			l.sel = 0;
			break;
		case KEY_END: case 'G':
			l.sel = n - 1;
			break;
		}
	}
	delwin(win);
	console_redraw(con);
	return answer;
}

static bool
ui_prompt_save(struct console *con, void *ctx, struct form_spec *spec,
    char *err, size_t errlen)
{
	return true;
}

bool
ui_prompt(struct console *con, const char *label, char *buf, size_t len)
{
	struct form_field field = { .label = label, .type = FF_TEXT };
	struct form_spec spec = {
		.title = label, .fields = &field, .n_fields = 1,
		.layout_field = -1, .save = ui_prompt_save,
	};
	enum form_result r;

	form_set(&field, buf);
	do
		r = form_run(con, &spec);
	while (r == FORM_RELAYOUT);
	if (r == FORM_SAVED)
		snprintf(buf, len, "%s", field.value);
	free(field.value);
	return r == FORM_SAVED;
}

void
ui_ago(char *buf, size_t len, int64_t ms)
{
	int64_t s = ms / 1000;

	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 7200)
		snprintf(buf, len, "%lldm", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(buf, len, "%lldh", (long long)(s / 3600));
	else
		snprintf(buf, len, "%lldd", (long long)(s / 86400));
}

bool
ui_image_stat(struct console *con, const char *target, int64_t *size)
{
	*size = -1;
	if (target == NULL || target[0] == '\0' ||
	    entry_target_is_url(target) ||
	    con->opt->images_dir == NULL || strstr(target, "..") != NULL)
		return false;
	return image_find(con->opt->images_dir, target, size);
}

char **
ui_entry_choices(struct console *con, const char *none)
{
	struct entry *v = NULL;
	size_t n = 0;
	char **choices;

	if (catalog_entry_list(con->cat, &v, &n) != CATALOG_OK)
		n = 0;
	choices = xcalloc(n + 2, sizeof *choices);
	choices[0] = xstrdup(none);
	for (size_t i = 0; i < n; i++)
		choices[i + 1] = xstrdup(v[i].name);
	entry_array_free(v, n);
	return choices;
}

void
ui_choices_free(char **choices)
{
	for (size_t i = 0; choices != NULL && choices[i] != NULL; i++)
		free(choices[i]);
	free(choices);
}

const char *
console_override(struct console *con, enum config_key key, char *buf,
    size_t len)
{
	const struct config *cfg = con->opt->config;

	return cfg != NULL ? cli_config_override(cfg, key, buf, len) : NULL;
}

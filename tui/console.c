/* console.c: the console's frame: terminal set-up and restore, tab bar, footer, keys, help, live refresh. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>


#include "common/clock.h"
#include "common/xmalloc.h"
#include "tui/console_int.h"

#define POLL_MS		100	/* key timeout: data_version polled as often */
#define REDRAW_MS	1000	/* "seconds ago" columns age even when idle */

const struct screen *const console_screens[] = {
	&screen_entries, &screen_hosts, &screen_clients, &screen_log,
	&screen_settings, &screen_preview,
};
const size_t console_n_screens =
    sizeof console_screens / sizeof console_screens[0];
/* A screen's hotkey is its place in the tab bar, 1 to 9. */
_Static_assert(sizeof console_screens / sizeof console_screens[0] <= 9,
    "screens beyond 9 need hotkeys of their own");

static int
console_hotkey(size_t i)
{
	return '1' + (int)i;
}

/* Terminal restore: what a signal handler may use without calling curses. */
static struct {
	volatile sig_atomic_t	active;		/* curses is running */
	/* SIGINT, SIGTERM or SIGHUP seen */
	volatile sig_atomic_t	stop;
	struct termios		shell_mode;
	bool			have_shell_mode;
	char			reset[256];	/* rmcup, cnorm, sgr0... */
	size_t			reset_len;
} term;

static const int console_stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int console_fatal_signals[] = {
	SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGQUIT,
};

bool
console_quitting(struct console *con)
{
	if (term.stop)
		con->quit = true;
	return con->quit;
}

/* Terminal restore ------------------------------------------------------- */

static void
console_reset_adds(const char *s)
{
	size_t len = strlen(s);

	if (term.reset_len + len < sizeof term.reset) {
		memcpy(term.reset + term.reset_len, s, len);
		term.reset_len += len;
	}
}

static void
console_reset_add(const char *capname)
{
	char *s = tigetstr(capname);

	if (s != NULL && s != (char *)-1)
		console_reset_adds(s);
}

/* Mouse reporting off: the terminal's own XM with 0 when terminfo has it,
   else the xterm modes mousemask turns on for button presses (1000, and
   1006 for the SGR encoding). */
static void
console_reset_add_mouse(void)
{
	char *xm = tigetstr("XM");

	if (xm != NULL && xm != (char *)-1) {
		const char *off = tiparm(xm, 0);

		if (off != NULL) {
			console_reset_adds(off);
			return;
		}
	}
	console_reset_adds("\033[?1000l\033[?1006l");
}

/* Only async-signal-safe calls: tcsetattr and write of precomputed bytes. */
static void
console_fatal(int sig)
{
	if (term.active) {
		if (term.have_shell_mode)
			tcsetattr(STDIN_FILENO, TCSANOW, &term.shell_mode);
		if (write(STDOUT_FILENO, term.reset, term.reset_len) < 0) {
			/* the terminal is gone; nothing else to restore */
		}
		term.active = 0;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
console_stop_handler(int sig)
{
	term.stop = sig;
}

static void
console_atexit(void)
{
	if (term.active) {
		term.active = 0;
		endwin();
	}
}

static void
console_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = console_stop_handler;	/* no SA_RESTART: wake getch */
	for (size_t i = 0; i < sizeof console_stop_signals / sizeof(int); i++)
		sigaction(console_stop_signals[i], &sa, NULL);
	sa.sa_handler = console_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof console_fatal_signals / sizeof(int); i++)
		sigaction(console_fatal_signals[i], &sa, NULL);
}

static bool
console_term_open(void)
{
	struct termios mode;

	term.have_shell_mode = tcgetattr(STDIN_FILENO, &term.shell_mode) == 0;
	if (newterm(NULL, stdout, stdin) == NULL)
		return false;
	term.reset_len = 0;
	console_reset_add("sgr0");
	console_reset_add("cnorm");
	console_reset_add("rmkx");
	console_reset_add("rmcup");
	console_reset_add_mouse();
	term.active = 1;
	atexit(console_atexit);
	cbreak();
	noecho();
	nonl();
	/* ^S saves in forms: take it back from terminal flow control. */
	if (tcgetattr(STDIN_FILENO, &mode) == 0) {
		mode.c_iflag &= ~(tcflag_t)IXON;
		tcsetattr(STDIN_FILENO, TCSANOW, &mode);
		def_prog_mode();
	}
	keypad(stdscr, TRUE);
	/* Optional: a click picks a tab or a row, the wheel scrolls. Reported
	   at once (no click interval), so keys never wait on it. */
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	set_escdelay(25);
	curs_set(0);
	ui_init_colors();
	timeout(POLL_MS);
	return true;
}

static void
console_term_close(void)
{
	if (term.active) {
		term.active = 0;
		endwin();
	}
	if (term.have_shell_mode)
		tcsetattr(STDIN_FILENO, TCSANOW, &term.shell_mode);
}

/* Messages and errors ----------------------------------------------------- */

void
console_message(struct console *con, enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(con->message, sizeof con->message, fmt, ap);
	va_end(ap);
	con->message_role = role;
}

void
console_catalog_error(struct console *con, const char *what, int status)
{
	console_message(con, ROLE_ERROR, "%s: %s", what,
	    status == CATALOG_OK ? "ok" : catalog_error(con->cat));
}

/* Screens and refresh ------------------------------------------------------ */

static size_t
console_screen_index(const struct screen *s)
{
	for (size_t i = 0; i < console_n_screens; i++)
		if (console_screens[i] == s)
			return i;
	return 0;
}

static void
console_mark_stale(struct console *con)
{
	for (size_t i = 0; i < console_n_screens; i++)
		con->stale[i] = true;
}

void
console_show(struct console *con, const struct screen *s)
{
	size_t i = console_screen_index(s);

	con->screen = s;
	if (con->stale[i]) {
		con->stale[i] = false;
		s->load(con);
	}
}

void
console_changed(struct console *con)
{
	console_lint_invalidate();
	console_mark_stale(con);
	console_show(con, con->screen);
}

void
console_dirty(struct console *con)
{
	con->dirty = true;
}

/* Cheap when nothing changed: one PRAGMA, no reads. */
static void
console_poll(struct console *con)
{
	size_t i = console_screen_index(con->screen);
	int64_t v;

	if (catalog_data_version(con->cat, &v) != CATALOG_OK ||
	    v == con->data_version)
		return;
	con->data_version = v;
	console_mark_stale(con);
	con->stale[i] = false;
	if (con->screen->reload != NULL)
		con->screen->reload(con);
	else
		con->screen->load(con);
	con->dirty = true;
}

/* Drawing ----------------------------------------------------------------- */

#define BRAND		" bootdeck "
#define HELP_TAB	" ? help "

/* How much of the tab bar fits, from everything down to hotkeys only. */
enum tab_fit {
	TABS_ALL,		/* brand, names, help */
	TABS_NO_BRAND,
	TABS_NO_HELP,
	TABS_ACTIVE_NAME,	/* only the shown screen keeps its name */
	TABS_KEYS,
};

static int
console_tab_label(const struct console *con, enum tab_fit fit, size_t i,
    char *tab, size_t len)
{
	const struct screen *s = console_screens[i];

	if (fit == TABS_KEYS || (fit == TABS_ACTIVE_NAME && s != con->screen))
		return snprintf(tab, len, " %c ", console_hotkey(i));
	return snprintf(tab, len, " %c %s ", console_hotkey(i), s->name);
}

static int
console_tabs_x(enum tab_fit fit)
{
	return fit == TABS_ALL ? (int)strlen(BRAND) : 0;
}

/* The most of the tab bar that fits the terminal's width. */
static enum tab_fit
console_tab_fit(const struct console *con)
{
	enum tab_fit fit;

	for (fit = TABS_ALL; fit < TABS_KEYS; fit++) {
		int w = console_tabs_x(fit);

		for (size_t i = 0; i < console_n_screens; i++) {
			char tab[64];

			w += console_tab_label(con, fit, i, tab, sizeof tab);
		}
		if (fit <= TABS_NO_BRAND)
			w += (int)strlen(HELP_TAB);
		if (w <= COLS)
			break;
	}
	return fit;
}

/* The screen whose tab is at column x of the tab bar, or NULL. */
static const struct screen *
console_tab_at(const struct console *con, int x)
{
	enum tab_fit fit = console_tab_fit(con);
	int left = console_tabs_x(fit);

	for (size_t i = 0; i < console_n_screens; i++) {
		char tab[64];
		int len = console_tab_label(con, fit, i, tab, sizeof tab);

		if (x >= left && x < left + len)
			return console_screens[i];
		left += len;
	}
	return NULL;
}

static void
console_draw_tabs(struct console *con)
{
	enum tab_fit fit = console_tab_fit(con);
	int x = console_tabs_x(fit);

	attrset(console_attr(ROLE_TABBAR));
	ui_put(stdscr, 0, 0, COLS, fit == TABS_ALL ? BRAND : "");
	for (size_t i = 0; i < console_n_screens && x < COLS; i++) {
		const struct screen *s = console_screens[i];
		char tab[64];
		int len = console_tab_label(con, fit, i, tab, sizeof tab);

		attrset(console_attr(s == con->screen ?
		    ROLE_TAB_ACTIVE : ROLE_TABBAR));
		ui_put(stdscr, 0, x, len < COLS - x ? len : COLS - x, tab);
		x += len;
	}
	attrset(console_attr(ROLE_TABBAR));
	if (fit <= TABS_NO_BRAND)
		mvaddstr(0, COLS - (int)strlen(HELP_TAB), HELP_TAB);
	attrset(A_NORMAL);
}

static void
console_draw_footer(struct console *con)
{
	char keys[256];

	if (con->message[0] != '\0') {
		attrset(console_attr(con->message_role == ROLE_NORMAL ?
		    ROLE_FOOTER : con->message_role));
		ui_put(stdscr, LINES - 1, 0, COLS, con->message);
	} else {
		snprintf(keys, sizeof keys, " %s  ?:help q:quit",
		    con->screen->footer);
		attrset(console_attr(ROLE_FOOTER));
		ui_put(stdscr, LINES - 1, 0, COLS, keys);
	}
	attrset(A_NORMAL);
}

static void
console_draw(struct console *con)
{
	WINDOW *body;

	erase();
	console_draw_tabs(con);
	if (LINES > 2) {
		body = derwin(stdscr, LINES - 2, COLS, 1, 0);
		if (body != NULL) {
			con->screen->draw(con, body, LINES - 2, COLS);
			delwin(body);
		}
	}
	console_draw_footer(con);
	con->rows = LINES;
	con->cols = COLS;
}

void
console_redraw(struct console *con)
{
	console_draw(con);
	touchwin(stdscr);
	wnoutrefresh(stdscr);
	doupdate();
}

/* Keys -------------------------------------------------------------------- */

static void
do_quit(struct console *con)
{
	con->quit = true;
}

static void
do_next_screen(struct console *con)
{
	size_t i = console_screen_index(con->screen);

	console_show(con, console_screens[(i + 1) % console_n_screens]);
}

static void
do_prev_screen(struct console *con)
{
	size_t i = console_screen_index(con->screen);

	console_show(con, console_screens[(i + console_n_screens - 1) %
	    console_n_screens]);
}

static void
console_move(struct console *con, long delta)
{
	struct ui_list *l = con->screen->list ? con->screen->list(con) : NULL;

	if (l != NULL)
		ui_list_move(l, delta);
}

static long
console_page(void)
{
	return LINES > 6 ? LINES - 5 : 1;
}

static void do_up(struct console *con) { console_move(con, -1); }
static void do_down(struct console *con) { console_move(con, 1); }
static void do_pgup(struct console *con) { console_move(con, -console_page()); }
static void do_pgdn(struct console *con) { console_move(con, console_page()); }
static void do_home(struct console *con) { console_move(con, -(long)1e9); }
static void do_end(struct console *con) { console_move(con, (long)1e9); }

static void
do_search(struct console *con)
{
	struct ui_list *l = con->screen->list ? con->screen->list(con) : NULL;

	char typed[sizeof con->search] = "";

	if (l == NULL || con->screen->match == NULL || l->n == 0)
		return;
	/* A new search starts empty; Enter on nothing repeats the last one. */
	if (!ui_prompt(con, "Search", typed, sizeof typed))
		return;
	if (typed[0] != '\0')
		memcpy(con->search, typed, sizeof con->search);
	if (con->search[0] == '\0')
		return;
	/* From the row after the cursor, wrapping once; the selection
	   stays where it was when no row matches. */
	for (size_t k = 1; k <= l->n; k++) {
		size_t i = (l->sel + k) % l->n;

		if (con->screen->match(con, i, con->search)) {
			l->sel = i;
			return;
		}
	}
	console_message(con, ROLE_WARN, "'%s' not found", con->search);
}

static void
do_redraw(struct console *con)
{
	clearok(curscr, TRUE);
}

static void do_help(struct console *con);

static const struct console_binding console_keys[] = {
	{ '\t', "Tab", "next screen", do_next_screen },
	{ KEY_BTAB, "S-Tab", "previous screen", do_prev_screen },
	{ KEY_UP, "\u2191 k", "up", do_up },
	{ 'k', NULL, NULL, do_up },
	{ KEY_DOWN, "\u2193 j", "down", do_down },
	{ 'j', NULL, NULL, do_down },
	{ KEY_PPAGE, "PgUp ^B", "page up", do_pgup },
	{ KEY_CTRL('b'), NULL, NULL, do_pgup },
	{ KEY_NPAGE, "PgDn ^F", "page down", do_pgdn },
	{ KEY_CTRL('f'), NULL, NULL, do_pgdn },
	{ KEY_HOME, "Home g", "first row", do_home },
	{ 'g', NULL, NULL, do_home },
	{ KEY_END, "End G", "last row", do_end },
	{ 'G', NULL, NULL, do_end },
	{ '/', "/", "search (/ Enter: next match)", do_search },
	{ '?', "? F1", "this help", do_help },
	{ KEY_F(1), NULL, NULL, do_help },
	{ KEY_CTRL('l'), "^L", "redraw", do_redraw },
	{ 'q', "q", "quit", do_quit },
	{ KEY_ESC, "Esc", "close a dialog or form", NULL },
};

static void
help_column(WINDOW *w, int x, int width, int *y, const char *title,
    const struct console_binding *keys, size_t n)
{
	if (title != NULL) {
		wattrset(w, console_attr(ROLE_HEADER));
		ui_put(w, (*y)++, x, width, title);
		wattrset(w, A_NORMAL);
	}
	for (size_t i = 0; i < n && *y < getmaxy(w) - 1; i++) {
		if (keys[i].name == NULL)
			continue;
		wattrset(w, A_BOLD);
		ui_put(w, *y, x, 9, keys[i].name);
		wattrset(w, A_NORMAL);
		ui_put(w, (*y)++, x + 9, width - 9, keys[i].help);
	}
}

/* The screen hotkeys' line, after the table: its range follows the tabs. */
static void
help_screen_keys(WINDOW *w, int x, int width, int *y)
{
	char keys[8];

	if (*y >= getmaxy(w) - 1)
		return;
	snprintf(keys, sizeof keys, "1-%zu", console_n_screens);
	wattrset(w, A_BOLD);
	ui_put(w, *y, x, 9, keys);
	wattrset(w, A_NORMAL);
	ui_put(w, (*y)++, x + 9, width - 9, "switch screen (tab bar)");
}

static void
do_help(struct console *con)
{
	int h = LINES - 2, w = COLS;
	WINDOW *win = newwin(h, w, 1, 0);
	int yl = 1, yr = 1, half = (w - 4) / 2;

	if (win == NULL)
		return;
	keypad(win, TRUE);
	wtimeout(win, POLL_MS);
	box(win, 0, 0);
	mvwprintw(win, 0, 2, " Help: %s ", con->screen->name);
	help_column(win, 2, half - 1, &yl, "Everywhere", NULL, 0);
	help_screen_keys(win, 2, half - 1, &yl);
	help_column(win, 2, half - 1, &yl, NULL, console_keys,
	    sizeof console_keys / sizeof console_keys[0]);
	help_column(win, 2 + half, half, &yr, con->screen->name,
	    con->screen->keys, con->screen->n_keys);
	ui_put(win, h - 1, 2, w - 4, " any key closes ");
	for (;;) {
		wint_t wch;
		int r;

		wrefresh(win);
		r = wget_wch(win, &wch);
		if (console_quitting(con) || (r != ERR && !(r == KEY_CODE_YES &&
		    wch == KEY_RESIZE)))
			break;
	}
	delwin(win);
}

/* A click on a tab shows it; on a list row selects it; the wheel scrolls. */
static void
console_mouse(struct console *con)
{
	struct ui_list *l = con->screen->list ? con->screen->list(con) : NULL;
	int per = con->screen->click_rows > 0 ? con->screen->click_rows : 1;
	const struct screen *s;
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		console_move(con, -3);
	} else if (ev.bstate & BUTTON5_PRESSED) {
		console_move(con, 3);
	} else if (ev.y == 0) {
		if ((s = console_tab_at(con, ev.x)) != NULL)
			console_show(con, s);
	} else if (l != NULL && con->screen->click_rows >= 0 && ev.y >= 2 &&
	    ev.y < LINES - 1) {
		/* Body line 0 is the header; rows start on screen line 2. */
		size_t i = l->top + (size_t)((ev.y - 2) / per);

		if (i < l->n)
			l->sel = i;
	}
}

static const struct console_binding *
console_lookup(const struct console_binding *keys, size_t n, int key)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i].key == key && keys[i].run != NULL)
			return &keys[i];
	return NULL;
}

static void
console_key(struct console *con, int key)
{
	const struct console_binding *b;

	con->message[0] = '\0';
	if (key == KEY_MOUSE) {
		console_mouse(con);
		return;
	}
	for (size_t i = 0; i < console_n_screens; i++) {
		if (console_hotkey(i) == key) {
			console_show(con, console_screens[i]);
			return;
		}
	}
	b = console_lookup(con->screen->keys, con->screen->n_keys, key);
	if (b == NULL)
		b = console_lookup(console_keys,
		    sizeof console_keys / sizeof console_keys[0], key);
	if (b != NULL)
		b->run(con);
}

/* Main loop --------------------------------------------------------------- */

static void
console_loop(struct console *con)
{
	int64_t last_draw = 0;
	bool dirty = true;

	while (!console_quitting(con)) {
		int64_t now = clock_wall_ms();
		wint_t wch;
		int r;

		if (dirty || now - last_draw >= REDRAW_MS) {
			console_draw(con);
			wnoutrefresh(stdscr);
			doupdate();
			last_draw = now;
			dirty = false;
		}
		r = get_wch(&wch);
		if (r == ERR) {
			console_poll(con);
			if (con->screen->tick != NULL)
				con->screen->tick(con);
			console_lint_tick(con);
			dirty = con->dirty;
			con->dirty = false;
			continue;
		}
		dirty = true;
		if (r == KEY_CODE_YES && wch == KEY_RESIZE)
			continue;
		console_key(con, (int)wch);
		console_poll(con);
	}
}

int
console_main(const struct console_options *opt)
{
	struct console con;
	char err[512];
	int status;

	memset(&con, 0, sizeof con);
	con.opt = opt;
	setlocale(LC_ALL, "");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "bootdeck: the console needs a terminal "
		    "(see bootdeck --help for the subcommands)\n");
		return 1;
	}
	status = catalog_open(opt->db_path, 0, &con.cat, err, sizeof err);
	if (status != CATALOG_OK) {
		fprintf(stderr, "bootdeck: %s\n", err);
		return 1;
	}
	catalog_data_version(con.cat, &con.data_version);
	console_signals();
	if (!console_term_open()) {
		catalog_close(con.cat);
		fprintf(stderr, "bootdeck: cannot use terminal type '%s'\n",
		    getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	con.stale = xcalloc(console_n_screens, sizeof *con.stale);
	console_mark_stale(&con);
	console_show(&con, &screen_entries);
	console_loop(&con);
	console_term_close();
	for (size_t i = 0; i < console_n_screens; i++)
		if (console_screens[i]->free != NULL)
			console_screens[i]->free();
	free(con.stale);
	console_lint_free();
	catalog_close(con.cat);
	return term.stop ? 128 + term.stop : 0;
}

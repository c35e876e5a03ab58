/* console_int.h: what the console's frame, widgets and screens share. */
#ifndef BOOTDECK_CONSOLE_INT_H
#define BOOTDECK_CONSOLE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Wide-character curses (ncursesw) whatever the feature macros say. */
#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "common/conf.h"
#include "db/catalog.h"
#include "db/lint.h"
#include "tui/console.h"

/* curses has names for function keys only. */
#define KEY_CTRL(c)	((c) & 0x1f)
#define KEY_ESC		27

/* Text roles; console_attr() maps them to colour or monochrome attributes. */
enum ui_role {
	ROLE_NORMAL,
	ROLE_TABBAR,
	ROLE_TAB_ACTIVE,
	ROLE_HEADER,
	ROLE_SELECTED,
	ROLE_DIM,
	ROLE_GOOD,
	ROLE_WARN,
	ROLE_ERROR,
	ROLE_FOOTER,
	ROLE_COUNT
};

struct console;

/* One key binding: the key, how help names it, what it does. */
struct console_binding {
	int		 key;
	const char	*name;		/* as shown in help: "a", "Del" */
	const char	*help;
	void		(*run)(struct console *con);
};

/* A scrollable selection over n rows. */
struct ui_list {
	size_t	n;
	size_t	sel;
	size_t	top;
};

struct screen {
	const char			*name;
	const struct console_binding	*keys;
	size_t				 n_keys;
	const char			*footer;	/* main keys, short */
	/* Re-reads what the screen shows from the catalog. */
	void	(*load)(struct console *con);
	/* Others wrote while the screen is shown: re-read what changed, maybe
	   later (then tick does it); NULL: load. Own writes always load. */
	void	(*reload)(struct console *con);
	void	(*draw)(struct console *con, WINDOW *w, int rows, int cols);
	/* The list the movement keys and '/' act on, or NULL. */
	struct ui_list *(*list)(struct console *con);
	/* Screen lines per list row, for mouse clicks (0 means 1; -1: the
	   list is a text view, clicks do not select). */
	int	 click_rows;
	/* Whether row i matches a '/' search. */
	bool	(*match)(struct console *con, size_t i, const char *needle);
	/* Called a few times a second so live screens can refresh. */
	void	(*tick)(struct console *con);
	/* Frees what load kept, at exit. */
	void	(*free)(void);
};

struct console {
	const struct console_options	*opt;
	struct catalog			*cat;
	const struct screen		*screen;
	/* per screen index: reload on show */
	bool				*stale;
	int64_t				 data_version;
	bool				 quit;
	/* redraw at the next turn */
	bool				 dirty;
	/* footer message, cleared by a key */
	char				 message[256];
	enum ui_role			 message_role;
	char				 search[128];
	int				 rows, cols;	/* terminal size */
};

/* console.c */
extern const struct screen *const console_screens[];
extern const size_t console_n_screens;
void console_show(struct console *con, const struct screen *s);
/* True once q or SIGINT/SIGTERM/SIGHUP asked to stop; dialogs then close. */
bool console_quitting(struct console *con);
void console_message(struct console *con, enum ui_role role,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* After a write of our own: data_version only moves for other connections. */
void console_changed(struct console *con);
/* Asks for a redraw (a tick that re-read something). */
void console_dirty(struct console *con);
/* Reports a failed catalog call in the footer. */
void console_catalog_error(struct console *con, const char *what, int status);

/* console_ui.c */
void ui_init_colors(void);
attr_t console_attr(enum ui_role role);
/* Writes s at (y, x) cut or padded to exactly width columns, UTF-8 aware. */
void ui_put(WINDOW *w, int y, int x, int width, const char *s);
/* One column of a row cols wide: s cut and padded to width display cells
   (UTF-8 names keep the next column in place); returns the x after it. */
int ui_put_column(WINDOW *w, int y, int x, int width, int cols, const char *s);
void ui_putf(WINDOW *w, int y, int x, int width, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Display cells of s (UTF-8; what ui_put shows of it). */
int ui_width(const char *s);
/* Bytes of s that fill at most width cells; with wrap, a line that goes
   on ends after its last blank when it has one (word wrap). */
size_t ui_fit(const char *s, int width, bool wrap);

/* A column of a list screen. The screen sets head, min, want and drop;
   ui_columns_fit sets width. */
struct ui_column {
	const char	*head;
	int		 min;	/* narrower than this it is dropped instead */
	int		 want;	/* its widest value: never wider */
	/* short of room, the highest goes first; 0 never */
	int		 drop;
	int		 width;	/* out: 0 when dropped */
};
/* Shares cols among the columns, one blank between two: every column
   gets its min, columns are dropped by drop while that does not fit, then
   each in order grows toward want with what is left. */
void ui_columns_fit(struct ui_column *c, size_t n, int cols);
/* The header line of the columns. */
void ui_columns_head(WINDOW *w, int y, const struct ui_column *c, size_t n,
    int cols);
/* Cell i of a row: s cut or padded to the column's width; returns the x
   of the next column (x unchanged when the column is dropped). */
int ui_columns_put(WINDOW *w, int y, int x, const struct ui_column *c,
    const char *s);

/* Keeps sel inside [0, n) and visible in rows lines. */
void ui_list_fix(struct ui_list *l, int rows);
void ui_list_move(struct ui_list *l, long delta);
/* Asks a yes/no question in a box; true for y. */
bool ui_confirm(struct console *con, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Asks for one choice among keys ("oro"); returns the key or 0 for Esc. */
int ui_ask(struct console *con, const char *keys, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A one-line prompt (libform); false on Esc. buf holds the initial text. */
bool ui_prompt(struct console *con, const char *label, char *buf, size_t len);
/* A modal list of rows to choose one from: its index, or -1 (Escape). */
long ui_pick(struct console *con, const char *title, const char *const *rows,
    size_t n);
/* "5s", "3m", "2h", "4d" ago. */
void ui_ago(char *buf, size_t len, int64_t ms);
/* Does the images-dir path exist; size in *size. URLs: false, size -1. */
bool ui_image_stat(struct console *con, const char *target, int64_t *size);
/* Entry names as form choices, none first; NULL-terminated. */
char **ui_entry_choices(struct console *con, const char *none);
void ui_choices_free(char **choices);
/*
 * When the console's own settings (flags, environment, config file) set
 * key, which beats the catalog setting of the same name: writes where it
 * came from into buf ("$BOOTDECK_BASE_URL", the config file's path, "a
 * flag") and returns the value
 * in force. NULL when they leave it unset (or main.c passed no config).
 */
const char *console_override(struct console *con, enum config_key key,
    char *buf, size_t len);
/* Redraws the whole frame (under a closing dialog). */
void console_redraw(struct console *con);

/* console_lint.c: the catalog lint's findings, re-run by a screen's load. */
void console_lint_run(struct console *con);
/* After a write of our own: the next console_lint_run runs for sure. */
void console_lint_invalidate(void);
/* A run skipped for coming too soon, once it is due (a redraw follows). */
void console_lint_tick(struct console *con);
/* The worst finding about the entry, host or setting; NULL: none. */
const struct lint_finding *console_lint_find(enum lint_subject kind,
    const char *subject);
/* '!' for an error, '?' for a warning, ' ' for none: the row's mark. */
char console_lint_mark(const struct lint_finding *f);
/* "! code: message" at (y, x), width columns, in the severity's colour. */
void console_lint_status(WINDOW *w, int y, int x, int width,
    const struct lint_finding *f);
void console_lint_free(void);

/* The screens (screen_*.c) */
extern const struct screen screen_entries;
extern const struct screen screen_hosts;
extern const struct screen screen_clients;
extern const struct screen screen_log;
extern const struct screen screen_settings;
extern const struct screen screen_preview;

/* screen_preview.c: open the preview for an entry or a MAC. */
void preview_entry(struct console *con, const char *name);
void preview_mac(struct console *con, const char *mac);
/* screen_hosts.c: select a host by MAC after it was added elsewhere. */
void hosts_select(struct console *con, const char *mac);
/* host_view.c: everything known of one machine, until Esc. */
void host_view(struct console *con, const char *mac);

#endif

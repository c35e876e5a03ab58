/* console_lint.c: the catalog lint's findings (db/lint.c) for the console's screens: a mark on the row, the message under the list. */
#include "config.h"

#include <stdio.h>

#include "common/clock.h"
#include "db/lint.h"
#include "tui/console_int.h"

/* One report for every screen: a screen re-runs it when it loads, so
   what Entries marks is what `bootdeck check` says at that moment. */
static struct lint_report console_lint_report;

/* What the runs found in ISO files, for the console's lifetime: a run
   reads only the ISOs that changed since the last (db/lint_memo.h). */
static struct lint_memo *console_lint_memo;

/*
 * Entries loads again whenever anyone commits, and bootdeckd commits boot
 * events several times a second: a lint (every host, every client, every
 * ISO read) for each would stall the keys on a big catalog. So a run
 * within LINT_EVERY_MS of the last one is skipped unless a host or an
 * entry's name changed (the host stamp) or we wrote ourselves.
 */
#define LINT_EVERY_MS 3000

static struct {
	int64_t	 ran_ms;
	int64_t	 stamp;
	bool	 stale;
	bool	 skipped;	/* a run is owed: console_lint_tick makes it */
} console_lint_state = { .stale = true };

void
console_lint_invalidate(void)
{
	console_lint_state.stale = true;
}

void
console_lint_run(struct console *con)
{
	const struct config *cfg = con->opt->config;
	struct lint_options lo = { .images_dir = con->opt->images_dir };
	int64_t now = clock_wall_ms(), stamp = -1;

	if (catalog_host_stamp(con->cat, &stamp) != CATALOG_OK)
		stamp = -1;
	if (!console_lint_state.stale && stamp == console_lint_state.stamp &&
	    now - console_lint_state.ran_ms < LINT_EVERY_MS) {
		console_lint_state.skipped = true;
		return;
	}
	console_lint_state.skipped = false;
	console_lint_state.stale = false;
	console_lint_state.stamp = stamp;
	console_lint_state.ran_ms = now;

	if (cfg != NULL) {
		lo.base_url = config_get(cfg, CONFIG_BASE_URL);
		lo.listen = config_get(cfg, CONFIG_LISTEN);
	}
	if (console_lint_memo == NULL)
		console_lint_memo = lint_memo_new();
	lo.memo = console_lint_memo;
	lint_report_free(&console_lint_report);
	/* A failed run just leaves no marks: the screen reports the catalog's
	   own failure when its load fails too. */
	lint_run(con->cat, &lo, &console_lint_report);
}

void
console_lint_tick(struct console *con)
{
	if (!console_lint_state.skipped ||
	    clock_wall_ms() - console_lint_state.ran_ms < LINT_EVERY_MS)
		return;
	console_lint_state.stale = true;
	console_lint_run(con);
	console_dirty(con);
}

const struct lint_finding *
console_lint_find(enum lint_subject kind, const char *subject)
{
	return lint_report_find(&console_lint_report, kind, subject);
}

char
console_lint_mark(const struct lint_finding *f)
{
	if (f == NULL)
		return ' ';
	return f->severity == LINT_ERROR ? '!' : '?';
}

void
console_lint_status(WINDOW *w, int y, int x, int width,
    const struct lint_finding *f)
{
	wattrset(w, console_attr(f->severity == LINT_ERROR ? ROLE_ERROR :
	    ROLE_WARN));
	ui_putf(w, y, x, width, "%c %s: %s", console_lint_mark(f),
	    lint_code_name(f->code), f->message);
	wattrset(w, A_NORMAL);
}

void
console_lint_free(void)
{
	lint_report_free(&console_lint_report);
	lint_memo_free(console_lint_memo);
	console_lint_memo = NULL;
}

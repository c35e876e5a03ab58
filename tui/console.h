/* console.h: the interactive ncurses console, opened by `bootdeck` with no subcommand. */
#ifndef BOOTDECK_CONSOLE_H
#define BOOTDECK_CONSOLE_H

struct config;

struct console_options {
	/* catalog; the console opens its own connection */
	const char	*db_path;
	/* to show whether entries' files exist */
	const char	*images_dir;
	/* for previews; NULL or "": derived like preview */
	const char	*base_url;
	/*
	 * The console's own settings (config file, environment, flags) as
	 * main.c loaded them, so Settings can say which catalog settings they
	 * override and previews follow the same precedence; NULL: unknown.
	 */
	const struct config *config;
};

/* Runs until the user quits; returns the process exit status. */
int console_main(const struct console_options *opt);

#endif

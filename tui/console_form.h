/* console_form.h: modal edit dialogs on ncurses' form library, with checks at the field. */
#ifndef BOOTDECK_CONSOLE_FORM_H
#define BOOTDECK_CONSOLE_FORM_H

#include "tui/console_int.h"

enum form_field_type {
	FF_TEXT,	/* one line, scrolls horizontally */
	FF_CHOICE,	/* one of choices: Space, Left, Right or type-ahead */
	FF_LINES	/* several lines (scripts) */
};

struct form_field {
	const char		 *label;
	enum form_field_type	  type;
	int			  height;	/* FF_LINES: rows shown */
	const char *const	 *choices;	/* FF_CHOICE: NULL-terminated */
	/* Shown under the fields while this one has the cursor; NULL: none. */
	const char		 *hint;
	/* Refuses a value when leaving the field; err says why. */
	bool			(*check)(struct console *con, const char *value,
				    char *err, size_t errlen);
	/* Leaving the field with a value that is saved but will not work
	   as typed (a missing image): true with msg, shown as a warning. */
	bool			(*warn)(struct console *con, const char *value,
				    char *msg, size_t msglen);
	/* in/out; owned by the caller, freed with form_values_free */
	char			 *value;
};

enum form_result {
	FORM_SAVED,
	FORM_CANCELLED,
	FORM_RELAYOUT	/* a layout field changed or the terminal was resized:
			   rebuild the fields (values kept) and run again */
};

struct form_spec {
	const char		*title;
	struct form_field	*fields;
	size_t			 n_fields;
	size_t			 focus;		/* in/out: the current field */
	/* a change here returns RELAYOUT; -1 none */
	int			 layout_field;
	/* in/out: something was typed */
	bool			 dirty;
	/* Stores the values in one catalog call;
	 * false with err to stay in the form. */
	bool			(*save)(struct console *con, void *ctx,
				    struct form_spec *spec, char *err,
				    size_t errlen);
	void			*ctx;
};

enum form_result form_run(struct console *con, struct form_spec *spec);

/* The value of the field labelled label ("" when absent). */
const char *form_value(const struct form_spec *spec, const char *label);
/* Index of a choice in choices, or 0. */
size_t form_choice_index(const char *const *choices, const char *value);
void form_set(struct form_field *f, const char *value);

/* Field checks shared by the screens. */
bool form_check_mac(struct console *con, const char *v, char *err, size_t len);
bool form_check_entry_name(struct console *con, const char *v, char *err,
    size_t len);
bool form_check_hotkey(struct console *con, const char *v, char *err,
    size_t len);
bool form_check_number(struct console *con, const char *v, char *err,
    size_t len);
/* An image PATH or a URL is needed; a PATH missing under the images
   directory is only warned about (form_warn_image), as the CLI does. */
bool form_check_image(struct console *con, const char *v, char *err,
    size_t len);
bool form_warn_image(struct console *con, const char *v, char *msg, size_t len);
bool form_check_url(struct console *con, const char *v, char *err, size_t len);

#endif

/* sanitize.h: making catalog and client text safe to place in an iPXE script. */
#ifndef BOOTDECK_SANITIZE_H
#define BOOTDECK_SANITIZE_H

#include <stdbool.h>

#include "common/strbuf.h"

/*
 * iPXE's script language has no quoting: whitespace splits tokens, a token
 * starting with '#' is a comment, standalone "||" "&&" ";" end a command,
 * "${" expands anywhere and a trailing '\' joins lines. These helpers append
 * to sb text that stays inside the one token (or run of tokens) it was meant
 * for, whatever bytes it came with.
 */

/* Longest free text sanitize_text() appends: menus show about 80 columns. */
#define SANITIZE_TEXT_MAX 200

/* Free text (titles, messages): printable ASCII, non-ASCII letters and
   punctuation spelled in ASCII (common/translit.h: é e, ß ss, — -) and
   other characters '?'; '$', control bytes and separators neutralized;
   never starts with '-' (it would read as an option); never empty.
   Whitespace runs become one space; cut at SANITIZE_TEXT_MAX. NULL is
   treated as "". */
void sanitize_text(struct strbuf *sb, const char *text);

/* Appends to shown what clients see of text (sanitize_text) and says
   whether it differs from text: the front ends warn with it. */
bool sanitize_text_changes(const char *text, struct strbuf *shown);

/* A label: [A-Za-z0-9_] only; never empty. */
void sanitize_label(struct strbuf *sb, const char *text);

/* Percent-encodes everything but RFC 3986 unreserved bytes and '/'. */
void sanitize_url_path(struct strbuf *sb, const char *path);

/* A query value (a MAC, an arch): percent-encodes everything but
   unreserved bytes and ':', so MACs keep their plain colon form. */
void sanitize_url_query(struct strbuf *sb, const char *value);

/* A whole URL from the catalog: kept as is where safe, the rest
   percent-encoded, so it stays one token and expands nothing. */
void sanitize_url(struct strbuf *sb, const char *url);

/* A base URL that paths are appended to: as sanitize_url(), and '?' and
   '#' percent-encoded too, so whatever follows stays in the path. */
void sanitize_url_base(struct strbuf *sb, const char *url);

/* Kernel arguments: each whitespace-separated word kept as its own token,
   words that iPXE would read as separators or comments neutralized. Every
   word is appended with a space before it (" w1 w2"), so nothing is added
   for empty or blank args. '$' and '\\' are replaced: iPXE has no escape
   for "${" nor for a line-joining backslash. */
void sanitize_args(struct strbuf *sb, const char *args);

#endif

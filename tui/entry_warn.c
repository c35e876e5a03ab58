/* entry_warn.c: what the CLI and the console both say about an entry that is valid but will not work as typed. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ipxe/sanitize.h"
#include "tui/entry_warn.h"
#include "tui/image.h"

bool
entry_warn_image(const char *dir, const char *path, char *buf, size_t len)
{
	int64_t size;

	buf[0] = '\0';
	/* ".." is refused by the catalog; nothing to look up. */
	if (dir == NULL || dir[0] == '\0' || path == NULL || path[0] == '\0' ||
	    entry_target_is_url(path) || strstr(path, "..") != NULL ||
	    image_find(dir, path, &size))
		return false;
	snprintf(buf, len, "no file '%s' under %s", path, dir);
	return true;
}

bool
entry_warn_title(const char *title, char *buf, size_t len)
{
	struct strbuf shown = STRBUF_INIT;
	bool changes;

	buf[0] = '\0';
	if (title == NULL || title[0] == '\0')
		return false;
	changes = sanitize_text_changes(title, &shown);
	if (changes)
		snprintf(buf, len, "clients will see '%s'", shown.data);
	strbuf_free(&shown);
	return changes;
}

/* One "LABEL: warning" line for an image of e. */
static size_t
entry_warn_path(const char *dir, const char *label, const char *path,
    struct strbuf *sb)
{
	char msg[ENTRY_PATH_MAX + 512];

	if (!entry_warn_image(dir, path, msg, sizeof msg))
		return 0;
	strbuf_addf(sb, "%s: %s\n", label, msg);
	return 1;
}

size_t
entry_warn_all(const char *dir, const struct entry *e, struct strbuf *sb)
{
	const struct entry_kind_def *k = entry_kind_def(e->kind);
	char msg[ENTRY_TITLE_MAX * 2 + 64];
	size_t n = 0, i;

	if (entry_warn_title(e->title, msg, sizeof msg)) {
		strbuf_addf(sb, "title: %s\n", msg);
		n++;
	}
	/* A chain URL is no image; every other target is one. */
	if (k != NULL && !k->url_only)
		n += entry_warn_path(dir, k->name, e->target, sb);
	n += entry_warn_path(dir, "kernel-efi", e->target_efi, sb);
	for (i = 0; i < e->n_initrds; i++)
		n += entry_warn_path(dir, "initrd", e->initrds[i], sb);
	return n;
}

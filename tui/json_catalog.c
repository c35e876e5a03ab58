/* json_catalog.c: the catalog as JSON: the export/import document and the --json forms of the lists. */
#include "config.h"

/*
 * JSON goes through jansson (Debian's libjansson): a small, long-kept
 * library whose parser already rejects duplicate keys, NUL bytes and
 * trailing garbage, bounds nesting depth, and reports line and column;
 * a parser of our own would have to earn all of that again.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/mac.h"
#include "common/xmalloc.h"
#include "tui/cli.h"
#include "tui/json_catalog.h"

/* A string, or null for NULL. Free text a client sent may not be UTF-8
   (jansson refuses it): it goes out as printable ASCII then. */
static json_t *
jc_str(const char *s)
{
	json_t *v;
	char *clean;

	if (s == NULL)
		return json_null();
	if ((v = json_string(s)) != NULL)
		return v;
	clean = cli_clean(s);
	v = json_string(clean);
	free(clean);
	return v;
}

/* A text field the store keeps as NULL when empty: null either way. */
static json_t *
jc_opt(const char *s)
{
	return jc_str(s != NULL && *s != '\0' ? s : NULL);
}

static void
jc_set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v != NULL ? v : json_null());
}

json_t *
json_catalog_entry(const struct entry *e)
{
	const struct entry_kind_def *k = entry_kind_def(e->kind);
	char key[2] = { e->key, '\0' };
	json_t *o = json_object(), *a;
	size_t i;
	int f;

	jc_set(o, "name", jc_str(e->name));
	jc_set(o, "title", jc_opt(e->title));
	jc_set(o, "kind", jc_str(entry_kind_name(e->kind)));
	jc_set(o, "key", e->key != '\0' ? json_string(key) : json_null());
	jc_set(o, "platform", jc_str(platform_name(e->platform)));
	jc_set(o, "enabled", json_boolean(e->enabled));
	jc_set(o, "position", json_integer(e->position));
	jc_set(o, "submenu", jc_opt(e->submenu));
	/* The fields the kind uses, named and ordered as db/entry_kind.c has
	   them; a kind's unused fields are left out. */
	for (f = 0; f < ENTRY_FIELD_COUNT; f++) {
		if (k == NULL || !(k->allow & ENTRY_FIELD_BIT(f)))
			continue;
		if (f == ENTRY_FIELD_INITRDS) {
			a = json_array();
			for (i = 0; i < e->n_initrds; i++)
				json_array_append_new(a, jc_str(e->initrds[i]));
			jc_set(o, entry_field_def(f)->name, a);
		} else
			jc_set(o, entry_field_def(f)->name,
			    jc_opt(*entry_field_text((struct entry *)e, f)));
	}
	return o;
}

json_t *
json_catalog_host(const struct host *h, bool with_seen)
{
	json_t *o = json_object();

	jc_set(o, "mac", jc_str(h->mac));
	jc_set(o, "name", jc_opt(h->name));
	jc_set(o, "default", jc_opt(h->default_entry));
	jc_set(o, "next", jc_opt(h->next_entry));
	jc_set(o, "skip_menu", json_boolean(h->skip_menu));
	jc_set(o, "localboot", jc_str(localboot_name(h->localboot)));
	if (with_seen) {
		jc_set(o, "last_seen", h->last_seen != 0 ?
		    json_integer(h->last_seen) : json_null());
		jc_set(o, "last_ip", jc_opt(h->last_ip));
	}
	return o;
}

json_t *
json_catalog_client(const struct client *c)
{
	json_t *o = json_object();

	jc_set(o, "mac", jc_opt(c->mac));
	jc_set(o, "ip", jc_opt(c->ip));
	jc_set(o, "host_name", jc_opt(c->host_name));
	jc_set(o, "platform", jc_opt(c->platform));
	jc_set(o, "arch", jc_opt(c->arch));
	jc_set(o, "uuid", jc_opt(c->uuid));
	jc_set(o, "serial", jc_opt(c->serial));
	jc_set(o, "manufacturer", jc_opt(c->manufacturer));
	jc_set(o, "product", jc_opt(c->product));
	jc_set(o, "version", jc_opt(c->version));
	jc_set(o, "build", jc_opt(c->build));
	jc_set(o, "first_seen_ms", json_integer(c->first_seen_ms));
	jc_set(o, "last_seen_ms", json_integer(c->last_seen_ms));
	jc_set(o, "stage", jc_opt(c->stage));
	jc_set(o, "entry", jc_opt(c->entry));
	jc_set(o, "image", jc_opt(c->image));
	jc_set(o, "bytes", json_integer(c->bytes));
	jc_set(o, "size", json_integer(c->size));
	jc_set(o, "requests", json_integer(c->requests));
	return o;
}

json_t *
json_catalog_host_detail(const struct host_detail *d)
{
	json_t *o = json_object(), *a;
	size_t i;

	jc_set(o, "mac", jc_str(d->mac));
	jc_set(o, "host", d->is_host ? json_catalog_host(&d->host, false) :
	    json_null());
	jc_set(o, "client", d->seen ? json_catalog_client(&d->client) :
	    json_null());
	a = json_array();
	for (i = 0; i < d->n_ips; i++) {
		json_t *ip = json_object();

		jc_set(ip, "ip", jc_str(d->ips[i].ip));
		jc_set(ip, "first_seen_ms", json_integer(d->ips[i].first_ms));
		jc_set(ip, "last_seen_ms", json_integer(d->ips[i].last_ms));
		json_array_append_new(a, ip);
	}
	jc_set(o, "ips", a);
	a = json_array();
	for (i = 0; i < d->n_boots; i++) {
		const struct host_boot *b = &d->boots[i];
		json_t *bo = json_object();

		jc_set(bo, "ts_ms", json_integer(b->ts_ms));
		jc_set(bo, "entry", jc_opt(b->entry));
		jc_set(bo, "outcome",
		    jc_str(host_boot_outcome_name(b->outcome)));
		jc_set(bo, "detail", jc_opt(b->detail));
		jc_set(bo, "images", json_integer(b->images));
		jc_set(bo, "bytes", json_integer(b->bytes));
		jc_set(bo, "size", json_integer(b->size));
		json_array_append_new(a, bo);
	}
	jc_set(o, "boots", a);
	return o;
}

json_t *
json_catalog_event(const struct boot_event *ev)
{
	json_t *o = json_object();

	jc_set(o, "id", json_integer(ev->id));
	jc_set(o, "ts_ms", json_integer(ev->ts_ms));
	jc_set(o, "kind", jc_str(record_kind_name(ev->kind)));
	jc_set(o, "mac", jc_opt(ev->mac));
	jc_set(o, "ip", jc_opt(ev->ip));
	jc_set(o, "entry", jc_opt(ev->entry));
	jc_set(o, "path", jc_opt(ev->path));
	jc_set(o, "detail", jc_opt(ev->detail));
	if (ev->kind == RECORD_TRANSFER) {
		jc_set(o, "bytes", json_integer(ev->bytes));
		jc_set(o, "size", json_integer(ev->size));
		jc_set(o, "requests", json_integer(ev->requests));
		jc_set(o, "last_ms", json_integer(ev->last_ms));
	}
	return o;
}

/* A setting as it goes out: log_retention as a number, the rest text. */
static json_t *
jc_setting(const char *key, const char *value)
{
	long n;

	if (value == NULL || *value == '\0')
		return json_null();
	if (strcmp(key, CATALOG_SETTING_LOG_RETENTION) == 0 &&
	    cli_parse_long(value, 0, LONG_MAX, &n))
		return json_integer(n);
	return jc_str(value);
}

static int
jc_export_read(struct catalog *cat, bool with_log, json_t *root)
{
	struct menu_settings m = { 0 };
	struct entry *ev = NULL;
	struct host *hv = NULL;
	struct boot_event *lv = NULL;
	size_t ne = 0, nh = 0, nl = 0, i;
	json_t *o, *a;
	char *value;
	const char *key;
	int status;

	status = catalog_menu_get(cat, &m);
	if (status == CATALOG_OK)
		status = catalog_entry_list(cat, &ev, &ne);
	if (status == CATALOG_OK)
		status = catalog_host_list(cat, &hv, &nh);
	if (status == CATALOG_OK && with_log)
		status = catalog_event_list(cat, 0, NULL, 0, &lv, &nl);
	if (status != CATALOG_OK)
		goto out;
	o = json_object();
	jc_set(o, "title", jc_opt(m.title));
	jc_set(o, "timeout", json_integer(m.timeout));
	jc_set(o, "default", jc_opt(m.default_entry));
	jc_set(root, "menu", o);
	o = json_object();
	for (i = 0; (key = catalog_import_setting(i)) != NULL; i++) {
		value = NULL;
		status = catalog_setting_get(cat, key, &value);
		jc_set(o, key, jc_setting(key, value));
		free(value);
		if (status != CATALOG_OK)
			break;
	}
	jc_set(root, "settings", o);
	a = json_array();
	for (i = 0; i < ne; i++)
		json_array_append_new(a, json_catalog_entry(&ev[i]));
	jc_set(root, "entries", a);
	jc_set(root, "submenus", json_array());
	a = json_array();
	for (i = 0; i < nh; i++)
		json_array_append_new(a, json_catalog_host(&hv[i], false));
	jc_set(root, "hosts", a);
	if (with_log) {
		a = json_array();
		for (i = 0; i < nl; i++)
			json_array_append_new(a, json_catalog_event(&lv[i]));
		jc_set(root, "log", a);
	}
out:
	menu_settings_clear(&m);
	entry_array_free(ev, ne);
	host_array_free(hv, nh);
	boot_event_array_free(lv, nl);
	return status;
}

json_t *
json_catalog_export(struct catalog *cat, bool with_log, int *status)
{
	json_t *root = json_object();

	jc_set(root, "format", json_string(JSON_CATALOG_FORMAT));
	jc_set(root, "version", json_integer(JSON_CATALOG_VERSION));
	/* One read transaction: entries, hosts and menu agree. */
	*status = catalog_batch_begin(cat, false);
	if (*status == CATALOG_OK)
		*status = catalog_batch_end(cat, jc_export_read(cat, with_log,
		    root));
	if (*status != CATALOG_OK) {
		json_decref(root);
		return NULL;
	}
	return root;
}

void
json_catalog_print(json_t *v, FILE *f, bool compact)
{
	char *s;

	s = json_dumps(v, JSON_ENCODE_ANY | (compact ? JSON_COMPACT :
	    JSON_INDENT(2)));
	if (s == NULL)
		abort();	/* only out of memory */
	fputs(s, f);
	fputc('\n', f);
	free(s);
	json_decref(v);
}

/* Import ----------------------------------------------------------------- */

/* The parse: where it is (a JSON path) and the first failure. */
struct jc_parse {
	char	*err;
	size_t	 errlen;
	bool	 failed;
};

/* The reason is one line of text: keys and values quoted in it came
   from the document and may hold any control byte. */
static void
jc_one_line(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static int
jc_fail(struct jc_parse *p, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
jc_fail(struct jc_parse *p, const char *path, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	if (!p->failed) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		/* ".key: reason" and "[i]: reason" continue the path rather
		   than follow it. */
		snprintf(p->err, p->errlen, "%s%s%s", path,
		    msg[0] == '.' || msg[0] == '[' ? "" : ": ", msg);
		jc_one_line(p->err);
		p->failed = true;
	}
	return -1;
}

static const char *
jc_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* Unknown keys in o are errors: a typo must not be silently dropped. */
static int
jc_known(struct jc_parse *p, const char *path, json_t *o,
    const char *const *known, size_t n, bool (*more)(const char *))
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(o, key, v) {
		for (i = 0; i < n; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (i == n && (more == NULL || !more(key)))
			return jc_fail(p, path, ".%.64s: unknown field", key);
	}
	return 0;
}

static void
jc_path(char *buf, size_t len, const char *base, const char *key)
{
	if (strcmp(base, "$") == 0)	/* the document's own members */
		snprintf(buf, len, "%s", key);
	else
		snprintf(buf, len, "%s.%s", base, key);
}

/* A string member (or null, when not required); absent: *given false. */
static int
jc_string(struct jc_parse *p, const char *path, json_t *o, const char *key,
    bool required, char **out, bool *given)
{
	json_t *v = json_object_get(o, key);
	char where[160];

	jc_path(where, sizeof where, path, key);
	if (given != NULL)
		*given = v != NULL;
	if (v == NULL && required)
		return jc_fail(p, where, "missing");
	if (v == NULL || (json_is_null(v) && !required))
		return 0;
	if (!json_is_string(v))
		return jc_fail(p, where, required ? "expected a string, not %s" :
		    "expected a string or null, not %s", jc_type(v));
	if (strlen(json_string_value(v)) != json_string_length(v))
		return jc_fail(p, where, "contains a NUL byte");
	free(*out);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int
jc_int(struct jc_parse *p, const char *path, json_t *o, const char *key,
    long long min, long long max, long long *out, bool *given)
{
	json_t *v = json_object_get(o, key);
	char where[160];

	jc_path(where, sizeof where, path, key);
	*given = v != NULL;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v))
		return jc_fail(p, where, "expected an integer, not %s",
		    jc_type(v));
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return jc_fail(p, where, "out of range (%lld..%lld)", min, max);
	*out = json_integer_value(v);
	return 0;
}

static int
jc_bool(struct jc_parse *p, const char *path, json_t *o, const char *key,
    bool *out)
{
	json_t *v = json_object_get(o, key);
	char where[160];

	jc_path(where, sizeof where, path, key);
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return jc_fail(p, where, "expected true or false, not %s",
		    jc_type(v));
	*out = json_is_true(v);
	return 0;
}

static bool
jc_entry_field_name(const char *key)
{
	int f;

	for (f = 0; f < ENTRY_FIELD_COUNT; f++)
		if (strcmp(key, entry_field_def(f)->name) == 0)
			return true;
	return false;
}

static int
jc_parse_initrds(struct jc_parse *p, const char *path, json_t *o,
    struct entry *e)
{
	json_t *a = json_object_get(o, "initrds"), *v;
	char where[160];
	size_t i;

	jc_path(where, sizeof where, path, "initrds");
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return jc_fail(p, where, "expected an array of strings, not %s",
		    jc_type(a));
	if (json_array_size(a) > ENTRY_INITRDS_MAX)
		return jc_fail(p, where, "more than %d initrds",
		    ENTRY_INITRDS_MAX);
	e->initrds = xcalloc(json_array_size(a) + 1, sizeof *e->initrds);
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			return jc_fail(p, where, "[%zu]: expected a string, not "
			    "%s", i, jc_type(v));
		if (strlen(json_string_value(v)) != json_string_length(v))
			return jc_fail(p, where, "[%zu]: contains a NUL byte", i);
		e->initrds[e->n_initrds++] = xstrdup(json_string_value(v));
	}
	return 0;
}

static int
jc_parse_entry(struct jc_parse *p, const char *path, json_t *o,
    struct entry *e)
{
	static const char *const known[] = { "name", "title", "kind", "key",
	    "platform", "enabled", "position", "submenu" };
	char *kind = NULL, *key = NULL, *platform = NULL, where[160];
	long long position = 0;
	bool given;
	int f, rc = -1;

	e->enabled = true;
	if (!json_is_object(o))
		return jc_fail(p, path, "expected an object, not %s",
		    jc_type(o));
	if (jc_known(p, path, o, known, sizeof known / sizeof known[0],
	    jc_entry_field_name) < 0 ||
	    jc_string(p, path, o, "name", true, &e->name, NULL) < 0 ||
	    jc_string(p, path, o, "title", false, &e->title, NULL) < 0 ||
	    jc_string(p, path, o, "kind", true, &kind, NULL) < 0 ||
	    jc_string(p, path, o, "key", false, &key, NULL) < 0 ||
	    jc_string(p, path, o, "platform", false, &platform, NULL) < 0 ||
	    jc_string(p, path, o, "submenu", false, &e->submenu, NULL) < 0 ||
	    jc_bool(p, path, o, "enabled", &e->enabled) < 0 ||
	    jc_int(p, path, o, "position", 0, INT_MAX, &position, &given) < 0 ||
	    jc_parse_initrds(p, path, o, e) < 0)
		goto out;
	for (f = 0; f < ENTRY_FIELD_COUNT; f++)
		if (f != ENTRY_FIELD_INITRDS && jc_string(p, path, o,
		    entry_field_def(f)->name, false,
		    entry_field_text(e, f), NULL) < 0)
			goto out;
	e->position = (int)position;
	if (entry_kind_parse(kind, &e->kind) != 0) {
		jc_path(where, sizeof where, path, "kind");
		jc_fail(p, where, "unknown kind '%.32s'", kind);
		goto out;
	}
	if (key != NULL && *key != '\0' && strlen(key) != 1) {
		jc_path(where, sizeof where, path, "key");
		jc_fail(p, where, "expected one character");
		goto out;
	}
	e->key = key != NULL ? key[0] : '\0';
	if (platform != NULL && platform_parse(platform, &e->platform) != 0) {
		jc_path(where, sizeof where, path, "platform");
		jc_fail(p, where, "expected any, bios or efi");
		goto out;
	}
	rc = 0;
out:
	free(kind);
	free(key);
	free(platform);
	return rc;
}

static int
jc_parse_host(struct jc_parse *p, const char *path, json_t *o,
    struct host *h)
{
	static const char *const known[] = { "mac", "name", "default", "next",
	    "skip_menu", "localboot" };
	char *mac = NULL, *localboot = NULL, where[160];
	const char *why;
	int rc = -1;

	if (!json_is_object(o))
		return jc_fail(p, path, "expected an object, not %s",
		    jc_type(o));
	if (jc_known(p, path, o, known, sizeof known / sizeof known[0],
	    NULL) < 0 ||
	    jc_string(p, path, o, "mac", true, &mac, NULL) < 0 ||
	    jc_string(p, path, o, "name", false, &h->name, NULL) < 0 ||
	    jc_string(p, path, o, "default", false, &h->default_entry,
	    NULL) < 0 ||
	    jc_string(p, path, o, "next", false, &h->next_entry, NULL) < 0 ||
	    jc_bool(p, path, o, "skip_menu", &h->skip_menu) < 0 ||
	    jc_string(p, path, o, "localboot", false, &localboot, NULL) < 0)
		goto out;
	if (mac == NULL || !mac_parse(mac, h->mac)) {
		jc_path(where, sizeof where, path, "mac");
		jc_fail(p, where, "not a MAC address");
		goto out;
	}
	if ((why = mac_problem(h->mac)) != NULL) {
		jc_path(where, sizeof where, path, "mac");
		jc_fail(p, where, "%s %s", h->mac, why);
		goto out;
	}
	if (localboot != NULL && localboot_parse(localboot, &h->localboot)) {
		jc_path(where, sizeof where, path, "localboot");
		jc_fail(p, where, "expected auto, sanboot or exit");
		goto out;
	}
	rc = 0;
out:
	free(mac);
	free(localboot);
	return rc;
}

static int
jc_parse_menu(struct jc_parse *p, json_t *o, struct catalog_import *imp)
{
	static const char *const known[] = { "title", "timeout", "default" };
	long long timeout = 0;
	bool given;

	if (o == NULL)
		return 0;
	if (!json_is_object(o))
		return jc_fail(p, "menu", "expected an object, not %s",
		    jc_type(o));
	if (jc_known(p, "menu", o, known, 3, NULL) < 0)
		return -1;
	if (jc_string(p, "menu", o, "title", false, &imp->menu.title,
	    &given) < 0)
		return -1;
	imp->menu_given |= given ? CATALOG_IMPORT_MENU_TITLE : 0;
	if (jc_int(p, "menu", o, "timeout", 0, INT_MAX, &timeout, &given) < 0)
		return -1;
	imp->menu.timeout = (int)timeout;
	imp->menu_given |= given ? CATALOG_IMPORT_MENU_TIMEOUT : 0;
	if (jc_string(p, "menu", o, "default", false,
	    &imp->menu.default_entry, &given) < 0)
		return -1;
	imp->menu_given |= given ? CATALOG_IMPORT_MENU_DEFAULT : 0;
	return 0;
}

static int
jc_parse_settings(struct jc_parse *p, json_t *o, struct catalog_import *imp)
{
	const char *key, *name;
	char where[160], num[32];
	json_t *v;
	size_t i;

	if (o == NULL)
		return 0;
	if (!json_is_object(o))
		return jc_fail(p, "settings", "expected an object, not %s",
		    jc_type(o));
	json_object_foreach(o, key, v) {
		for (i = 0; (name = catalog_import_setting(i)) != NULL; i++)
			if (strcmp(key, name) == 0)
				break;
		if (name == NULL)
			return jc_fail(p, "settings", ".%.64s: unknown field",
			    key);
		jc_path(where, sizeof where, "settings", key);
		imp->settings_given |= 1u << i;
		/* log_retention goes out as a number; the store keeps text. */
		if (json_is_integer(v) &&
		    strcmp(key, CATALOG_SETTING_LOG_RETENTION) == 0) {
			if (json_integer_value(v) < 0)
				return jc_fail(p, where, "expected a number "
				    "of events, 0 or more");
			snprintf(num, sizeof num, "%lld",
			    (long long)json_integer_value(v));
			imp->settings[i] = xstrdup(num);
		} else if (jc_string(p, "settings", o, key, false,
		    &imp->settings[i], NULL) < 0)
			return -1;
	}
	return 0;
}

static int
jc_parse_list(struct jc_parse *p, json_t *root, const char *name, json_t **a)
{
	*a = json_object_get(root, name);
	if (*a != NULL && !json_is_array(*a))
		return jc_fail(p, name, "expected an array, not %s",
		    jc_type(*a));
	return 0;
}

static int
jc_parse_root(struct jc_parse *p, json_t *root, struct catalog_import *imp)
{
	static const char *const known[] = { "format", "version", "menu",
	    "settings", "entries", "submenus", "hosts", "log" };
	json_t *v, *entries, *hosts, *submenus;
	char path[64], *format = NULL;
	long long version = 0;
	bool given;
	size_t i, j;
	int rc = -1;

	if (!json_is_object(root))
		return jc_fail(p, "$", "expected an object, not %s",
		    jc_type(root));
	if (jc_string(p, "$", root, "format", true, &format, NULL) < 0)
		goto out;
	if (strcmp(format, JSON_CATALOG_FORMAT) != 0) {
		jc_fail(p, "format", "expected \"" JSON_CATALOG_FORMAT "\"");
		goto out;
	}
	/* The version first: a newer document may well have fields this
	   build does not know, and that is the better message. */
	if (jc_int(p, "$", root, "version", 1, INT_MAX, &version, &given) < 0)
		goto out;
	if (!given) {
		jc_fail(p, "version", "missing");
		goto out;
	}
	if (version > JSON_CATALOG_VERSION) {
		jc_fail(p, "version", "%lld is newer than this bootdeck reads "
		    "(%d): use a newer bootdeck", version,
		    JSON_CATALOG_VERSION);
		goto out;
	}
	if (jc_known(p, "$", root, known, sizeof known / sizeof known[0],
	    NULL) < 0 || jc_parse_menu(p, json_object_get(root, "menu"),
	    imp) < 0 || jc_parse_settings(p, json_object_get(root,
	    "settings"), imp) < 0 || jc_parse_list(p, root, "entries",
	    &entries) < 0 || jc_parse_list(p, root, "hosts", &hosts) < 0 ||
	    jc_parse_list(p, root, "submenus", &submenus) < 0 ||
	    jc_parse_list(p, root, "log", &v) < 0)
		goto out;
	if (submenus != NULL && json_array_size(submenus) > 0) {
		jc_fail(p, "submenus[0]", "reserved, must be empty (entries "
		    "name their submenu)");
		goto out;
	}
	imp->entries = xcalloc(json_array_size(entries) + 1,
	    sizeof *imp->entries);
	json_array_foreach(entries, i, v) {
		snprintf(path, sizeof path, "entries[%zu]", i);
		imp->n_entries++;
		if (jc_parse_entry(p, path, v, &imp->entries[i]) < 0)
			goto out;
		if (entry_validate(&imp->entries[i], p->err, p->errlen) !=
		    CATALOG_OK) {
			/* "field: reason" from the one validation there is. */
			char why[256];

			snprintf(why, sizeof why, "%s", p->err);
			snprintf(p->err, p->errlen, "%s.%s", path, why);
			p->failed = true;
			goto out;
		}
		for (j = 0; j < i; j++)
			if (imp->entries[i].position > 0 &&
			    imp->entries[j].position ==
			    imp->entries[i].position) {
				snprintf(path, sizeof path,
				    "entries[%zu].position", i);
				jc_fail(p, path, "%d is also entries[%zu]'s",
				    imp->entries[i].position, j);
				goto out;
			} else if (strcmp(imp->entries[j].name,
			    imp->entries[i].name) == 0) {
				snprintf(path, sizeof path, "entries[%zu].name",
				    i);
				jc_fail(p, path, "'%s' is also entries[%zu]",
				    imp->entries[i].name, j);
				goto out;
			}
	}
	imp->hosts = xcalloc(json_array_size(hosts) + 1, sizeof *imp->hosts);
	json_array_foreach(hosts, i, v) {
		snprintf(path, sizeof path, "hosts[%zu]", i);
		imp->n_hosts++;
		if (jc_parse_host(p, path, v, &imp->hosts[i]) < 0)
			goto out;
		for (j = 0; j < i; j++)
			if (strcmp(imp->hosts[j].mac, imp->hosts[i].mac) == 0) {
				snprintf(path, sizeof path, "hosts[%zu].mac",
				    i);
				jc_fail(p, path, "%s is also hosts[%zu]",
				    imp->hosts[i].mac, j);
				goto out;
			}
	}
	rc = 0;
out:
	free(format);
	return rc;
}

int
json_catalog_parse(const char *text, size_t len, struct catalog_import *imp,
    char *err, size_t errlen)
{
	struct jc_parse p = { .err = err, .errlen = errlen };
	json_error_t jerr;
	json_t *root;
	int rc;

	memset(imp, 0, sizeof *imp);
	if (len > JSON_CATALOG_MAX_BYTES) {
		snprintf(err, errlen, "longer than %u bytes",
		    JSON_CATALOG_MAX_BYTES);
		return -1;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(err, errlen, "%d:%d: %s", jerr.line, jerr.column,
		    jerr.text);
		jc_one_line(err);
		return -1;
	}
	rc = jc_parse_root(&p, root, imp);
	json_decref(root);
	return rc;
}

void
json_catalog_import_clear(struct catalog_import *imp)
{
	size_t i;

	entry_array_free(imp->entries, imp->n_entries);
	host_array_free(imp->hosts, imp->n_hosts);
	menu_settings_clear(&imp->menu);
	for (i = 0; i < CATALOG_IMPORT_SETTINGS; i++)
		free(imp->settings[i]);
	memset(imp, 0, sizeof *imp);
}

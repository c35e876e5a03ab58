/* lint_memo.c: the lint's ISO verdicts by file version and inner path: a hash table, swept of what a run did not use. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/file_version.h"
#include "common/xmalloc.h"
#include "db/lint_memo.h"

/* Buckets to start with; the table doubles when it holds more verdicts. */
#define LINT_MEMO_BUCKETS 64

/* The verdict on one version of one file, or of a path inside it. */
struct lint_memo_slot {
	struct file_version	 key;
	char			*inner;	/* NULL: the ISO's own verdict */
	struct lint_memo_verdict v;	/* v.why is why */
	char			*why;
	unsigned		 round;	/* the last run that used it */
	struct lint_memo_slot	*next;	/* in its bucket */
};

struct lint_memo {
	struct lint_memo_slot	**buckets;
	size_t			 n_buckets;	/* a power of two */
	size_t			 n;
	unsigned		 round;
	size_t			 hits, misses;
};

struct lint_memo *
lint_memo_new(void)
{
	struct lint_memo *m = xcalloc(1, sizeof *m);

	m->n_buckets = LINT_MEMO_BUCKETS;
	m->buckets = xcalloc(m->n_buckets, sizeof *m->buckets);
	return m;
}

static void
lint_memo_slot_free(struct lint_memo_slot *s)
{
	free(s->inner);
	free(s->why);
	free(s);
}

void
lint_memo_free(struct lint_memo *m)
{
	struct lint_memo_slot *s, *next;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n_buckets; i++)
		for (s = m->buckets[i]; s != NULL; s = next) {
			next = s->next;
			lint_memo_slot_free(s);
		}
	free(m->buckets);
	free(m);
}

/* By file and inner path, not version: a file's versions share a
   bucket, which is fine as only one of them is ever in use. */
static size_t
lint_memo_hash(const struct lint_memo *m,
    const struct file_version *k, const char *inner)
{
	uint64_t h = (uint64_t)k->ino ^ ((uint64_t)k->dev << 32 |
	    (uint64_t)k->dev >> 32);

	for (; inner != NULL && *inner != '\0'; inner++)
		h = (h ^ (unsigned char)*inner) * UINT64_C(0x100000001b3);
	h *= UINT64_C(0x9e3779b97f4a7c15);
	return (size_t)(h >> 32) & (m->n_buckets - 1);
}

static bool
lint_memo_slot_is(const struct lint_memo_slot *s,
    const struct file_version *k, const char *inner)
{
	if (!file_version_equal(&s->key, k))
		return false;
	if (s->inner == NULL || inner == NULL)
		return s->inner == inner;
	return strcmp(s->inner, inner) == 0;
}

static void
lint_memo_grow(struct lint_memo *m)
{
	struct lint_memo_slot **old = m->buckets, *s, *next;
	size_t i, n_old = m->n_buckets, b;

	m->n_buckets *= 2;
	m->buckets = xcalloc(m->n_buckets, sizeof *m->buckets);
	for (i = 0; i < n_old; i++)
		for (s = old[i]; s != NULL; s = next) {
			next = s->next;
			b = lint_memo_hash(m, &s->key, s->inner);
			s->next = m->buckets[b];
			m->buckets[b] = s;
		}
	free(old);
}

void
lint_memo_begin(struct lint_memo *m)
{
	if (m != NULL)
		m->round++;
}

void
lint_memo_end(struct lint_memo *m)
{
	struct lint_memo_slot **link, *s;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n_buckets; i++) {
		link = &m->buckets[i];
		while ((s = *link) != NULL) {
			if (s->round == m->round) {
				link = &s->next;
				continue;
			}
			*link = s->next;
			lint_memo_slot_free(s);
			m->n--;
		}
	}
}

static struct lint_memo_slot *
lint_memo_find(const struct lint_memo *m, const struct file_version *k,
    const char *inner)
{
	struct lint_memo_slot *s;

	for (s = m->buckets[lint_memo_hash(m, k, inner)]; s != NULL;
	    s = s->next)
		if (lint_memo_slot_is(s, k, inner))
			return s;
	return NULL;
}

const struct lint_memo_verdict *
lint_memo_get(struct lint_memo *m, const struct stat *st, const char *inner)
{
	struct lint_memo_slot *s;
	struct file_version k;

	file_version_of(st, &k);
	if ((s = lint_memo_find(m, &k, inner)) == NULL) {
		m->misses++;
		return NULL;
	}
	m->hits++;
	s->round = m->round;
	return &s->v;
}

void
lint_memo_put(struct lint_memo *m, const struct stat *st, const char *inner,
    const struct lint_memo_verdict *v)
{
	struct lint_memo_slot *s;
	struct file_version k;
	size_t b;

	file_version_of(st, &k);
	if ((s = lint_memo_find(m, &k, inner)) != NULL)
		free(s->why);
	else {
		if (m->n >= m->n_buckets)
			lint_memo_grow(m);
		s = xcalloc(1, sizeof *s);
		s->key = k;
		s->inner = inner != NULL ? xstrdup(inner) : NULL;
		b = lint_memo_hash(m, &k, inner);
		s->next = m->buckets[b];
		m->buckets[b] = s;
		m->n++;
	}
	s->why = xstrdup(v->why != NULL ? v->why : "");
	s->v = *v;
	s->v.why = s->why;
	s->round = m->round;
}

void
lint_memo_counts(const struct lint_memo *m, struct lint_memo_counts *c)
{
	memset(c, 0, sizeof *c);
	if (m == NULL)
		return;
	c->hits = m->hits;
	c->misses = m->misses;
	c->entries = m->n;
}

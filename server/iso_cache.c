/*
 * iso_cache.c: a small LRU of parsed ISO trees, reference counted so that
 * a tree outlives its eviction while responses still read through it.
 * One worker reads a tree; others asking for the same version meanwhile
 * wait for it rather than read it again (a lab booting one entry at once).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file_version.h"
#include "common/xmalloc.h"
#include "server/iso_cache.h"
#include "server/metrics.h"

struct iso_cached {
	atomic_uint		 refs;	/* the cache's while listed, and users' */
	struct file_version	 key;	/* the version read */
	bool			 loading;	/* being read: wait on loaded */
	struct iso_image	*img;	/* NULL: no usable ISO, for why */
	char			*why;
	int			 errnum;	/* with why */
	struct iso_cached	*prev;	/* most recently used first */
	struct iso_cached	*next;
};

struct iso_cache {
	pthread_mutex_t		 lock;
	pthread_cond_t		 loaded;
	struct iso_cached	*head;
	struct iso_cached	*tail;
	size_t			 n;
	size_t			 max;
};

struct iso_cache *
iso_cache_new(size_t max)
{
	struct iso_cache *c = xcalloc(1, sizeof *c);

	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->loaded, NULL);
	c->max = max > 0 ? max : 1;
	return c;
}

void
iso_cache_free(struct iso_cache *c)
{
	struct iso_cached *e, *next;

	if (c == NULL)
		return;
	for (e = c->head; e != NULL; e = next) {
		next = e->next;
		iso_cached_put(e);
	}
	pthread_cond_destroy(&c->loaded);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static void
iso_cache_unlink(struct iso_cache *c, struct iso_cached *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
	c->n--;
}

static void
iso_cache_push_front(struct iso_cache *c, struct iso_cached *e)
{
	e->prev = NULL;
	e->next = c->head;
	if (c->head != NULL)
		c->head->prev = e;
	else
		c->tail = e;
	c->head = e;
	c->n++;
}

/* With the lock held: the entry for key, made most recent and referenced. */
static struct iso_cached *
iso_cache_lookup(struct iso_cache *c, const struct file_version *key)
{
	struct iso_cached *e;

	for (e = c->head; e != NULL; e = e->next)
		if (file_version_equal(&e->key, key))
			break;
	if (e == NULL)
		return NULL;
	if (e != c->head) {
		iso_cache_unlink(c, e);
		iso_cache_push_front(c, e);
	}
	atomic_fetch_add(&e->refs, 1);
	return e;
}

/* Reads e's tree from fd, outside the lock; then wakes those waiting. */
static void
iso_cache_load(struct iso_cache *c, struct iso_cached *e, int fd)
{
	struct iso_image *img = NULL;
	char why[256];
	int errnum = 0;
	bool forget = false;

	metrics_add(METRICS_ISO_READS, 1);
	if (iso_image_read(fd, &img, why, sizeof why) != 0) {
		errnum = errno;
		/* A failed read says nothing about the file: do not keep it. */
		forget = errnum != EINVAL;
	}
	pthread_mutex_lock(&c->lock);
	e->img = img;
	e->why = img == NULL ? xstrdup(why) : NULL;
	e->errnum = errnum;
	e->loading = false;
	if (forget && (e->prev != NULL || c->head == e))
		iso_cache_unlink(c, e);
	else
		forget = false;
	pthread_cond_broadcast(&c->loaded);
	pthread_mutex_unlock(&c->lock);
	if (forget)
		iso_cached_put(e);	/* the cache's reference */
}

struct iso_cached *
iso_cache_get(struct iso_cache *c, int fd, const struct stat *st, char *err,
    size_t errlen)
{
	struct iso_cached *e, *old = NULL;
	struct file_version key;
	int errnum;

	file_version_of(st, &key);
	pthread_mutex_lock(&c->lock);
	e = iso_cache_lookup(c, &key);
	if (e != NULL) {
		while (e->loading)
			pthread_cond_wait(&c->loaded, &c->lock);
		pthread_mutex_unlock(&c->lock);
	} else {
		e = xcalloc(1, sizeof *e);
		e->key = key;
		e->loading = true;
		atomic_init(&e->refs, 2);	/* the cache's and ours */
		iso_cache_push_front(c, e);
		if (c->n > c->max) {
			old = c->tail;
			iso_cache_unlink(c, old);
		}
		pthread_mutex_unlock(&c->lock);
		iso_cached_put(old);
		iso_cache_load(c, e, fd);
	}
	if (e->img == NULL) {
		snprintf(err, errlen, "%s", e->why);
		errnum = e->errnum;
		iso_cached_put(e);
		errno = errnum;
		return NULL;
	}
	return e;
}

struct iso_cached *
iso_cached_ref(struct iso_cached *e)
{
	atomic_fetch_add(&e->refs, 1);
	return e;
}

void
iso_cached_put(struct iso_cached *e)
{
	if (e == NULL || atomic_fetch_sub(&e->refs, 1) != 1)
		return;
	iso_image_free(e->img);
	free(e->why);
	free(e);
}

const struct iso_image *
iso_cached_image(const struct iso_cached *e)
{
	return e->img;
}

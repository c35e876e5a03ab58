/* reader.c: one query-only catalog connection per worker thread, opened on first use, closed together at stop. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "common/xmalloc.h"
#include "db/catalog.h"
#include "server/reader.h"

/*
 * A boot storm asks for hundreds of menus at once. Behind one shared
 * connection they queued, and a worker descheduled while holding it
 * stalled every other worker's menus for a time slice (tens of ms on a
 * busy machine). SQLite in WAL mode lets each connection read its own
 * snapshot without waiting for the others or for the writer.
 */
struct readers {
	const char	*db_path;
	pthread_key_t	 key;
	pthread_mutex_t	 lock;		/* guards all[] */
	struct catalog	**all;
	size_t		 n, cap;
};

struct readers *
readers_new(const char *db_path)
{
	struct readers *r = xcalloc(1, sizeof *r);

	r->db_path = db_path;
	if (pthread_key_create(&r->key, NULL) != 0)
		abort();
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

struct catalog *
readers_get(struct readers *r, char *err, size_t errlen)
{
	struct catalog *cat = pthread_getspecific(r->key);

	if (cat != NULL)
		return cat;
	if (catalog_open(r->db_path, CATALOG_OPEN_QUERY_ONLY, &cat, err,
	    errlen) != CATALOG_OK)
		return NULL;
	pthread_mutex_lock(&r->lock);
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 8 : r->cap * 2;
		r->all = xreallocarray(r->all, r->cap, sizeof *r->all);
	}
	r->all[r->n++] = cat;
	pthread_mutex_unlock(&r->lock);
	pthread_setspecific(r->key, cat);
	return cat;
}

void
readers_free(struct readers *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		catalog_close(r->all[i]);
	free(r->all);
	pthread_key_delete(r->key);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* lint.c: the catalog lint's time per run, each run reading every ISO (bootdeck check) and with the console's memo. */
/*
 * Usage: lint DB IMAGES_DIR [RUNS]
 *   Runs lint_run RUNS times (default 20) without a memo, then RUNS
 *   times with one, and prints per mode the median and the worst run in
 *   milliseconds; with the memo also the first run (which reads every
 *   ISO) and the memo's hits and misses. bench/lint.sh makes the catalog.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "db/lint.h"

static double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* RUNS runs with o; their times in ms into t; -1 on a catalog failure. */
static int
bench_runs(struct catalog *cat, const struct lint_options *o, double *t,
    int runs, size_t *findings)
{
	struct lint_report r;
	double start;
	int i;

	for (i = 0; i < runs; i++) {
		start = bench_now_ms();
		if (lint_run(cat, o, &r) != CATALOG_OK)
			return -1;
		t[i] = bench_now_ms() - start;
		*findings = r.n;
		lint_report_free(&r);
	}
	return 0;
}

static void
bench_print(const char *what, double *t, int runs, size_t findings)
{
	qsort(t, (size_t)runs, sizeof *t, bench_cmp);
	printf("%-28s runs %-3d median %8.2f ms  max %8.2f ms  (%zu "
	    "findings)\n", what, runs, t[(runs - 1) / 2], t[runs - 1],
	    findings);
}

int
main(int argc, char **argv)
{
	struct lint_options o = { 0 };
	struct lint_memo_counts n;
	struct catalog *cat = NULL;
	double *t = NULL, first;
	size_t findings = 0;
	char err[256];
	int runs = 20, rc = 1;

	if (argc < 3 || argc > 4 || (argc == 4 && (runs = atoi(argv[3])) < 2)) {
		fprintf(stderr, "usage: lint DB IMAGES_DIR [RUNS >= 2]\n");
		return 2;
	}
	if (catalog_open(argv[1], 0, &cat, err, sizeof err) != CATALOG_OK) {
		fprintf(stderr, "lint: %s\n", err);
		return 1;
	}
	o.images_dir = argv[2];
	t = calloc((size_t)runs, sizeof *t);
	if (t == NULL || bench_runs(cat, &o, t, runs, &findings) != 0)
		goto out;
	bench_print("every ISO read (no memo)", t, runs, findings);

	o.memo = lint_memo_new();
	if (bench_runs(cat, &o, t, 1, &findings) != 0)
		goto out;
	first = t[0];
	if (bench_runs(cat, &o, t, runs, &findings) != 0)
		goto out;
	lint_memo_counts(o.memo, &n);
	printf("%-28s %8.2f ms\n", "memo, first run", first);
	bench_print("memo, later runs", t, runs, findings);
	printf("%-28s hits %zu, misses %zu, verdicts held %zu\n", "memo",
	    n.hits, n.misses, n.entries);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "lint: a catalog read failed\n");
	lint_memo_free(o.memo);
	free(t);
	catalog_close(cat);
	return rc;
}

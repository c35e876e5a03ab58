#!/bin/sh
# fuzz/run.sh: builds the fuzz targets of fuzz/targets.list and runs them: `fuzz` for FUZZ_SECONDS each under libFuzzer, `replay` over the seed corpora once.
#
#   run.sh fuzz     clang + libFuzzer; FUZZ_SECONDS (default 60) per target,
#                   FUZZ_CC (default: the first clang found). Without a
#                   compiler that links -fsanitize=fuzzer every target is
#                   skipped, with the reason.
#   run.sh replay   the configured compiler and flags (make check).
#
# FUZZ_PARALLEL (default 1) runs that many targets at a time.
# FUZZ_CORPUS (default: build/fuzz-build/fuzz/corpus) is where the inputs
# libFuzzer finds are kept, a directory per target: one that outlives the
# build tree (CI keeps it in the cache) lets each run go on from the last.
# FUZZ_TARGETS (default: all of them) names the targets to run, e.g.
# `make fuzz FUZZ_TARGETS="pxelinux ipxe_menu" FUZZ_SECONDS=60`.
#
# Needs top_srcdir, top_builddir and what fuzz-build/fuzz.env (made by make)
# holds. Prints one "PASS: NAME ...", "FAIL: NAME ..." or "SKIP: NAME
# (why)" line per target and then "fuzz: N passed, N failed, N skipped";
# exits 1 when a target failed. A failing input is kept as
# $top_builddir/fuzz-build/fuzz/artifacts/NAME-crash-...; reproduce it with
# build/fuzz-build/fuzz/fuzz_NAME FILE (or .../replay/fuzz_NAME FILE).

set -u
mode=${1:-fuzz}
src=${top_srcdir:?}
bld=${top_builddir:?}
. "$bld/fuzz-build/fuzz.env"
seconds=${FUZZ_SECONDS:-60}
out=$bld/fuzz-build/$mode
make=${MAKE:-make}
passed=0 failed=0 skipped=0

names=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$src/fuzz/targets.list" |
    awk '{ print $1 }')
if [ -n "${FUZZ_TARGETS:-}" ]; then
	for n in $FUZZ_TARGETS; do
		echo "$names" | grep -qx "$n" || {
			echo "run.sh: no fuzz target '$n' in fuzz/targets.list" >&2
			exit 2
		}
	done
	names=$FUZZ_TARGETS
fi

result() {
	echo "$1: $2"
	case $1 in
	PASS) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	esac
}

finish() {
	echo "fuzz: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit $?
}

skip_all() {
	for n in $names; do
		result SKIP "$n ($1)"
	done
	finish
}

mkdir -p "$out"
case $mode in
fuzz)
	cc=${FUZZ_CC:-}
	if [ -z "$cc" ]; then
		for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 \
		    clang-14; do
			if command -v "$c" >/dev/null 2>&1; then
				cc=$c
				break
			fi
		done
	fi
	[ -n "$cc" ] || skip_all "no clang (apt-get install clang)"
	# libFuzzer ships with clang's runtime (libclang-rt-*-dev on Debian).
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	    >"$out/probe.c"
	"$cc" -fsanitize=fuzzer,address,undefined -o "$out/probe" \
	    "$out/probe.c" >"$out/probe.log" 2>&1 ||
	    skip_all "$cc cannot link -fsanitize=fuzzer: $(head -n 1 "$out/probe.log")"
	build_cc=$cc
	;;
replay)
	build_cc=$REPLAY_CC
	;;
*)
	echo "usage: run.sh fuzz|replay" >&2
	exit 2
	;;
esac

if ! $make -s -f "$src/fuzz/fuzz.mk" -j"${FUZZ_JOBS:-2}" MODE="$mode" \
    srcdir="$src" builddir="$bld" CC="$build_cc" AR="${AR:-ar}" \
    DEP_CFLAGS="$DEP_CFLAGS" DEP_LIBS="$DEP_LIBS" \
    REPLAY_CFLAGS="$REPLAY_CFLAGS" REPLAY_LDFLAGS="$REPLAY_LDFLAGS" \
    >"$out/build.log" 2>&1; then
	cat "$out/build.log"
	for n in $names; do
		result FAIL "$n (the build failed)"
	done
	finish
fi

# fuzz_one NAME: runs one target for FUZZ_SECONDS; writes its result
# line to $out/NAME.result and what to show of a failure to NAME.why.
fuzz_one() {
	n=$1
	log=$out/$n.log
	# New inputs go to FUZZ_CORPUS; the seeds in the tree stay as they
	# are (add a finding there by hand, with its fix).
	corpus=${FUZZ_CORPUS:-$out/corpus}/$n
	mkdir -p "$corpus" "$out/artifacts"
	start=$(date +%s)
	: > "$out/$n.why"
	if "$out/fuzz_$n" -max_total_time="$seconds" -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix="$out/artifacts/$n-" \
	    "$corpus" "$src/fuzz/corpus/$n" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
		echo "PASS $n ($(( $(date +%s) - start )) s, ${runs:-?} runs, ${cov:-cov: ?})" \
		    > "$out/$n.result"
	else
		echo "FAIL $n (after $(( $(date +%s) - start )) s; input in $out/artifacts/)" \
		    > "$out/$n.result"
		{
			grep -E -A 12 'property failed|runtime error|ERROR: (Address|Leak)' \
			    "$log" | head -n 40
			grep -E '^SUMMARY|Test unit written' "$log" || tail -n 20 "$log"
		} > "$out/$n.why"
	fi
}

if [ "$mode" = replay ]; then
	for n in $names; do
		log=$out/$n.log
		if "$out/fuzz_$n" "$src/fuzz/corpus/$n" >"$log" 2>&1; then
			result PASS "$n ($(tail -n 1 "$log" | sed 's/.*: //'))"
		else
			result FAIL "$n"
			tail -n 30 "$log"
		fi
	done
	finish
fi

# FUZZ_PARALLEL targets at a time (default 1): CI runs two on 2 cores.
running=0
for n in $names; do
	rm -f "$out/$n.result"
	fuzz_one "$n" &
	running=$((running + 1))
	if [ "$running" -ge "${FUZZ_PARALLEL:-1}" ]; then
		wait
		running=0
	fi
done
wait
for n in $names; do
	if [ -f "$out/$n.result" ]; then
		read -r verdict rest < "$out/$n.result"
		result "$verdict" "$rest"
		cat "$out/$n.why"
	else
		result FAIL "$n (no result)"
	fi
done
finish

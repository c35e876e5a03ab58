#!/bin/sh
# replay.sh: every fuzz target (fuzz/targets.list) over its seed corpus, built with the configured compiler: the fuzzers' findings stay fixed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

[ -f "$top_builddir/fuzz-build/fuzz.env" ] ||
    bd_fail "no fuzz-build/fuzz.env: run make check, not the script alone"
sh "$top_srcdir/fuzz/run.sh" replay || bd_fail "a target failed on its corpus"

#!/bin/sh
# bench/lint.sh: the catalog lint over 200 ISO entries, every ISO read each run (bootdeck check) and with the console's memo.
#
# One ISO laid out like a distribution's (a Debian live tree and a pool
# of BENCH_FILES files, so parsing it is reading a real directory tree),
# copied BENCH_ISOS times (distinct files, as on a boot server) and added
# by `bootdeck scan --add`. bench/lint then times lint_run, which is what
# the console runs at most every 3 s while boot events arrive. Warm page
# cache only: a cold one makes the no-memo runs slower still.
# Usage: bench/lint.sh [BUILD_DIR]   (env: BENCH_ISOS 200, BENCH_FILES
# 2000, BENCH_RUNS 20)

set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n=${BENCH_ISOS:-200}
files=${BENCH_FILES:-2000}
runs=${BENCH_RUNS:-20}
bench_name=bench
. "$here/lib.sh"

bench_need xorriso
bench_need_built bootdeck bench/lint
bench_workdir lint
mkdir -p "$T/tree/live" "$T/images"
for f in vmlinuz initrd.img filesystem.squashfs; do
	echo "$f" > "$T/tree/live/$f"
done
i=0
while [ "$i" -lt "$files" ]; do
	d="$T/tree/pool/main/p$((i / 50))"
	[ -d "$d" ] || mkdir -p "$d"
	: > "$d/package-$i.deb"
	i=$((i + 1))
done
xorriso -as mkisofs -quiet -R -J -V bench -o "$T/distro.iso" "$T/tree" \
    >/dev/null 2>&1
i=0
while [ "$i" -lt "$n" ]; do
	cp "$T/distro.iso" "$T/images/distro-$i.iso"
	i=$((i + 1))
done
"$build/bootdeck" -d "$T/catalog.db" init >/dev/null
"$build/bootdeck" -d "$T/catalog.db" scan --add -i "$T/images" >/dev/null
echo "lint_run, $n ISO entries of $((files + 3)) files each:"
"$build/bench/lint" "$T/catalog.db" "$T/images" "$runs"

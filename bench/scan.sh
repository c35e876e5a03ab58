#!/bin/sh
# bench/scan.sh: `bootdeck scan` of an images directory with 50 ISOs, cold then warm (goal: under 1 s warm).
#
# The ISOs are small but laid out like distributions' (a live tree with a
# few hundred files each), so the time is reading 50 directory trees and
# matching recipes, not bytes. Usage: bench/scan.sh [BUILD_DIR]
#   (env: BENCH_ISOS, default 50; BENCH_FILES, files per ISO, default 300)

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n=${BENCH_ISOS:-50}
files=${BENCH_FILES:-300}
bench_name=bench
. "$here/lib.sh"

bench_need xorriso
bench_need_built bootdeck
bench_workdir scan
mkdir -p "$T/tree/live" "$T/tree/pool" "$T/images"
for f in vmlinuz initrd.img filesystem.squashfs; do
	echo "$f" > "$T/tree/live/$f"
done
i=0
while [ "$i" -lt "$files" ]; do
	echo "$i" > "$T/tree/pool/package-$i.deb"
	i=$((i + 1))
done
i=0
while [ "$i" -lt "$n" ]; do
	xorriso -as mkisofs -quiet -R -J -V "bench $i" \
	    -o "$T/images/distro-$i.iso" "$T/tree" >/dev/null 2>&1
	i=$((i + 1))
done
"$build/bootdeck" -d "$T/catalog.db" init >/dev/null

# milliseconds of one scan
run() {
	start=$(date +%s%N)
	"$build/bootdeck" -d "$T/catalog.db" scan -i "$T/images" >/dev/null
	echo $(( ($(date +%s%N) - start) / 1000000 ))
}
sync
echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && cold="$(run) ms" ||
    cold="not measured (needs root to drop caches)"
run >/dev/null
best=
for round in 1 2 3 4 5; do
	ms=$(run)
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
echo "bootdeck scan, $n ISOs of $((files + 3)) files each:"
echo "  cold: $cold"
echo "  warm: $best ms (best of 5; goal under 1000 ms)"

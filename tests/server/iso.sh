#!/bin/sh
# iso.sh: /images/ISO/INNER: bytes from inside ISOs xorriso makes, Range/HEAD/ETag, names, tricks, replaced and broken ISOs.
# bash for /dev/tcp: one kept connection while the ISO is replaced.
if [ -z "${BASH_VERSION:-}" ]; then
	command -v bash >/dev/null 2>&1 || { echo "SKIP: bash is not installed"; exit 77; }
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"
. "$top_srcdir/tests/server/kept_lib.sh"

bd_need xorriso
CLIENT="$top_builddir/tests/server/range_client"
SPLIT="$top_builddir/tests/server/mkiso_split"
[ -x "$CLIENT" ] && [ -x "$SPLIT" ] || bd_skip "test helpers are not built"

"$BOOTDECK" init >/dev/null
mkdir -p "$T/src/live" "$T/src/boot/grub" "$T/src/.disk" "$T/images/distros"
head -c 300000 /dev/urandom > "$T/src/live/vmlinuz"
head -c 70001 /dev/urandom > "$T/src/live/initrd.img"
echo "set timeout=5" > "$T/src/boot/grub/grub.cfg"
echo "Bootdeck Test Disc" > "$T/src/.disk/info"
: > "$T/src/live/empty"
echo "top secret" > "$T/secret.txt"
echo "images only" > "$T/images/other.txt"
# mkiso OUT ARGS...: xorriso quietly, or the test fails with its words.
mkiso() {
	mk_out=$1
	shift
	xorriso -outdev "$mk_out" "$@" >"$T/xorriso.out" 2>&1 ||
	    { cat "$T/xorriso.out"; bd_fail "xorriso failed"; }
}
mkiso "$T/images/distros/live.iso" -joliet on -map "$T/src" /
mkiso "$T/images/plain.iso" -rockridge off -joliet off \
    -compliance iso_9660_level=1 -map "$T/src" /
"$SPLIT" "$T/images/split.iso" "$T/split.bin" || bd_fail "mkiso_split failed"
head -c 100000 /dev/urandom > "$T/images/raw.img"
bd_start_server

F=$T/src/live/vmlinuz
P=/images/distros/live.iso/live/vmlinuz
MAC=52:54:00:00:07:02

# A whole GET, and HEAD: the inner file's length, no body.
srv_expect "GET" 200 "$P?mac=$MAC"
cmp -s "$T/b" "$F" || bd_fail "whole inner file differs"
ETAG=$(srv_header ETag)
DATE=$(srv_header Last-Modified)
case $ETAG in \"*\") ;; *) bd_fail "no strong ETag: '$ETAG'" ;; esac
srv_expect "HEAD" 200 -I "$P"
bd_expect_eq "HEAD length" 300000 "$(srv_header Content-Length)"
bd_expect_eq "HEAD ETag" "$ETAG" "$(srv_header ETag)"
bd_expect_eq "Accept-Ranges" bytes "$(srv_header Accept-Ranges)"
curl -s -I -o /dev/null "$BD_URL$P" \
    --next -s -H 'Range: bytes=0-99' -o "$T/b" "$BD_URL$P" ||
    bd_fail "HEAD then GET: curl failed"
srv_slice "$F" 0 100 | cmp -s - "$T/b" || bd_fail "HEAD sent a body"
# The ISO itself is still a plain image, with its own tag.
srv_expect "the ISO itself" 200 -I /images/distros/live.iso
[ "$(srv_header ETag)" != "$ETAG" ] || bd_fail "inner file has the ISO's ETag"

# range_ok PATH FILE HEADER START LEN: a 206 with exactly those bytes.
range_ok() {
	srv_expect "$1 $3" 206 -H "Range: $3" "$1"
	ro_size=$(wc -c < "$2")
	bd_expect_eq "$1 $3 Content-Range" \
	    "bytes $4-$(( $4 + $5 - 1 ))/$ro_size" "$(srv_header Content-Range)"
	bd_expect_eq "$1 $3 Content-Length" "$5" "$(srv_header Content-Length)"
	srv_slice "$2" "$4" "$5" > "$T/want"
	cmp -s "$T/b" "$T/want" || bd_fail "$1 $3: body differs"
}
range_ok "$P" "$F" "bytes=0-0" 0 1
range_ok "$P" "$F" "bytes=0-" 0 300000
range_ok "$P" "$F" "bytes=-1" 299999 1
range_ok "$P" "$F" "bytes=-2048" 297952 2048
range_ok "$P" "$F" "bytes=-100000" 200000 100000
range_ok "$P" "$F" "bytes=-400000" 0 300000
range_ok "$P" "$F" "bytes=1000-3047" 1000 2048
range_ok "$P" "$F" "bytes=100000-199999" 100000 100000
range_ok "$P" "$F" "bytes=299000-999999" 299000 1000
range_ok "$P" "$F" "bytes=0-1,400000-500000" 0 2
for h in "bytes=300000-" "bytes=-0" "bytes=1-0" "bytes=abc"; do
	srv_expect "$h" 416 -H "Range: $h" "$P"
	bd_expect_eq "$h Content-Range" "bytes */300000" \
	    "$(srv_header Content-Range)"
done
srv_expect "multi-range" 200 -H "Range: bytes=0-1,10-20" "$P"
cmp -s "$T/b" "$F" || bd_fail "multi-range: body differs"

# Conditionals, as for plain images.
srv_expect "If-Range etag" 206 -H "Range: bytes=0-9" -H "If-Range: $ETAG" "$P"
srv_expect "If-Range date" 206 -H "Range: bytes=0-9" -H "If-Range: $DATE" "$P"
srv_expect "If-Range stale" 200 -H "Range: bytes=0-9" -H 'If-Range: "x"' "$P"
cmp -s "$T/b" "$F" || bd_fail "If-Range stale: body differs"
srv_expect "If-None-Match" 304 -H "If-None-Match: $ETAG" "$P"
bd_expect_eq "304 Content-Length" 300000 "$(srv_header Content-Length)"
srv_expect "If-Modified-Since" 304 -H "If-Modified-Since: $DATE" "$P"

# Many Ranges on one connection, exact to the byte.
"$CLIENT" "$BD_PORT" "$P?mac=$MAC" "$F" 300 5 >/dev/null ||
    bd_fail "range_client on the inner file failed"
"$CLIENT" "$BD_PORT" /images/distros/live.iso/live/initrd.img \
    "$T/src/live/initrd.img" 100 6 >/dev/null ||
    bd_fail "range_client on initrd.img failed"

# Other inner files; the empty one has no byte to range over.
srv_expect "grub.cfg" 200 /images/distros/live.iso/boot/grub/grub.cfg
cmp -s "$T/b" "$T/src/boot/grub/grub.cfg" || bd_fail "grub.cfg differs"
srv_expect "dot folder" 200 /images/distros/live.iso/.disk/info
cmp -s "$T/b" "$T/src/.disk/info" || bd_fail ".disk/info differs"
srv_expect "empty" 200 /images/distros/live.iso/live/empty
bd_expect_eq "empty length" 0 "$(srv_header Content-Length)"
srv_expect "empty range" 416 -H "Range: bytes=0-0" \
    /images/distros/live.iso/live/empty
srv_expect "encoded slashes" 200 /images/distros%2flive.iso%2flive%2fvmlinuz
cmp -s "$T/b" "$F" || bd_fail "encoded slashes: body differs"

# Level-1 names, in any case, without ";1" and the trailing dot.
for p in LIVE/VMLINUZ live/vmlinuz Live/Vmlinuz; do
	srv_expect "plain.iso/$p" 200 "/images/plain.iso/$p"
	cmp -s "$T/b" "$F" || bd_fail "plain.iso/$p: body differs"
done
range_ok /images/plain.iso/live/vmlinuz "$F" "bytes=-3000" 297000 3000
srv_expect "plain.iso grub.cfg" 200 /images/plain.iso/boot/grub/grub.cfg
cmp -s "$T/b" "$T/src/boot/grub/grub.cfg" || bd_fail "level-1 grub.cfg differs"

# A file in three separate extents: every read joins them right,
# small ones (read) and large ones (streamed), within and across.
S=/images/split.iso/split.bin
srv_expect "split whole" 200 "$S"
cmp -s "$T/b" "$T/split.bin" || bd_fail "split: whole body differs"
range_ok "$S" "$T/split.bin" "bytes=40000-42000" 40000 2001
range_ok "$S" "$T/split.bin" "bytes=1000-81999" 1000 81000
range_ok "$S" "$T/split.bin" "bytes=41000-89999" 41000 49000
range_ok "$S" "$T/split.bin" "bytes=-50000" 70113 50000
range_ok "$S" "$T/split.bin" "bytes=41000-99999" 41000 59000
"$CLIENT" "$BD_PORT" "$S" "$T/split.bin" 200 9 >/dev/null ||
    bd_fail "range_client on the split file failed"

# Missing inner paths and folders are 404; so is every way out.
for p in \
    /images/distros/live.iso/live/nope \
    /images/distros/live.iso/live \
    /images/distros/live.iso/live/ \
    /images/distros/live.iso/ \
    /images/distros/live.iso/live/vmlinuz/ \
    /images/distros/live.iso/live/vmlinuz/x \
    "/images/distros/live.iso/live/vmlinuz;1" \
    /images/distros/live.iso//live/vmlinuz \
    /images/distros/live.iso/./live/vmlinuz \
    /images/distros/live.iso/live/./vmlinuz \
    /images/distros/live.iso/live/../live/vmlinuz \
    /images/distros/live.iso/../../secret.txt \
    /images/distros/live.iso/../../../secret.txt \
    /images/distros/live.iso/../other.txt \
    /images/distros/live.iso/%2e%2e/%2e%2e/secret.txt \
    /images/distros/live.iso/%2E%2E/other.txt \
    /images/distros/live.iso/live/%2e%2e/%2e%2e/%2e%2e/secret.txt \
    /images/distros/live.iso%2f..%2f..%2f..%2fsecret.txt \
    /images/distros/live.iso/live%2f..%2f..%2f..%2fother.txt \
    /images/distros/live.iso/%2flive/vmlinuz \
    /images/distros/live.iso/%2fetc%2fpasswd \
    "/images/distros/live.iso/live/vmlinuz%00" \
    /images/distros/live.iso/%00/vmlinuz \
    /images/distros/live.iso/..%5c..%5csecret.txt \
    /images/distros/nope.iso/live/vmlinuz \
    /images/other.txt/live/vmlinuz; do
	code=$(srv_get "$p")
	bd_expect_eq "$p" 404 "$code"
	grep -q -e secret -e 'images only' "$T/b" && bd_fail "$p leaked a file"
done
bd_expect_grep "missing image distros/live.iso/live/nope" "$T/bootdeckd.log"

# Transfers are recorded under the whole request path.
srv_log_has "image .*distros/live.iso/live/vmlinuz .*/300000 bytes" --mac "$MAC"

# Replaced by a new ISO (mv over it) while a connection keeps reading:
# each answer is the old file's bytes with the old tag or the new
# file's with a new one, never a mix; soon the new.
cp "$F" "$T/old-vmlinuz"
exec 3<>"/dev/tcp/127.0.0.1/$BD_PORT" || bd_fail "cannot connect"
kept_get "$P"
bd_expect_eq "kept GET" 206 "$K_STATUS"
bd_expect_eq "kept GET ETag" "$ETAG" "$K_ETAG"
head -c 250000 /dev/urandom > "$T/src/live/vmlinuz"
mkiso "$T/images/distros/new.tmp" -joliet on -map "$T/src" /
mv "$T/images/distros/new.tmp" "$T/images/distros/live.iso"
i=0
while :; do
	kept_get "$P"
	bd_expect_eq "kept GET while replaced" 206 "$K_STATUS"
	if srv_slice "$F" 100 64 | cmp -s - "$T/kb"; then
		[ "$K_ETAG" != "$ETAG" ] || bd_fail "new bytes, old ETag"
		break
	fi
	srv_slice "$T/old-vmlinuz" 100 64 | cmp -s - "$T/kb" ||
	    bd_fail "replaced: neither old nor new bytes"
	bd_expect_eq "old bytes keep the old ETag" "$ETAG" "$K_ETAG"
	i=$((i + 1))
	[ "$i" -lt 100 ] || bd_fail "the replaced ISO was never noticed"
	sleep 0.05
done
exec 3>&-

# The new bytes and tag for everyone; the old tag no longer ranges
# (If-Range sends the whole new file, never a mix).
srv_expect "after replace" 200 "$P"
cmp -s "$T/b" "$F" || bd_fail "after replace: old bytes"
NEW_ETAG=$(srv_header ETag)
[ "$NEW_ETAG" != "$ETAG" ] || bd_fail "ETag did not change with the ISO"
srv_expect "If-Range old tag" 200 -H "Range: bytes=0-9" -H "If-Range: $ETAG" "$P"
cmp -s "$T/b" "$F" || bd_fail "If-Range old tag: not the whole new file"
srv_expect "If-None-Match old tag" 200 -H "If-None-Match: $ETAG" "$P"
srv_expect "If-None-Match new tag" 304 -H "If-None-Match: $NEW_ETAG" "$P"
# Other files in the new ISO get new tags too.
srv_expect "grub.cfg after replace" 200 -I /images/distros/live.iso/boot/grub/grub.cfg
G_ETAG=$(srv_header ETag)
touch -d '2001-01-01' "$T/images/distros/live.iso"
srv_expect "grub.cfg after touch" 200 -I /images/distros/live.iso/boot/grub/grub.cfg
[ "$(srv_header ETag)" != "$G_ETAG" ] || bd_fail "ETag did not change with mtime"

# Many clients at once on an ISO not read yet: one reads, all get it.
cp "$T/images/distros/live.iso" "$T/images/fresh.iso"
srv_expect "metrics" 200 /metrics
ISO_READS=$(sed -n 's/^bootdeckd_iso_reads_total //p' "$T/b")
par_pids=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	curl -s -o "$T/par.$i" -w '%{http_code}' "$BD_URL/images/fresh.iso/live/vmlinuz" \
	    > "$T/par.$i.code" &
	par_pids="$par_pids $!"
done
# Not a bare wait: bootdeckd is a child too.
for pid in $par_pids; do
	wait "$pid" || true
done
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	bd_expect_eq "parallel $i" 200 "$(cat "$T/par.$i.code")"
	cmp -s "$T/par.$i" "$F" || bd_fail "parallel $i: body differs"
done
srv_expect "metrics" 200 /metrics
bd_expect_eq "trees read for fresh.iso" $((ISO_READS + 1)) \
    "$(sed -n 's/^bootdeckd_iso_reads_total //p' "$T/b")"

# Broken ISOs: a 404 and one clear line in the log, every time.
cp "$T/images/distros/live.iso" "$T/images/half.iso"
truncate -s 40000 "$T/images/half.iso"
for i in 1 2; do
	srv_expect "truncated ISO" 404 /images/half.iso/live/vmlinuz
	srv_expect "not an ISO" 404 /images/raw.img/live/vmlinuz
done
bd_expect_grep "image half.iso/live/vmlinuz: half.iso: truncated: " \
    "$T/bootdeckd.log"
bd_expect_grep "image raw.img/live/vmlinuz: raw.img: not an ISO 9660 image" \
    "$T/bootdeckd.log"
bd_expect_eq "log lines for the truncated ISO" 2 \
    "$(grep -c 'image half.iso/live/vmlinuz:' "$T/bootdeckd.log")"
srv_log_has "error .*half.iso/live/vmlinuz: half.iso: truncated"
# Fixed in place: the next request reads it anew.
cp "$T/images/distros/live.iso" "$T/images/half.iso"
srv_expect "repaired ISO" 200 /images/half.iso/live/vmlinuz
cmp -s "$T/b" "$F" || bd_fail "repaired ISO: body differs"

srv_alive
bd_stop_server

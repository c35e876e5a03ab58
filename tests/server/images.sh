#!/bin/sh
# images.sh: /images/ serving: HEAD, Range forms, 416, multi-range, If-Range, ETag, 304, > 4 GiB.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/server/server_lib.sh"

"$BOOTDECK" init >/dev/null
mkdir -p "$T/images/sub"
F="$T/images/disk.iso"
head -c 300000 /dev/urandom > "$F"
: > "$T/images/empty.img"
bd_start_server

# HEAD: the real length, no body.
srv_expect "HEAD" 200 -I /images/disk.iso
bd_expect_eq "HEAD length" 300000 "$(srv_header Content-Length)"
# No body after HEAD: the next response on the same connection is intact.
curl -s -I -o /dev/null "$BD_URL/images/disk.iso" \
    --next -s -H 'Range: bytes=0-99' -o "$T/b" "$BD_URL/images/disk.iso" ||
    bd_fail "HEAD then GET: curl failed"
srv_slice "$F" 0 100 | cmp -s - "$T/b" || bd_fail "HEAD sent a body"
bd_expect_eq "Accept-Ranges" bytes "$(srv_header Accept-Ranges)"
ETAG=$(srv_header ETag)
DATE=$(srv_header Last-Modified)
case $ETAG in \"*\") ;; *) bd_fail "no strong ETag: '$ETAG'" ;; esac
[ -n "$DATE" ] || bd_fail "no Last-Modified"
# HEAD ignores Range: iPXE's HEAD wants the whole size.
srv_expect "HEAD with Range" 200 -I -H 'Range: bytes=0-9' /images/disk.iso
bd_expect_eq "HEAD with Range length" 300000 "$(srv_header Content-Length)"

# A full GET.
srv_expect "GET" 200 /images/disk.iso
cmp -s "$T/b" "$F" || bd_fail "full body differs"

# range_ok HEADER START LEN: a 206 with exactly those bytes.
range_ok() {
	srv_expect "$1" 206 -H "Range: $1" /images/disk.iso
	bd_expect_eq "$1 Content-Range" \
	    "bytes $2-$(( $2 + $3 - 1 ))/300000" "$(srv_header Content-Range)"
	bd_expect_eq "$1 Content-Length" "$3" "$(srv_header Content-Length)"
	srv_slice "$F" "$2" "$3" > "$T/want"
	cmp -s "$T/b" "$T/want" || bd_fail "$1: body differs"
}
range_ok "bytes=0-0" 0 1
range_ok "bytes=0-" 0 300000
range_ok "bytes=-1" 299999 1
range_ok "bytes=299999-299999" 299999 1
range_ok "bytes=1000-3047" 1000 2048
range_ok "bytes=-400000" 0 300000
range_ok "bytes=299000-999999" 299000 1000
range_ok "BYTES=5-9" 5 5
range_ok "bytes=0-1,400000-500000" 0 2

# range_416 HEADER: unsatisfiable or malformed, with the length.
range_416() {
	srv_expect "$1" 416 -H "Range: $1" /images/disk.iso
	bd_expect_eq "$1 Content-Range" "bytes */300000" \
	    "$(srv_header Content-Range)"
}
range_416 "bytes=300000-"
range_416 "bytes=300000-300010"
range_416 "bytes=-0"
range_416 "bytes=1-0"
range_416 "bytes=abc"
range_416 "bytes="
range_416 "bytes=-2147481600--2147479553"
range_416 "bytes=99999999999999999999-"
range_416 "bytes=0-1x"

# Other units are ignored; several ranges get the whole file.
srv_expect "other unit" 200 -H "Range: items=0-1" /images/disk.iso
cmp -s "$T/b" "$F" || bd_fail "other unit: body differs"
srv_expect "multi-range" 200 -H "Range: bytes=0-1,10-20" /images/disk.iso
cmp -s "$T/b" "$F" || bd_fail "multi-range: body differs"

# If-Range: a matching validator keeps the range, any other sends it all.
srv_expect "If-Range etag" 206 -H "Range: bytes=0-9" -H "If-Range: $ETAG" \
    /images/disk.iso
srv_expect "If-Range date" 206 -H "Range: bytes=0-9" -H "If-Range: $DATE" \
    /images/disk.iso
srv_expect "If-Range stale etag" 200 -H "Range: bytes=0-9" \
    -H 'If-Range: "nope"' /images/disk.iso
cmp -s "$T/b" "$F" || bd_fail "If-Range mismatch: body differs"
srv_expect "If-Range weak" 200 -H "Range: bytes=0-9" -H "If-Range: W/$ETAG" \
    /images/disk.iso
srv_expect "If-Range old date" 200 -H "Range: bytes=0-9" \
    -H "If-Range: Thu, 01 Jan 1970 00:00:00 GMT" /images/disk.iso

# Conditional GETs.
srv_expect "If-None-Match" 304 -H "If-None-Match: \"x\", $ETAG" /images/disk.iso
bd_expect_eq "304 body" 0 "$(wc -c < "$T/b")"
# RFC 9110: a 304's Content-Length, if any, is the 200's.
bd_expect_eq "304 Content-Length" 300000 "$(srv_header Content-Length)"
bd_expect_eq "304 Content-Length headers" 1 \
    "$(grep -ci '^Content-Length:' "$T/h")"
srv_expect "If-None-Match other" 200 -H 'If-None-Match: "x"' /images/disk.iso
srv_expect "If-Modified-Since" 304 -H "If-Modified-Since: $DATE" \
    /images/disk.iso
bd_expect_eq "304 by date Content-Length" 300000 \
    "$(srv_header Content-Length)"
# No body follows it: the connection serves the next request.
out=$(curl -s -o /dev/null -w '%{http_code}:%{num_connects} ' \
    -H "If-None-Match: $ETAG" "$BD_URL/images/disk.iso" "$BD_URL/images/disk.iso")
bd_expect_eq "304s on one connection" "304:1 304:0 " "$out"
srv_expect "If-Modified-Since old" 200 \
    -H "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT" /images/disk.iso

# An etag changes with the file.
touch -d '2001-01-01' "$F"
srv_expect "HEAD after touch" 200 -I /images/disk.iso
[ "$(srv_header ETag)" != "$ETAG" ] || bd_fail "ETag did not change"

# The empty file: whole is fine, no byte is satisfiable.
srv_expect "empty" 200 /images/empty.img
bd_expect_eq "empty length" 0 "$(srv_header Content-Length)"
srv_expect "empty range" 416 -H "Range: bytes=0-0" /images/empty.img
bd_expect_eq "empty Content-Range" "bytes */0" "$(srv_header Content-Range)"

# Directories and missing files are 404; a missing image is in the log.
srv_expect "directory" 404 /images/sub
srv_expect "directory slash" 404 /images/sub/
srv_expect "root" 404 /images/
srv_expect "missing" 404 "/images/gone.iso?mac=52:54:00:00:00:99"
srv_log_has "missing image gone.iso" --mac 52:54:00:00:00:99

# Over 4 GiB: a sparse 5 GiB file with a marker past 4 GiB.
BIG="$T/images/big.img"
truncate -s 5G "$BIG" 2>/dev/null || bd_skip "no sparse files here"
OFF=$(( (4 << 30) + 4096 + 7 ))
printf 'BOOTDECK-MARKER' | dd of="$BIG" bs=1 seek="$OFF" conv=notrunc \
    2>/dev/null
srv_expect "big HEAD" 200 -I /images/big.img
bd_expect_eq "big length" 5368709120 "$(srv_header Content-Length)"
srv_expect "big range" 206 -H "Range: bytes=$OFF-$(( OFF + 14 ))" \
    /images/big.img
bd_expect_eq "big marker" BOOTDECK-MARKER "$(cat "$T/b")"
bd_expect_eq "big Content-Range" "bytes $OFF-$(( OFF + 14 ))/5368709120" \
    "$(srv_header Content-Range)"
srv_expect "big tail" 206 -H "Range: bytes=-4096" /images/big.img
bd_expect_eq "big tail Content-Range" "bytes 5368705024-5368709119/5368709120" \
    "$(srv_header Content-Range)"
bd_expect_eq "big tail length" 4096 "$(wc -c < "$T/b")"
srv_expect "big past end" 416 -H "Range: bytes=5368709120-" /images/big.img
srv_expect "big 32-bit negative" 416 \
    -H "Range: bytes=-2147481600--2147479553" /images/big.img

srv_alive
bd_stop_server

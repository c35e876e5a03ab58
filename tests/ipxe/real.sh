# tests/ipxe/real.sh: real iPXE from source, unpacked and built once per machine in a cache outside the clone (sourced after tests/lib.sh).
#
# The source is $IPXE_SRC (an iPXE checkout, built in place, or an
# archive) or else the snapshot in ../shared/ipxe/ next to the source
# tree (its README). An archive is unpacked into
# ${BOOTDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bootdeck}/ipxe-KEY/,
# KEY naming the archive's bytes and the build settings, so every run,
# every clone and every build directory (the suite and its ASan run) on
# this machine shares one tree: the first build there takes minutes,
# later ones only rebuild what a new bootstrap script touches (one
# object and the links). `bootdeck ipxe build` locks the tree while it
# builds; the unpacking is locked here.

IPXE_CACHE=${BOOTDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bootdeck}
# The settings every test build uses (bootdeck.conf lines); part of KEY.
IPXE_SETTINGS=""
# The URL of the plain builds (tests/netns/netns.sh's NETNS_URL).
IPXE_PLAIN_URL=http://10.99.0.1:8080

# ipxe_real_init [https]: sets IPXE_TREE to a tree ready for `bootdeck
# ipxe build`, or skips when there is no iPXE source (or no way to build
# it). With https the tree is one of its own (KEY says so), so that plain
# and HTTPS builds do not take turns rebuilding what embeds the CA and
# relinking every target: it starts as a copy of the plain tree built
# with the network-namespace tests' URL, objects and all (the same
# general.h: every build has HTTPS), so a cold machine compiles iPXE once.
ipxe_real_init() {
	IPXE_HTTPS=${1:-}
	bd_need make gcc ld objcopy perl flock xz tar
	if [ -n "${IPXE_SRC:-}" ] && [ -d "$IPXE_SRC" ]; then
		IPXE_TREE=$IPXE_SRC
		return 0
	fi
	if [ -n "${IPXE_SRC:-}" ]; then
		archive=$IPXE_SRC
		[ -f "$archive" ] || bd_fail "IPXE_SRC=$IPXE_SRC is neither an iPXE tree nor an archive"
	else
		archive=""
		for a in "$top_srcdir"/../shared/ipxe/ipxe-*.tar.xz; do
			[ -f "$a" ] && archive=$a
		done
		[ -n "$archive" ] || bd_skip "no iPXE source: set IPXE_SRC to an iPXE checkout or archive, or put the snapshot in $top_srcdir/../shared/ipxe/ (see README, Building iPXE)"
	fi
	key=$(printf '%s\n%s\n' "$(cksum < "$archive")" "$IPXE_SETTINGS" |
	    cksum | cut -d ' ' -f 1)
	dir="$IPXE_CACHE/ipxe-$key"
	mkdir -p "$IPXE_CACHE"
	(
		flock 9
		if [ ! -f "$dir/ipxe/src/Makefile" ]; then
			rm -rf "$dir.tmp" "$dir"
			mkdir -p "$dir.tmp"
			tar -xJf "$archive" -C "$dir.tmp" &&
			    [ -f "$dir.tmp/ipxe/src/Makefile" ] &&
			    mv "$dir.tmp" "$dir"
		fi
	) 9>"$dir.lock" || bd_fail "unpacking $archive into $dir failed"
	IPXE_TREE="$dir/ipxe"
	[ -n "$IPXE_HTTPS" ] || return 0
	plain=$IPXE_TREE
	dir="$IPXE_CACHE/ipxe-$key-https"
	(
		flock 9
		[ ! -f "$dir/ipxe/src/Makefile" ] || exit 0
		rm -rf "$dir.tmp" "$dir"
		mkdir -p "$dir.tmp"
		echo "the HTTPS tree starts as the plain one, built:"
		ipxe_real_build "$IPXE_PLAIN_URL" "$T/ipxe-seed"
		# Under the build's own lock: no build writes while it copies.
		flock "$plain/src/config/local/bootdeck/.lock" \
		    cp -a "$plain" "$dir.tmp/" && mv "$dir.tmp" "$dir"
	) 9>"$dir.lock" || bd_fail "copying the built $plain into $dir failed"
	IPXE_TREE="$dir/ipxe"
}

# ipxe_real_build URL OUT [OPTION...]: the real `bootdeck ipxe build` of
# the four targets with the bootstrap for URL embedded, into OUT (more
# options, --trust CA, after); its output is in $T/ipxe-build.out.
ipxe_real_build() {
	url=$1
	out=$2
	shift 2
	printf 'ipxe_dir = %s\n%s\n' "$out" "$IPXE_SETTINGS" > "$T/ipxe-build.conf"
	"$BOOTDECK" -c "$T/ipxe-build.conf" ipxe build --src "$IPXE_TREE" \
	    --url "$url" --out "$out" "$@" > "$T/ipxe-build.out" 2>&1 || {
		cat "$T/ipxe-build.out"
		bd_fail "bootdeck ipxe build failed"
	}
	echo "bootdeck ipxe build:"
	cat "$T/ipxe-build.out"
}

# ipxe_real_tls: sets IPXE_TLS to the directory of a `bootdeck tls init`
# CA and server certificate for 10.99.0.1 (tests/netns/netns.sh's
# server), made once next to the HTTPS tree: a new CA every run would
# rebuild the objects that embed it and relink every target.
ipxe_real_tls() {
	IPXE_TLS="$(dirname "$IPXE_TREE")/bootdeck-tls"
	: > "$T/tls-init.conf"
	(
		flock 9
		if [ ! -f "$IPXE_TLS/server.key" ]; then
			rm -rf "$IPXE_TLS"
			"$BOOTDECK" -c "$T/tls-init.conf" tls init \
			    --dir "$IPXE_TLS" --name 10.99.0.1 >/dev/null
		fi
	) 9>"$IPXE_TLS.lock" || bd_fail "tls init for the HTTPS tree failed"
}

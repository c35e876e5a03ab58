#!/bin/sh
# tests/ipxe/build.sh: `bootdeck ipxe build` against a fake iPXE tree: targets, EMBED script, named config, outputs, failures.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

bd_need make gcc ld objcopy perl
unset BOOTDECK_IPXE_SERIAL_CONSOLE BOOTDECK_IPXE_GENERAL BOOTDECK_IPXE_SCRIPT
URL=http://10.0.2.2:8080
GOLDEN="$T/bootstrap.golden"
# The golden script reports build=bootdeck-0.1.0; this bootdeck reports
# its own version.
ID="bootdeck-$("$BOOTDECK" --version | sed -n '1s/.* //p')"
sed "s/&build=bootdeck-0\.1\.0 /\&build=$ID /" \
    "$top_srcdir/tests/unit/golden/bootstrap_embedded.ipxe" > "$GOLDEN"
grep -q "&build=$ID " "$GOLDEN" || bd_fail "no build=$ID in the golden bootstrap"

# fresh_tree: a writable copy of the fake tree at $T/ipxe.
fresh_tree() {
	rm -rf "$T/ipxe" "$T/recorded"
	cp -R "$top_srcdir/tests/ipxe/fake-tree" "$T/ipxe"
	chmod -R u+w "$T/ipxe"
	rm -rf "$T/ipxe/recorded"
}

# The plain build: four targets, CONFIG=bootdeck, the bootstrap embedded.
fresh_tree
bd_run 0 bd ipxe build --src "$T/ipxe" --url "$URL" --out "$T/built"
bd_no_error
rec="$T/ipxe/recorded"
bd_expect_eq "CONFIG" bootdeck "$(cat "$rec/config")"
sort "$rec/targets" > "$T/targets"
printf '%s\n' bin-x86_64-efi/ipxe.efi bin-x86_64-efi/snponly.efi \
    bin-x86_64-pcbios/undionly.kpxe bin/undionly.kpxe > "$T/targets.want"
cmp "$T/targets" "$T/targets.want" || bd_fail "make got other targets: $(cat "$T/targets")"
# Before any target, each bin directory once, as goal alone, in order:
# iPXE writes its lists then, not between two targets' compiles.
printf '%s\n' bin bin-x86_64-pcbios bin-x86_64-efi > "$T/prepared.want"
cmp "$rec/prepared" "$T/prepared.want" || bd_fail "bin directories prepared: $(cat "$rec/prepared")"
log="$T/ipxe/src/config/local/bootdeck/build.log"
cfg_state="$T/ipxe/src/config/local/bootdeck/build.state"
last_prep=$(grep -n 'bootdeck > bin-x86_64-efi/\.config\.list' "$log" | cut -d: -f1)
first_build=$(grep -n '\[BUILD\]' "$log" | head -n 1 | cut -d: -f1)
[ -n "$last_prep" ] && [ "$last_prep" -lt "$first_build" ] ||
    bd_fail "the bin directories were not prepared before the first compile"
cmp "$rec/embed" "$GOLDEN" || {
	diff "$GOLDEN" "$rec/embed"
	bd_fail "the EMBED script is not the bootstrap for $URL"
}
for pair in undionly.kpxe:bin/undionly.kpxe \
    undionly-x86_64.kpxe:bin-x86_64-pcbios/undionly.kpxe \
    ipxe.efi:bin-x86_64-efi/ipxe.efi snponly.efi:bin-x86_64-efi/snponly.efi; do
	file=${pair%%:*} target=${pair#*:}
	cmp "$T/built/$file" "$T/ipxe/src/$target" || bd_fail "$file is not $target"
	bd_expect_grep "^  $file +[0-9]+ bytes" "$T/out"
done
bd_expect_grep "^Built iPXE with the bootstrap for $URL/boot.ipxe embedded" "$T/out"
bd_expect_grep "$URL/boot.ipxe" "$T/built/bootdeck-ipxe.txt"
bd_expect_grep "build=$ID" "$T/built/bootdeck-ipxe.txt"
# Progress: one make per target, each named with its time; -j defaults
# to the cores.
bd_expect_grep "^Building iPXE in $T/ipxe/src \(make -j$(nproc) CONFIG=bootdeck" "$T/out"
n=1
for pair in undionly.kpxe:bin/undionly.kpxe \
    undionly-x86_64.kpxe:bin-x86_64-pcbios/undionly.kpxe \
    ipxe.efi:bin-x86_64-efi/ipxe.efi snponly.efi:bin-x86_64-efi/snponly.efi; do
	file=${pair%%:*} target=${pair#*:}
	bd_expect_grep "^  \[$n/4\] $file +[0-9]+:[0-5][0-9]  make $target\$" "$T/out"
	bd_expect_grep "^  \[$n/4\] $file +[0-9]+:[0-5][0-9]  built \(1 file compiled\)\$" "$T/out"
	n=$((n + 1))
done
[ ! -e "$T/built/.ipxe.efi.tmp" ] || bd_fail "a temporary file left in the output"
# No extra settings: the named config headers say nothing but HTTPS on
# every platform, trust anchor or not.
[ "$(grep '^#' "$rec/general.h")" = "#define DOWNLOAD_PROTO_HTTPS" ] ||
    bd_fail "general.h: not HTTPS alone: $(grep '^#' "$rec/general.h")"
! grep -q '^#' "$rec/console.h" ||
    bd_fail "settings in console.h that nobody asked for"
# The user's tree is touched only in the named config directory (and
# make's own bin directories).
(cd "$T/ipxe" && find . -type f | grep -v '^\./src/bin' |
    grep -v '^\./recorded/' | sort) > "$T/files"
printf '%s\n' ./src/Makefile ./src/config/general.h \
    ./src/config/local/bootdeck/.lock \
    ./src/config/local/bootdeck/bootstrap.ipxe \
    ./src/config/local/bootdeck/build.log \
    ./src/config/local/bootdeck/build.state \
    ./src/config/local/bootdeck/console.h \
    ./src/config/local/bootdeck/general.h > "$T/files.want"
cmp "$T/files" "$T/files.want" || {
	diff "$T/files.want" "$T/files"
	bd_fail "the build wrote outside src/config/local/bootdeck"
}

# Nothing changed since make ran: make does not run again, every target
# is reported up to date and copied out all the same.
cp "$T/out" "$T/first.out"
# unmade [NAME]: make was not run since the last call to unmade.
unmade() {
	[ ! -e "$rec/targets" ] && [ ! -e "$rec/prepared" ]
}
made() {
	! unmade
}
# state_dump: what the state said before the last build, and the ctimes
# of the tree now (outside make's bin directories).
state_dump() {
	echo "--- build.state before the build:"
	cat "$T/state.before"
	echo "--- ctimes, inodes:"
	find "$T/ipxe/src" -path "$T/ipxe/src/bin*" -prune -o \
	    -printf '%C@ %i %p\n' | sort
}
rm -f "$rec/targets" "$rec/prepared"
cp "$cfg_state" "$T/state.before"
bd_run 0 bd ipxe build --src "$T/ipxe" --url "$URL" --out "$T/again"
bd_no_error
unmade || { state_dump; bd_fail "make ran again for an unchanged build"; }
n=1
for file in undionly.kpxe undionly-x86_64.kpxe ipxe.efi snponly.efi; do
	bd_expect_grep "^  \[$n/4\] $file +[0-9]+:[0-5][0-9]  up to date \(0 files compiled\)\$" "$T/out"
	cmp "$T/built/$file" "$T/again/$file" || bd_fail "$file differs unchanged"
	n=$((n + 1))
done
cmp "$T/built/bootdeck-ipxe.txt" "$T/again/bootdeck-ipxe.txt" || bd_fail "another bootdeck-ipxe.txt"
grep -v '^  \[' "$T/first.out" | sed "s|$T/built|OUT|" > "$T/first.rest"
grep -v '^  \[' "$T/out" | sed "s|$T/again|OUT|" > "$T/again.rest"
cmp "$T/first.rest" "$T/again.rest" || bd_fail "the report of an unchanged build differs"
bd_expect_grep "\[BUILD\]" "$log"
# Anything make depends on that changes makes it run: each case once
# with make, then once without.
# build_again: the build, with $url, after forgetting make's calls.
url=$URL
build_again() {
	rm -f "$rec/targets" "$rec/prepared"
	bd_run 0 bd ipxe build --src "$T/ipxe" --url "$url" --out "$T/again"
}
# changed WHAT: make ran in the last build, and does not in the next.
changed() {
	made || bd_fail "make did not run after: $1"
	build_again
	unmade || bd_fail "make ran twice after: $1"
}
touch "$T/ipxe/src/config/general.h"
build_again; changed "a touched source file"
echo '/* edited */' >> "$T/ipxe/src/config/general.h"
build_again; changed "an edited source file"
mkdir -p "$T/ipxe/src/net"
echo 'int tcp;' > "$T/ipxe/src/net/tcp.c"
build_again; changed "a new source file"
rm "$T/ipxe/src/net/tcp.c"
build_again; changed "a deleted source file"
mv "$T/ipxe/src/net" "$T/ipxe/src/net2"
build_again; changed "a renamed directory"
echo '#define FROM_ELSEWHERE' > "$T/elsewhere.h"
ln -s "$T/elsewhere.h" "$T/ipxe/src/config/elsewhere.h"
build_again; changed "a new link"
echo '#define EDITED' >> "$T/elsewhere.h"
build_again; changed "a file a link points to, edited"
# iPXE's make reads the checkout's git HEAD and index for its version.
mkdir -p "$T/ipxe/.git/refs/heads"
echo 'ref: refs/heads/master' > "$T/ipxe/.git/HEAD"
build_again; changed "a git repository"
echo 1234567 > "$T/ipxe/.git/refs/heads/master"
build_again; changed "a new commit"
: > "$T/ipxe/.git/index"
build_again; changed "a new git index"
rm "$T/ipxe/src/bin-x86_64-efi/snponly.efi"
build_again; changed "a removed binary"
echo 'relinked elsewhere' > "$T/ipxe/src/bin/undionly.kpxe"
build_again; changed "a binary rewritten"
url=http://10.0.2.9:8080
build_again; changed "another URL"
url=$URL
build_again; changed "the URL back"
SOURCE_DATE_EPOCH=1 build_again
made || bd_fail "make did not run with another SOURCE_DATE_EPOCH"
build_again; changed "SOURCE_DATE_EPOCH unset again"
# A state that does not read back: make runs.
printf 'start x\n' > "$cfg_state"
build_again; changed "an unreadable state"
# A failed make leaves no state: the next build runs make again.
url=http://10.0.2.10:8080
FAKE_IPXE_FAIL="tcp_xmit undeclared" bd_run 1 bd ipxe build --src "$T/ipxe" \
    --url "$url" --out "$T/again"
[ ! -s "$cfg_state" ] || bd_fail "a failed make left a state"
build_again; changed "a failed make"
url=$URL
build_again

# Nothing changed: the config and the script keep their times, so iPXE's
# make rebuilds nothing (every object depends on the config headers).
cfg="$T/ipxe/src/config/local/bootdeck"
touch -d 2001-01-01 "$cfg/general.h" "$cfg/console.h" "$cfg/bootstrap.ipxe"
bd_run 0 bd ipxe build --src "$T/ipxe" --url "$URL" --out "$T/built" --jobs 3
bd_expect_grep "make -j3 CONFIG" "$T/out"
for f in general.h console.h bootstrap.ipxe; do
	[ "$(date -u -r "$cfg/$f" +%Y)" = 2001 ] || bd_fail "$f rewritten unchanged"
done
# A new URL rewrites the script only.
bd_run 0 bd ipxe build --src "$T/ipxe" --url http://10.0.2.3:8080 --out "$T/built3"
[ "$(date -u -r "$cfg/bootstrap.ipxe" +%Y)" != 2001 ] || bd_fail "the new script was not written"
[ "$(date -u -r "$cfg/general.h" +%Y)" = 2001 ] || bd_fail "general.h rewritten unchanged"

# Another build of the same tree waits for the first. The holder is one
# process owning the lock (flock(1) would pass it on to its child, which
# a kill of flock leaves holding it for the whole sleep).
sh -c 'exec 9>"$1" && flock 9 && exec sleep 60' sh "$cfg/.lock" &
holder=$!
BD_PIDS="$BD_PIDS $holder"
bd_wait_for 10 sh -c "! flock -n '$cfg/.lock' true" || bd_fail "no lock holder"
"$BOOTDECK" -c "$T/bootdeck.conf" ipxe build --src "$T/ipxe" --url "$URL" \
    --out "$T/built4" >"$T/wait.out" 2>&1 &
waiter=$!
bd_wait_for 10 grep -q 'waiting for another build of this tree' "$T/wait.out" ||
    bd_fail "the second build did not wait: $(cat "$T/wait.out")"
[ ! -e "$T/built4" ] || bd_fail "the second build did not wait for the lock"
kill "$holder"
wait "$holder" 2>/dev/null || true
bd_forget "$holder"
wait "$waiter" || bd_fail "the waiting build failed: $(cat "$T/wait.out")"
[ -f "$T/built4/ipxe.efi" ] || bd_fail "the waiting build built nothing"

# dhcp-config notices the bootdeck-built set in ipxe_dir.
printf 'ipxe_dir = %s\nbase_url = %s\n' "$T/built" "$URL" > "$T/bootdeck.conf"
bd_run 0 bd dhcp-config --dnsmasq
bd_expect_grep "^tftp-root=$T/built\$" "$T/out"
bd_expect_grep "bootdeck-built iPXE" "$T/out"

# Settings from the config file; --out defaults to ipxe_dir.
fresh_tree
printf '#define NSLOOKUP_CMD\n#undef NET_PROTO_STP\n' > "$T/general.extra"
printf '#!ipxe\necho hello from ipxe_script\n' > "$T/script.extra"
cat > "$T/bootdeck.conf" <<EOC
ipxe_dir = $T/served
base_url = $URL
ipxe_serial_console = yes
ipxe_general = $T/general.extra
ipxe_script = $T/script.extra
EOC
bd_run 0 bd ipxe build --src "$T/ipxe"
[ -f "$T/served/undionly-x86_64.kpxe" ] || bd_fail "--out did not default to ipxe_dir"
bd_expect_grep '^#define CONSOLE_SERIAL$' "$rec/console.h"
bd_expect_grep '^#define NSLOOKUP_CMD$' "$rec/general.h"
bd_expect_grep '^#undef NET_PROTO_STP$' "$rec/general.h"
[ "$(sed -n 1p "$rec/embed")" = '#!ipxe' ] || bd_fail "the script lost #!ipxe"
[ "$(grep -c '^#!ipxe' "$rec/embed")" -eq 1 ] || bd_fail "two #!ipxe lines"
# The admin's commands come before the first dhcp; the rest is the bootstrap.
first_dhcp=$(grep -n '^dhcp' "$rec/embed" | head -n 1 | cut -d: -f1)
echo_line=$(grep -n '^echo hello from ipxe_script$' "$rec/embed" | cut -d: -f1)
[ -n "$echo_line" ] && [ "$echo_line" -lt "$first_dhcp" ] ||
    bd_fail "ipxe_script does not run before dhcp"
grep -v -e '^echo hello from ipxe_script$' -e '^# from the ipxe_script' \
    "$rec/embed" | cmp - "$GOLDEN" || bd_fail "the bootstrap around ipxe_script changed"
printf 'ipxe_serial_console = maybe\n' > "$T/bootdeck.conf"
bd_run 1 bd ipxe build --src "$T/ipxe" --url "$URL" --out "$T/built"
bd_one_error "ipxe_serial_console wants yes or no"
: > "$T/bootdeck.conf"

# Failures: one clear line (and make's own words), exit 1, nothing installed.
bd_run 1 bd ipxe build --src "$T/nowhere" --url "$URL" --out "$T/built2"
bd_one_error "no iPXE source tree at $T/nowhere"
mkdir -p "$T/empty"
bd_run 1 bd ipxe build --src "$T/empty" --url "$URL" --out "$T/built2"
bd_one_error "$T/empty is not an iPXE source tree: $T/empty/src/Makefile is missing"
mkdir -p "$T/half/src" && cp "$T/ipxe/src/Makefile" "$T/half/src/"
bd_run 1 bd ipxe build --src "$T/half" --url "$URL" --out "$T/built2"
bd_one_error "incomplete iPXE source tree"

fresh_tree
FAKE_IPXE_FAIL="tcp_xmit undeclared" bd_run 1 bd ipxe build --src "$T/ipxe" \
    --url "$URL" --out "$T/built2"
[ "$(grep -c '^bootdeck: ' "$T/err")" -eq 1 ] || bd_fail "not one error line"
bd_expect_grep '^bootdeck: the iPXE build failed \(make bin/undionly\.kpxe exited with 2; full log: .*/src/config/local/bootdeck/build.log\):$' "$T/err"
bd_expect_grep '^  net/tcp\.c:42:1: error: tcp_xmit undeclared$' "$T/err"
[ ! -e "$T/built2" ] || bd_fail "a failed build installed something"
# A failed build leaves an earlier good set as it was: nothing half-written.
bd_run 0 bd ipxe build --src "$T/ipxe" --url "$URL" --out "$T/good"
(cd "$T/good" && ls -A && cat ./*) > "$T/good.before"
printf 'echo changed\n' > "$T/script.extra"
printf 'ipxe_script = %s\n' "$T/script.extra" > "$T/bootdeck.conf"
FAKE_IPXE_FAIL="late" bd_run 1 bd ipxe build --src "$T/ipxe" --url "$URL" \
    --out "$T/good"
(cd "$T/good" && ls -A && cat ./*) > "$T/good.after"
cmp "$T/good.before" "$T/good.after" || bd_fail "a failed build changed the output"
: > "$T/bootdeck.conf"

# A missing tool is named before make runs.
mkdir -p "$T/bin"
for tool in make sh perl ld objcopy; do
	ln -s "$(command -v "$tool")" "$T/bin/$tool"
done
PATH="$T/bin" bd_run 1 "$BOOTDECK" -c "$T/bootdeck.conf" ipxe build \
    --src "$T/ipxe" --url "$URL" --out "$T/built2"
bd_one_error "building iPXE needs gcc, which is not installed"
# A compiler without liblzma's header is named before make runs too.
cat > "$T/bin/gcc" <<'EOS'
#!/bin/sh
# A gcc on a machine without liblzma-dev: the header is not found.
case " $* " in
*" lzma.h "*) echo "<command-line>: fatal error: lzma.h: No such file or directory" >&2; exit 1 ;;
esac
exec /usr/bin/gcc "$@"
EOS
chmod +x "$T/bin/gcc"
PATH="$T/bin" bd_run 1 "$BOOTDECK" -c "$T/bootdeck.conf" ipxe build \
    --src "$T/ipxe" --url "$URL" --out "$T/built2"
bd_one_error "building iPXE needs liblzma's header lzma.h, which gcc does not find \(Debian: apt-get install liblzma-dev\)"
[ ! -e "$T/built2" ] || bd_fail "a build without liblzma installed something"

# Usage errors.
bd_run 2 bd ipxe build --url "$URL"
bd_one_error "--src DIR"
bd_run 2 bd ipxe build --src "$T/ipxe" --url ftp://x
bd_one_error "--url wants an http:// URL"
bd_run 2 bd ipxe build --src "$T/ipxe" --jobs 0
bd_one_error "--jobs wants a number"

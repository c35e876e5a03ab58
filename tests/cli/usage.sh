#!/bin/sh
# tests/cli/usage.sh: --help everywhere, usage errors (exit 2), and the man page in step with --help.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

# No catalog exists: none of this may need one.
export BOOTDECK_DB="$T/missing/catalog.db"

# No subcommand opens the console, which needs a terminal: here it says
# so in one line, without opening (or creating) the catalog.
bd_run 1 bd </dev/null
bd_expect_grep '^bootdeck: the console needs a terminal' "$T/err"
[ "$(wc -l < "$T/err")" -eq 1 ] || bd_fail "more than one line of error"
[ ! -s "$T/out" ] || bd_fail "the console refusal went to stdout"

# A bad base URL is said first, before the console takes the terminal.
bd_run 1 env BOOTDECK_BASE_URL='http://a/b#c' "$BOOTDECK" -c "$T/bootdeck.conf" \
    </dev/null
bd_one_error "base_url 'http://a/b#c' from \\\$BOOTDECK_BASE_URL is not http://HOST"

bd_run 0 bd --help
bd_no_error
# Its first lines say what no subcommand does, as the man page does.
bd_expect_grep '^Usage: bootdeck \[' "$T/out"
head -n 2 "$T/out" | grep -q ' \[SUBCOMMAND \.\.\.\]$' ||
    bd_fail "the synopsis does not end in [SUBCOMMAND ...]"
bd_expect_grep '^Without a subcommand, opens the interactive console' "$T/out"
head -n 4 "$T/out" | grep -q 'interactive console' ||
    bd_fail "--help does not say at once that no subcommand opens the console"
man="$top_srcdir/share/man/bootdeck.1"
grep -q 'later release' "$man" && bd_fail "bootdeck.1 says the console is to come"
# A source line starting with '.' or "'" is a request to troff: text that
# begins so (".200)") is lost from the rendered page.
for page in "$man" "$top_srcdir/share/man/bootdeckd.8"; do
	if grep -nE "^[.'][^A-Za-z\\]" "$page"; then
		bd_fail "$(basename "$page"): a text line starts with '.' or \"'\": troff drops it"
	fi
done
bd_expect_grep '^opens the interactive console' "$man"
bd_expect_grep 'It needs a terminal; without one it says so and exits 1' "$man"
cp "$T/out" "$T/help-all"
for sub in init 'entry list' 'entry add' 'entry set' 'entry rm' 'host list' \
    'host set' 'host rm' 'menu set' preview log clients; do
	bd_expect_grep "^  bootdeck $sub( |\$)" "$T/help-all"
done

bd_run 0 bd --version
bd_expect_grep '^bootdeck [0-9]' "$T/out"

for cmd in init entry 'entry list' 'entry show' 'entry add' 'entry set' \
    'entry rm' host 'host list' 'host set' 'host rm' menu 'menu show' \
    'menu set' preview log clients export 'import json' scan dhcp-config \
    'ipxe build' check wake 'import pxelinux' 'import ipxe'; do
	# shellcheck disable=SC2086 # split "entry add" into words
	bd_run 0 bd $cmd --help
	bd_no_error
	first=${cmd%% *}
	bd_expect_grep "^Usage: bootdeck $first" "$T/out"
	cat "$T/out" >> "$T/help-all"
done
# Help is written for an 80-column terminal: long synopses and option
# descriptions wrap. The default config file's path, on a line of its
# own, is as long as the prefix it was configured with.
if awk 'length > 80 && !/^ *\/[^ ]*\/bootdeck\.conf$/ {
    print FILENAME ": " $0; bad = 1 } END { exit !bad }' \
    "$T/help-all"; then
	bd_fail "--help has lines over 80 columns"
fi
bd_run 0 bd entry add -h
bd_expect_grep '^Usage: bootdeck entry add NAME --title TEXT KIND' "$T/out"
[ ! -e "$T/missing" ] || bd_fail "--help created the catalog directory"

# Every long option --help mentions is in the man page, and every
# subcommand too.
man="$top_srcdir/share/man/bootdeck.1"
[ -f "$man" ] || bd_fail "no man page"
for opt in $(grep -Eo -- '--[a-z][a-z-]*' "$T/help-all" | sort -u); do
	escaped=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$escaped" "$man" || bd_fail "$opt is not in bootdeck.1"
done
for sub in init 'entry list' 'entry show' 'entry add' 'entry set' \
    'entry rm' 'host list' 'host set' 'host rm' 'menu show' 'menu set' \
    preview log clients export 'import json' check wake; do
	grep -q "^\\.B $sub\\b" "$man" ||
	    bd_fail "'$sub' is not described in bootdeck.1"
done

# Usage errors: exit 2, one line naming the problem, a hint.
bd_run 2 bd frobnicate
bd_one_error "unknown subcommand 'frobnicate'.*--help"
bd_run 2 bd entry frob
bd_one_error "unknown subcommand 'entry frob'.*bootdeck entry --help"
bd_run 2 bd entry list --frob
bd_one_error "unknown option '--frob'.*bootdeck entry list --help"
bd_run 2 bd --frob entry list
bd_one_error "unknown option '--frob'"
bd_run 2 bd log -x
bd_one_error "unknown option '-x'"
bd_run 2 bd menu set --timeout
bd_one_error "option '--timeout' needs a value"
bd_run 2 bd log -n
bd_one_error "option '-n' needs a value"
bd_run 2 bd clients extra
bd_one_error "unexpected argument 'extra'"
bd_run 2 bd entry rm
bd_one_error "missing the entry NAME"
bd_run 2 bd host set
bd_one_error "missing the MAC"
bd_run 2 bd init --demo=yes
bd_one_error "unknown option '--demo'"

# Numbers are parsed strictly.
for bad in 10x x '' -1 ' 5' 99999999999999999999 86401; do
	bd_run 2 bd menu set --timeout "$bad"
	bd_one_error "--timeout wants seconds"
done
for bad in 0 -3 1.5 abc; do
	bd_run 2 bd entry set x --position "$bad"
	bd_one_error "--position wants a number"
done
bd_run 2 bd log -n 5k
bd_one_error "-n wants a count"

# Base URLs on the command line: usage errors saying what is wrong.
for bad in 'http://a?b' 'http://a/x#y' 'http://:80' 'http://a b' \
    'http://a/${x}'; do
	bd_run 2 bd ipxe build --src "$T/nosuch" --url "$bad"
	bd_one_error "--url wants an http:// URL \\(http://HOST\\[:PORT\\]\\[/PATH\\]\\), not"
	bd_run 2 bd dhcp-config --dnsmasq --url "$bad"
	bd_one_error "--url wants an http:// URL \\(http://HOST\\[:PORT\\]\\[/PATH\\]\\), not"
done
# Their --url defaults name the same steps as preview's --base-url.
for cmd in 'ipxe build' dhcp-config; do
	# shellcheck disable=SC2086 # split "ipxe build" into words
	bd_run 0 bd $cmd --help
	tr -s ' \n' ' ' < "$T/out" > "$T/help-flat"
	bd_expect_grep "default: config base_url, else the console's Settings, else http:// and the listen address" "$T/help-flat"
done

# Nothing above touched a catalog.
[ ! -e "$T/missing" ] || bd_fail "a usage error created the catalog directory"

#!/bin/sh
# tests/cli/json.sh: export and import json round trips on a catalog of every kind and setting, bad input, --dry-run, --replace, --json lists.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

bd_run 0 bd init

# Every kind, every entry field, every host and menu setting.
bd_run 0 bd entry add deb --title "Debian 12" --iso debian-12.iso --key d \
    --boot direct --args "quiet"
bd_run 0 bd entry add dos --title "FreeDOS" --memdisk fdos.iso --platform bios
bd_run 0 bd entry add linux --title "Linux" --kernel vmlinuz \
    --kernel-efi vmlinuz.efi --initrd initrd.img --initrd extra.img \
    --args "console=ttyS0 quiet"
bd_run 0 bd entry add local --title "Local disk" --localboot --key l
bd_run 0 bd entry add xyz --title "netboot.xyz" \
    --chain http://boot.netboot.xyz/ipxe/netboot.xyz.lkrn --platform efi
bd_run 0 bd entry add sh --title "iPXE shell" --shell --disabled
printf '#!ipxe\necho "custom" \\\n  one\tTAB\nshell\n' > "$T/custom.ipxe"
bd_run 0 bd entry add custom --title "Custom ünïcode" --script "$T/custom.ipxe"
bd_run 0 bd host set aa:bb:cc:dd:ee:01 --name web1 --default deb --next linux \
    --no-menu --localboot exit
bd_run 0 bd host set AA-BB-CC-DD-EE-02
bd_run 0 bd host set aabbccddee03 --default local --localboot sanboot
bd_run 0 bd menu set --title "Lab menu" --timeout 12 --default local \
    --unknown xyz --base-url http://192.0.2.1:8080 --log-retention 500

bd_run 0 bd export
bd_no_error
cp "$T/out" "$T/e1.json"
bd_expect_grep '"format": "bootdeck-catalog"' "$T/e1.json"
bd_expect_grep '"version": 2,' "$T/e1.json"
bd_expect_grep '"log_retention": 500,' "$T/e1.json"
bd_expect_grep '"unknown_entry": "xyz"' "$T/e1.json"
bd_expect_grep '"target_efi": "vmlinuz.efi",' "$T/e1.json"
bd_expect_grep '"boot": "direct"' "$T/e1.json"
bd_expect_grep '"mac": "aa:bb:cc:dd:ee:03",' "$T/e1.json"
bd_expect_grep '"localboot": "sanboot"' "$T/e1.json"
bd_expect_grep '"submenus": \[\],' "$T/e1.json"
if grep -q '"log"' "$T/e1.json"; then bd_fail "log without --log"; fi

# The schema knows every field an export has, and every kind.
schema="$top_srcdir/share/bootdeck-catalog.schema.json"
for key in $(grep -Eo '^ *"[a-z_]+":' "$T/e1.json" | tr -d ' ":' | sort -u); do
	grep -q "\"$key\": {" "$schema" ||
	    bd_fail "$key is not in bootdeck-catalog.schema.json"
done
for kind in iso memdisk kernel localboot chain shell script; do
	grep -q "\"kind\": { \"enum\": \[.*\"$kind\"" "$schema" ||
	    bd_fail "kind $kind is not in bootdeck-catalog.schema.json"
done
if command -v jq >/dev/null; then
	jq -e . "$schema" >/dev/null || bd_fail "the schema is not JSON"
fi

# --json on the lists: the export's objects.
bd_run 0 bd entry list --json
bd_no_error
[ "$(grep -c '"name":' "$T/out")" -eq 7 ] || bd_fail "entry list --json"
bd_expect_grep '"initrds": \[' "$T/out"
bd_run 0 bd host list --json
bd_expect_grep '"mac": "aa:bb:cc:dd:ee:01",' "$T/out"
bd_expect_grep '"last_seen": null,' "$T/out"
bd_run 0 bd clients --json
bd_expect_eq "clients --json" "[]" "$(cat "$T/out")"

# Importing an export changes nothing: not a rev, not a byte.
sqlite3 "$BOOTDECK_DB" 'SELECT name, rev FROM entries UNION ALL
    SELECT mac, rev FROM hosts' > "$T/revs1"
bd_run 0 bd import json "$T/e1.json"
bd_no_error
bd_expect_grep '^entries: 0 added, 0 changed, 0 removed, 7 unchanged$' "$T/out"
bd_expect_grep '^hosts: 0 added, 0 changed, 0 removed, 3 unchanged$' "$T/out"
bd_expect_grep '^menu and settings: 0 changed$' "$T/out"
sqlite3 "$BOOTDECK_DB" 'SELECT name, rev FROM entries UNION ALL
    SELECT mac, rev FROM hosts' > "$T/revs2"
cmp "$T/revs1" "$T/revs2" || bd_fail "an import of the export changed revs"
bd_run 0 bd export
cmp "$T/e1.json" "$T/out" || bd_fail "export -> import -> export differs"

# Into an empty catalog: the same export, byte for byte (stdin too).
db1=$BOOTDECK_DB
BOOTDECK_DB=$T/second.db
export BOOTDECK_DB
bd_run 0 bd init
bd_run 0 bd import json - < "$T/e1.json"
bd_expect_grep '^entries: 7 added, 0 changed, 0 removed, 0 unchanged$' "$T/out"
bd_expect_grep '^hosts: 3 added, ' "$T/out"
bd_run 0 bd export
cmp "$T/e1.json" "$T/out" || bd_fail "export of the imported catalog differs"

# Bad input: a clear message with the JSON path, exit 1, catalog unchanged.
# Each case: a sed script applied to the export, and the message expected.
bad() {
	sed "$1" "$T/e1.json" > "$T/bad.json"
	bd_run 1 bd import json "$T/bad.json"
	bd_one_error "bad\\.json: $2.*; nothing imported\$"
	bd_run 0 bd export
	cmp "$T/e1.json" "$T/out" || bd_fail "'$1' changed the catalog"
}
bad 's/"enabled": true/"enabled": "yes"/' \
    'entries\[0\]\.enabled: expected true or false, not a string'
bad 's/"timeout": 12/"timeout": "12"/' 'menu\.timeout: expected an integer'
bad 's/"position": 3,/"position": 3, "colour": 1,/' \
    'entries\[2\]\.colour: unknown field'
bad 's/"skip_menu": true,/"skip_menu": true, "owner": "x",/' \
    'hosts\[0\]\.owner: unknown field'
bad 's/"base_url"/"base_uri"/' 'settings\.base_uri: unknown field'
bad 's/"name": "dos"/"name": "deb"/' \
    "entries\\[1\\]\\.name: 'deb' is also entries\\[0\\]"
bad 's/"aa:bb:cc:dd:ee:02"/"AA:BB:CC:DD:EE:01"/' \
    'hosts\[1\]\.mac: aa:bb:cc:dd:ee:01 is also hosts\[0\]'
bad 's/"version": 2,/"version": 3,/' \
    'version: 3 is newer than this bootdeck reads \(2\)'
bad 's/"format": "bootdeck-catalog"/"format": "other"/' 'format: expected'
bad 's/"version": 2,//' 'version: missing'
bad 's/"format": "bootdeck-catalog"/"format": null/' \
    'format: expected a string, not null'
bad 's/"name": "dos"/"name": null/' 'entries\[1\]\.name: expected a string, not null'
bad 's/"kind": "chain"/"kind": null/' 'entries\[4\]\.kind: expected a string, not null'
bad 's/"mac": "aa:bb:cc:dd:ee:02"/"mac": null/' \
    'hosts\[1\]\.mac: expected a string, not null'
bad 's/"extra\.img"/null/' 'entries\[2\]\.initrds\[1\]: expected a string, not null'
bad 's/"target": "vmlinuz",//' 'entries\[2\]\.target: kernel entries need one'
bad 's/"kind": "chain"/"kind": "teleport"/' \
    "entries\\[4\\]\\.kind: unknown kind 'teleport'"
bad 's/"platform": "bios"/"platform": "efi"/' \
    'entries\[1\]\.platform: memdisk entries boot on BIOS only'
bad 's/"mac": "aa:bb:cc:dd:ee:02"/"mac": "zz"/' 'hosts\[1\]\.mac: not a MAC'
bad 's/"mac": "aa:bb:cc:dd:ee:02"/"mac": "FF-FF-FF-FF-FF-FF"/' \
    'hosts\[1\]\.mac: ff:ff:ff:ff:ff:ff is the broadcast address'
bad 's/"mac": "aa:bb:cc:dd:ee:02"/"mac": "01:00:5e:00:00:01"/' \
    'hosts\[1\]\.mac: 01:00:5e:00:00:01 is a multicast address'
bad 's/"log_retention": 500/"log_retention": -1/' 'settings\.log_retention:'
bad 's/"position": 2,/"position": 3,/' \
    'entries\[2\]\.position: 3 is also entries\[1\]'
bad 's/"version": 2,/"version": 2, "version": 2,/' \
    '3:[0-9]*: duplicate object key'
bad 's/"submenus": \[\]/"submenus": [{}]/' 'submenus\[0\]: reserved, must be empty'
# Checks only the catalog makes, after earlier records were written in
# the transaction: the entries added first must not stay behind.
bad 's/"name": "dos"/"name": "dos2"/; s/"default": "deb"/"default": "nope"/' \
    "hosts\\[0\\]: no entry named 'nope'"
bad 's/"name": "linux"/"name": "linux2"/; s/"key": "l"/"key": "d"/' \
    "entries\\[3\\]\\.key: 'd' is already used by entry 'deb'"
bad 's/"base_url": "http:\/\/192.0.2.1:8080"/"base_url": "ftp:\/\/x"/' \
    'settings\.base_url: expected'
# Truncated, empty, binary, not an object.
head -c 300 "$T/e1.json" > "$T/bad.json"
bd_run 1 bd import json "$T/bad.json"
bd_one_error 'bad\.json: [0-9]+:[0-9]+: (premature end of input|.* near end of file).*; nothing imported$'
: > "$T/bad.json"
bd_run 1 bd import json "$T/bad.json"
bd_one_error 'bad\.json: '
head -c 4096 /dev/urandom > "$T/bad.json"
bd_run 1 bd import json "$T/bad.json"
bd_one_error 'bad\.json: '
echo '[1, 2]' > "$T/bad.json"
bd_run 1 bd import json "$T/bad.json"
bd_one_error 'bad\.json: \$: expected an object, not an array; nothing imported$'
# Bounds: nesting depth, and size (a sparse file: no disk spent).
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "["; for (i = 0; i < 5000; i++) printf "]"; print "" }' \
    > "$T/bad.json"
bd_run 1 bd import json "$T/bad.json"
bd_one_error 'bad\.json: 1:[0-9]+: maximum parsing depth reached'
rm -f "$T/bad.json"
truncate -s 100M "$T/bad.json"
bd_run 1 bd import json "$T/bad.json"
bd_one_error 'bad\.json: longer than [0-9]+ bytes'
rm -f "$T/bad.json"
bd_run 1 bd import json "$T/missing.json"
bd_one_error 'missing\.json: No such file'
bd_run 2 bd import json
bd_run 2 bd import
bd_run 0 bd export
cmp "$T/e1.json" "$T/out" || bd_fail "bad input changed the catalog"

# --dry-run counts, writes nothing; a merge keeps what the file lacks;
# --replace removes it.
sed 's/"title": "Lab menu"/"title": "New menu"/; s/"name": "web1"/"name": "web9"/' \
    "$T/e1.json" > "$T/edit.json"
bd_run 0 bd entry add extra --title "Extra" --shell
bd_run 0 bd host set aa:bb:cc:dd:ee:99 --default extra
bd_run 0 bd export
cp "$T/out" "$T/before.json"
bd_run 0 bd import json --dry-run "$T/edit.json"
bd_expect_grep '^hosts: 0 added, 1 changed, 0 removed, 2 unchanged \(dry run: nothing written\)$' "$T/out"
bd_run 0 bd export
cmp "$T/before.json" "$T/out" || bd_fail "--dry-run wrote"
bd_run 0 bd import json "$T/edit.json"
bd_expect_grep '^menu and settings: 1 changed$' "$T/out"
bd_run 0 bd entry show extra
bd_run 0 bd host list
bd_expect_grep '^aa:bb:cc:dd:ee:99 ' "$T/out"
bd_expect_grep 'web9' "$T/out"
bd_run 0 bd import json --replace "$T/edit.json"
bd_expect_grep '^entries: 0 added, 0 changed, 1 removed, 7 unchanged$' "$T/out"
bd_expect_grep '^hosts: 0 added, 0 changed, 1 removed, 3 unchanged$' "$T/out"
bd_run 0 bd export
cmp "$T/edit.json" "$T/out" || bd_fail "--replace did not make the file's catalog"
# Hotkeys may move between entries; with --replace, to a new entry from
# one that goes.
sed 's/"key": "d"/"key": "X"/; s/"key": "l"/"key": "d"/; s/"key": "X"/"key": "l"/' \
    "$T/edit.json" > "$T/swap.json"
bd_run 0 bd import json "$T/swap.json"
bd_expect_grep '^entries: 0 added, 2 changed, 0 removed, 5 unchanged$' "$T/out"
bd_run 0 bd entry list
bd_expect_grep '^1 +l +deb ' "$T/out"
bd_expect_grep '^4 +d +local ' "$T/out"
sed 's/"name": "local"/"name": "local2"/; s/"default": "local"/"default": "local2"/' \
    "$T/swap.json" > "$T/swap2.json"
bd_run 0 bd import json --replace "$T/swap2.json"
bd_expect_grep '^entries: 1 added, 0 changed, 1 removed, 6 unchanged$' "$T/out"
bd_run 0 bd export
cmp "$T/swap2.json" "$T/out" || bd_fail "--replace with a moved hotkey"
bd_run 0 bd import json --replace "$T/edit.json"

# --replace unsets the settings the file lacks, and reorders entries.
grep -v '"unknown_entry"' "$T/edit.json" | sed 's/"log_retention": 500,/"log_retention": 500/' |
    sed 's/"position": 1,/"position": X,/; s/"position": 7,/"position": 1,/; s/"position": X,/"position": 7,/' > "$T/nounk.json"
bd_run 0 bd import json --replace "$T/nounk.json"
bd_run 0 bd menu show
if grep -q 'xyz' "$T/out"; then bd_fail "--replace kept unknown_entry"; fi
bd_run 0 bd entry list
bd_expect_grep '^1 +- +custom ' "$T/out"
bd_expect_grep '^7 +d +deb ' "$T/out"

# export --log carries the boot events; import ignores them.
BOOTDECK_DB=$db1
export BOOTDECK_DB
sqlite3 "$BOOTDECK_DB" "INSERT INTO events (ts_ms, kind, mac, ip, entry)
    VALUES (1700000000000, 'entry', 'aa:bb:cc:dd:ee:01', '192.0.2.9', 'deb')" ||
    bd_skip "the events table has another shape"
bd_run 0 bd export --log
bd_expect_grep '"log": \[' "$T/out"
bd_expect_grep '"entry": "deb"' "$T/out"
cp "$T/out" "$T/withlog.json"
bd_run 0 bd import json "$T/withlog.json"
bd_expect_grep '^entries: 0 added, 0 changed, 0 removed, 7 unchanged$' "$T/out"
# log --json: one object per line; clients --json sees the client.
bd_run 0 bd log --json
bd_expect_grep '^\{"id":[0-9]+,"ts_ms":1700000000000,"kind":"entry","mac":"aa:bb:cc:dd:ee:01",.*\}$' "$T/out"
[ "$(wc -l < "$T/out")" -eq 1 ] || bd_fail "log --json: not one line per event"
exit 0

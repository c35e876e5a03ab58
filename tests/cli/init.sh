#!/bin/sh
# tests/cli/init.sh: init on fresh, existing, foreign and damaged files; missing, corrupt and read-only catalogs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

# A fresh path, directories included.
db="$T/var/lib/bootdeck/catalog.db"
bd_run 0 bd -d "$db" init
bd_no_error
bd_expect_grep "created the catalog .*catalog.db" "$T/out"
[ -f "$db" ] || bd_fail "init made no file"
bd_run 0 bd -d "$db" entry list
bd_expect_eq "entries in a new catalog" 1 "$(wc -l < "$T/out")"

# An existing catalog: says so, keeps the data, exits 0.
bd_run 0 bd -d "$db" entry add keep --title Keep --shell
bd_run 0 bd -d "$db" init
bd_expect_grep "is a bootdeck catalog already" "$T/out"
bd_run 0 bd -d "$db" entry list
bd_expect_grep '^1 +- +keep +shell ' "$T/out"

# --demo adds nothing to a catalog with entries.
bd_run 0 bd -d "$db" init --demo
bd_expect_grep "demo entries not added" "$T/out"
bd_run 0 bd -d "$db" entry list
bd_expect_eq "entries after --demo on a used catalog" 2 "$(wc -l < "$T/out")"

# --demo on an empty catalog (BOOTDECK_DB, as lib.sh sets it).
bd_run 0 bd init --demo
bd_run 0 bd entry list
bd_expect_grep '^1 +l +local +localboot +any +yes +-$' "$T/out"
bd_expect_grep '^2 +m +memtest +kernel +any +yes +memtest86\+x64\.bin \(efi: memtest86\+x64\.efi\)$' "$T/out"
bd_expect_grep '^3 +s +shell +shell ' "$T/out"
bd_expect_grep '^4 +d +debian +iso +any +yes +debian-12-amd64-netinst\.iso$' "$T/out"
bd_expect_eq "demo entries" 5 "$(wc -l < "$T/out")"
bd_run 0 bd entry show memtest
bd_expect_grep '^args: +console=ttyS0,115200$' "$T/out"
bd_run 0 bd menu
bd_expect_grep '^title: +bootdeck demo$' "$T/out"
bd_expect_grep '^timeout: +10 s$' "$T/out"
bd_expect_grep '^default: +local$' "$T/out"
# Twice is harmless.
bd_run 0 bd init --demo
bd_run 0 bd entry list
bd_expect_eq "demo entries after a second --demo" 5 "$(wc -l < "$T/out")"

# A text file is not touched.
printf 'PXE menu notes\nnot a database\n' > "$T/notes.txt"
cp "$T/notes.txt" "$T/notes.orig"
bd_run 1 bd -d "$T/notes.txt" init
bd_one_error "notes.txt: not a bootdeck catalog"
cmp "$T/notes.txt" "$T/notes.orig" || bd_fail "init changed a text file"
[ ! -e "$T/notes.txt-wal" ] && [ ! -e "$T/notes.txt-shm" ] ||
    bd_fail "init left SQLite files next to a text file"
bd_run 1 bd -d "$T/notes.txt" entry list
bd_one_error "not a bootdeck catalog"

# Another application's SQLite database is not touched either.
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
	cp "$T/other.db" "$T/other.orig"
	bd_run 1 bd -d "$T/other.db" init
	bd_one_error "not a bootdeck catalog"
	cmp "$T/other.db" "$T/other.orig" || bd_fail "init changed another database"
fi

# A missing catalog: one line, exit 1, nothing created.
bd_run 1 bd -d "$T/nowhere/catalog.db" entry list
bd_one_error "nowhere/catalog.db: no such catalog"
[ ! -e "$T/nowhere" ] || bd_fail "entry list created a directory"
bd_run 1 bd -d "$T/nowhere/catalog.db" entry add x --title X --shell
bd_one_error "no such catalog"

# A corrupt catalog (random bytes): one line, exit 1, for readers and writers.
head -c 65536 /dev/urandom > "$T/corrupt.db"
cp "$T/corrupt.db" "$T/corrupt.orig"
for cmd in "entry list" "host list" "menu" "log" "clients" "init" \
    "host set 52:54:00:00:00:01"; do
	# shellcheck disable=SC2086
	bd_run 1 bd -d "$T/corrupt.db" $cmd
	bd_one_error "corrupt.db: "
done
cmp "$T/corrupt.db" "$T/corrupt.orig" || bd_fail "a corrupt catalog was changed"

# A directory given as the catalog.
bd_run 1 bd -d "$T" entry list
bd_one_error "is a directory"

# A config file given with -c must exist; a bad line is reported.
bd_run 1 "$BOOTDECK" -c "$T/no.conf" entry list
bd_one_error "no.conf: No such file"
printf 'colour = blue\n' > "$T/bad.conf"
bd_run 1 "$BOOTDECK" -c "$T/bad.conf" entry list
bd_one_error "bad.conf:1: unknown key 'colour'"
# The config file names the catalog; the environment beats it; -d beats both.
printf 'db = %s\n' "$db" > "$T/db.conf"
(
	unset BOOTDECK_DB
	bd_run 0 "$BOOTDECK" -c "$T/db.conf" entry list
	bd_expect_grep ' keep ' "$T/out"
)
bd_run 0 "$BOOTDECK" -c "$T/db.conf" entry list
bd_expect_grep ' memtest ' "$T/out"
bd_run 0 env BOOTDECK_DB="$T/nope.db" "$BOOTDECK" -c "$T/db.conf" -d "$db" \
    entry list
bd_expect_grep ' keep ' "$T/out"

# The sample config names every key of common/conf.c, and parses.
sample="$top_srcdir/share/bootdeck.conf"
for key in $(sed -n 's/^	\[CONFIG_[A-Z_]*\] = { "\([a-z_]*\)".*/\1/p' \
    "$top_srcdir/common/conf.c"); do
	grep -q "^#$key = " "$sample" || grep -q "^#$key =\$" "$sample" ||
	    bd_fail "share/bootdeck.conf lacks '$key'"
done
sed 's/^#\([a-z_]* =\)/\1/' "$sample" > "$T/sample.conf"
bd_run 0 "$BOOTDECK" -c "$T/sample.conf" -d "$db" entry list

# A read-only catalog: readers work, writers fail with one line. Root
# ignores file modes, so as root this runs as nobody when setpriv can.
ro="$T/ro"
mkdir "$ro"
bd_run 0 bd -d "$ro/catalog.db" init --demo
as_user=""
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
		chmod 0755 "$T"
	else
		echo "SKIP (part): read-only catalog: root ignores file modes"
		exit 0
	fi
fi
chmod 0444 "$ro/catalog.db"
# A read-only file in a directory the user may write (for SQLite's -shm).
chmod 0777 "$ro"
# shellcheck disable=SC2086
bd_run 1 $as_user "$BOOTDECK" -c /dev/null -d "$ro/catalog.db" entry add x \
    --title X --shell
bd_one_error "read-only"
# shellcheck disable=SC2086
bd_run 0 $as_user "$BOOTDECK" -c /dev/null -d "$ro/catalog.db" entry list
bd_expect_grep ' memtest ' "$T/out"
# Both read-only: writers fail; readers work or fail with one line (SQLite
# needs to create the -shm file to read a WAL database).
rm -f "$ro/catalog.db-shm" "$ro/catalog.db-wal"
chmod 0555 "$ro"
# shellcheck disable=SC2086
bd_run 1 $as_user "$BOOTDECK" -c /dev/null -d "$ro/catalog.db" host set \
    52:54:00:00:00:01
bd_one_error "catalog.db: "
rc=0
# shellcheck disable=SC2086
$as_user "$BOOTDECK" -c /dev/null -d "$ro/catalog.db" entry list \
    >"$T/out" 2>"$T/err" || rc=$?
case $rc in
0) bd_expect_grep ' memtest ' "$T/out" ;;
1) bd_one_error "catalog.db: " ;;
*) bd_fail "entry list on a read-only catalog exited with $rc" ;;
esac
chmod 0755 "$ro"

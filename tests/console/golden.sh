#!/bin/sh
# tests/console/golden.sh: whole screens at 80x24 against tests/console/golden/ (fixed data, TERM, LANG, TZ).
. "$top_srcdir/tests/console/console.sh"

# Nothing on these screens varies: no clients, no times, files missing.
"$BOOTDECK" init --demo >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:01 --name lab-1 --default debian >/dev/null
"$BOOTDECK" host set 52:54:00:00:00:02 --name lab-2 --next memtest --no-menu >/dev/null
con_start
con_wait "debian"; con_golden entries
con_keys 2; con_wait "lab-2"; con_golden hosts
con_keys '?'; con_wait "Help: Hosts"; con_golden help-hosts
con_keys Escape; con_wait_gone "Help: Hosts"
con_keys 6; con_wait "Press m"; con_golden preview-empty
con_quit
exit 0

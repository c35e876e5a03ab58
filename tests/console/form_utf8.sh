#!/bin/sh
# tests/console/form_utf8.sh: a script with wide and accented characters survives the form byte for byte.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
printf '#!ipxe\necho 世界 and more\necho café crème\nchain http://example.test/x\n' > "$T/script"
"$BOOTDECK" entry add wide --title 'Wide script' --script "$T/script" >/dev/null
"$BOOTDECK" entry show wide > "$T/before"

con_start
con_keys G; con_wait "wide"
con_keys e; con_wait "Edit entry"
con_wait "世界"
# Tab through every field, then save unchanged.
con_keys Tab Tab Tab Tab Tab Tab F2
con_wait "saved entry 'wide'"
"$BOOTDECK" entry show wide > "$T/after"
diff -u "$T/before" "$T/after" || bd_fail "the script changed on a save without edits"

# An edit in another field keeps the script too. The script shows whole
# and is read-only (the form library cannot edit wide characters on
# several lines without shifting rows).
con_keys e; con_wait "Edit entry"
con_wait "read-only here"
con_has "chain http://example.test/x" || bd_fail "rows after a wide character are not shown"
con_keys Tab C-u 'Wide title' Tab Tab Tab Tab Tab F2
con_wait "saved entry 'wide'"
"$BOOTDECK" entry show wide | grep -v '^title' > "$T/after"
grep -v '^title' "$T/before" | diff -u - "$T/after" || bd_fail "the script changed on a title edit"
con_quit

# Under LANG=C the form cannot show the script: it refuses to edit the field
# and the stored script stays as it was.
CON_S=bdc
con_start LANG=C
con_keys G; con_wait "wide"
con_keys e; con_wait "Edit entry"
con_wait "cannot be edited in this locale"
con_keys Tab Tab Tab Tab Tab Tab F2
con_wait "saved entry 'wide'"
"$BOOTDECK" entry show wide | grep -v '^title' > "$T/after"
grep -v '^title' "$T/before" | diff -u - "$T/after" || bd_fail "the script changed under LANG=C"
con_quit
exit 0

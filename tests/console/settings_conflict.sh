#!/bin/sh
# tests/console/settings_conflict.sh: saving a setting another admin changed meanwhile asks instead of overwriting.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
con_start
con_keys 5; con_wait "Menu title"

# k keeps editing: nothing stored, the form stays whole; a second save
# (the other change now seen) goes through.
con_keys Enter; con_wait "F2 or ^S save"
con_keys C-u 'Console title'
"$BOOTDECK" menu set --title 'CLI title' >/dev/null
con_keys F2; con_wait "changed by someone else meanwhile"
con_keys k; con_wait "not saved: Menu title is now 'CLI title'"
con_has "Esc cancel" || { con_screen; bd_fail "the form is not redrawn after k"; }
"$BOOTDECK" menu show | grep -q 'CLI title' || bd_fail "the other admin's title was overwritten"
con_keys F2; con_wait "saved Menu title"
"$BOOTDECK" menu show | grep -q 'Console title' || bd_fail "title not saved after k"

# o overwrites.
con_keys Enter; con_wait "F2 or ^S save"
con_keys C-u 'Overwriting title'
"$BOOTDECK" menu set --title 'Another CLI title' >/dev/null
con_keys F2; con_wait "changed by someone else meanwhile"
con_keys o; con_wait "saved Menu title"
"$BOOTDECK" menu show | grep -q 'Overwriting title' || bd_fail "o did not overwrite"

# No change meanwhile: no question.
con_keys Enter; con_wait "F2 or ^S save"
con_keys C-u 'Quiet title' F2; con_wait "saved Menu title"
"$BOOTDECK" menu show | grep -q 'Quiet title' || bd_fail "plain save failed"
con_quit
exit 0

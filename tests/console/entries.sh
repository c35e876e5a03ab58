#!/bin/sh
# tests/console/entries.sh: add, edit, move, enable, default and delete an entry through the console.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
con_start
mkdir -p "$T/images"
head -c 3000 /dev/zero > "$T/images/rescue.iso"

# Add: a name with a space is refused at the field; a missing file is
# only warned about there (an image may be copied in later).
con_keys a; con_wait "Add entry"
con_keys 'bad name' Tab; con_wait "no spaces"
con_keys C-u rescue Tab 'Rescue ISO' Tab Tab r Tab Tab 'Rescue tools' Tab Tab \
    nope.iso Tab
con_wait "no file 'nope.iso' under $T/images"
con_keys BTab C-u rescue.iso F2
con_wait "saved entry 'rescue'"
con_wait "2.9 KiB rescue.iso"
"$BOOTDECK" entry list | grep -Eq '^5 +r +rescue +iso' ||
    bd_fail "entry not stored: $("$BOOTDECK" entry list)"
# The Submenu field puts it in a submenu, as entry set --submenu does.
"$BOOTDECK" entry show rescue | grep -Eq '^submenu: +Rescue tools$' ||
    bd_fail "submenu not stored: $("$BOOTDECK" entry show rescue)"

# A failed save (name taken) shows the reason and keeps what was typed.
con_keys a; con_wait "Add entry"
con_keys shell Tab 'Typed title kept' Tab Tab Tab Tab Tab Tab rescue.iso F2
con_wait "not saved"
con_has "Typed title kept" || bd_fail "typed text lost after a failed save"
con_keys Escape; con_wait "Discard your changes"; con_keys y
con_wait_gone "Add entry"

# Edit the title (G: last row, the new entry).
con_keys G e; con_wait "Edit entry"
con_keys Tab C-u 'Rescue system' F2
con_wait "saved entry 'rescue'"
"$BOOTDECK" entry show rescue | grep -q 'Rescue system' ||
    bd_fail "title not updated"

# Move up, disable, make default.
con_keys K; bd_wait_for 5 sh -c "'$BOOTDECK' entry list | grep -Eq '^4 +r +rescue'" ||
    bd_fail "entry not moved up"
con_keys Space; con_wait "'rescue' disabled"
"$BOOTDECK" entry list | grep -Eq 'rescue +iso +any +no' || bd_fail "not disabled"
con_keys '*'; con_wait "'rescue' is the menu default"
"$BOOTDECK" menu show | grep -q rescue || bd_fail "not the menu default"

# Delete: asks; n keeps it, y removes it (and the default that names it).
con_keys d; con_wait "Delete entry 'rescue'?"; con_keys n
con_wait_gone "Delete entry"
"$BOOTDECK" entry list | grep -q rescue || bd_fail "deleted despite n"
con_keys d; con_wait "Delete entry 'rescue'?"; con_keys y
con_wait "Delete anyway"; con_keys y
con_wait "deleted entry 'rescue'"
"$BOOTDECK" entry list | grep -q rescue && bd_fail "entry still there"
con_quit
exit 0

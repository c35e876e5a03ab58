#!/bin/sh
# tests/console/form.sh: forms keep what was typed across a shrink, redraw after a conflict question, insert at a field's start.
. "$top_srcdir/tests/console/console.sh"

"$BOOTDECK" init --demo >/dev/null
mkdir -p "$T/images"
for f in memtest86+x64.bin memtest86+x64.efi debian-12-amd64-netinst.iso; do
	: > "$T/images/$f"
done
con_start

# Typing at the start of a filled field inserts (O_BLANK off).
con_keys 1 G e; con_wait "Edit entry"
con_keys Tab Home X F2
con_wait "saved entry"
"$BOOTDECK" entry list -l > "$T/list"
grep -q "XDebian" "$T/list" || bd_fail "typing at the start replaced the field: $(cat "$T/list")"

# Shrinking the terminal while the form is open keeps what was typed
# (memtest: a kernel entry, too tall for 12 lines).
con_keys g j e; con_wait "Edit entry"
con_keys Tab C-u 'Typed before resize'
con_tmux resize-window -t "$CON_S" -x 80 -y 12
con_wait "too small for this form"
con_tmux resize-window -t "$CON_S" -x 80 -y 24
con_wait "Edit entry"
con_wait "Typed before resize"
con_keys F2; con_wait "saved entry"
"$BOOTDECK" entry list -l | grep -q "Typed before resize" ||
    bd_fail "the typed title was not saved after the resize"

# Esc while too small, with changes, asks before dropping them.
con_keys g j e; con_wait "Edit entry"
con_keys Tab C-u 'Dropped'
con_tmux resize-window -t "$CON_S" -x 80 -y 12
con_wait "too small for this form"
con_keys Escape; con_wait "Discard your changes"; con_keys y
con_tmux resize-window -t "$CON_S" -x 80 -y 24
con_wait_gone "Edit entry"
"$BOOTDECK" entry list -l | grep -q "Dropped" && bd_fail "cancelled edit saved"

# A conflict question answered k leaves the form whole.
con_keys G e; con_wait "Edit entry"
name=$(con_screen | sed -n 's/.*Name  *\([^ │]*\).*/\1/p' | head -n 1)
"$BOOTDECK" entry set "$name" --title 'Changed by the CLI' >/dev/null
con_keys Tab C-u 'Mine' F2
con_wait "changed by someone else meanwhile"; con_keys k
con_wait "not saved"
for label in "Edit entry" "Title" "Kind" "Platform" "Esc cancel"; do
	con_has "$label" || { con_screen; bd_fail "'$label' missing from the form after k"; }
done
con_has "┌" || { con_screen; bd_fail "the form's box is gone after k"; }
con_keys Escape; con_wait "Discard your changes"; con_keys y
con_wait_gone "Edit entry"
con_quit
exit 0

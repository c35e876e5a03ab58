#!/bin/sh
# tests/cli/host.sh: host set/list/rm with every MAC form, bad MACs, next boot; menu show/set.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/cli.sh"

bd_run 0 bd init --demo
bd_run 0 bd host list
bd_expect_eq "hosts in a new catalog" \
    "MAC  NAME  DEFAULT  NEXT  MENU  LOCALBOOT  LAST-SEEN  IP" "$(cat "$T/out")"

# Every accepted MAC form is one host, stored normalized.
bd_run 0 bd host set 52:54:00:AB:CD:EF --name lab1
bd_no_error
bd_run 0 bd host set 52-54-00-ab-cd-ef --default memtest
bd_run 0 bd host set 525400ABCDEF --no-menu
bd_run 0 bd host set 525400abcdef --localboot exit
bd_run 0 bd host list
bd_expect_eq "hosts" 2 "$(wc -l < "$T/out")"
bd_expect_grep '^52:54:00:ab:cd:ef +lab1 +memtest +- +skip +exit +- +-$' "$T/out"
cp "$T/out" "$T/hosts"

# Bad MACs: usage error naming the argument, the catalog unchanged.
for bad in 52:54:00:ab:cd 52:54:00:ab:cd:eg 52:54-00:ab:cd:ef \
    ' 52:54:00:ab:cd:ef' 52:54:00:ab:cd:ef:00 zz ''; do
	bd_run 2 bd host set "$bad" --name evil
	bd_one_error "'$bad' is not a MAC address"
	bd_run 2 bd host rm "$bad"
	bd_one_error "is not a MAC address"
	bd_run 2 bd preview "$bad"
	bd_one_error "is not a MAC address"
	bd_run 2 bd log --mac "$bad"
	bd_one_error "is not a MAC address"
done
# MACs no one machine has: refused the same way, saying why.
bd_run 2 bd host set ff:ff:ff:ff:ff:ff --name evil
bd_one_error "'ff:ff:ff:ff:ff:ff' is the broadcast address"
bd_run 2 bd host set 000000000000 --name evil
bd_one_error "'00:00:00:00:00:00' is all zeros"
bd_run 2 bd host set 01-00-5E-00-00-FB --name evil
bd_one_error "'01:00:5e:00:00:fb' is a multicast address"
bd_run 2 bd host set 33:33:00:00:00:01
bd_one_error "is a multicast address"
bd_run 0 bd host list
cmp "$T/out" "$T/hosts" || bd_fail "a bad MAC changed the hosts"

# Bad values: nothing changes.
bd_run 2 bd host set 52:54:00:ab:cd:ef --localboot floppy
bd_one_error "--localboot wants auto, sanboot or exit"
bd_run 1 bd host set 52:54:00:ab:cd:ef --default nosuch
bd_one_error "nosuch"
bd_run 1 bd host set 52:54:00:ab:cd:ef --next nosuch --name changed
bd_one_error "nosuch"
bd_run 1 bd host set 52:54:00:00:00:99 --default nosuch
bd_one_error "nosuch"
bd_run 0 bd host list
cmp "$T/out" "$T/hosts" || bd_fail "a failed host set changed the hosts"

# Next boot, set and cleared; the rest stays.
bd_run 0 bd host set 52:54:00:ab:cd:ef --next shell
bd_run 0 bd host list
bd_expect_grep '^52:54:00:ab:cd:ef +lab1 +memtest +shell +skip +exit ' "$T/out"
bd_run 0 bd host set 52:54:00:ab:cd:ef --no-next --menu --localboot sanboot
bd_run 0 bd host list
bd_expect_grep '^52:54:00:ab:cd:ef +lab1 +memtest +- +show +sanboot ' "$T/out"
bd_run 0 bd host set 52:54:00:ab:cd:ef --no-default --name ''
bd_run 0 bd host list
bd_expect_grep '^52:54:00:ab:cd:ef +- +- +- +show +sanboot ' "$T/out"

# A second host; rm removes only it.
bd_run 0 bd host set 00:11:22:33:44:55
bd_run 0 bd host list
bd_expect_grep '^00:11:22:33:44:55 +- +- +- +show +auto ' "$T/out"
bd_run 0 bd host rm 00-11-22-33-44-55
bd_no_error
bd_run 0 bd host list
bd_expect_eq "hosts after rm" 2 "$(wc -l < "$T/out")"
bd_run 1 bd host rm 00:11:22:33:44:55
bd_one_error "00:11:22:33:44:55"
bd_run 0 bd host
bd_expect_grep '^52:54:00:ab:cd:ef ' "$T/out"

# Menu settings.
bd_run 0 bd menu set --title "Lab boot menu" --timeout 5 --default shell
bd_no_error
bd_run 0 bd menu show
bd_expect_eq "menu" "title:          Lab boot menu
timeout:        5 s
default:        shell" "$(sed -n 1,3p "$T/out")"
bd_run 0 bd menu set --timeout 0
bd_run 0 bd menu
bd_expect_grep '^title: +Lab boot menu$' "$T/out"
bd_expect_grep '^timeout: +none \(wait for a choice\)$' "$T/out"
bd_expect_grep '^default: +shell$' "$T/out"
bd_run 0 bd menu set --no-default
bd_run 0 bd menu
bd_expect_grep '^default: +none$' "$T/out"
cp "$T/out" "$T/menu"
bd_run 1 bd menu set --default nosuch --title Changed
bd_one_error "nosuch"
bd_run 2 bd menu set
bd_one_error "nothing to change"
bd_run 0 bd menu
cmp "$T/out" "$T/menu" || bd_fail "a failed menu set changed the menu"

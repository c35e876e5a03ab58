/* ipxe_menu.h: reading a hand-written iPXE menu script (menu, item, choose, :label sections) into an import plan. */
#ifndef BOOTDECK_IPXE_MENU_H
#define BOOTDECK_IPXE_MENU_H

#include <stddef.h>

#include "import/plan.h"

/*
 * Parses the script in buf (len bytes, any content; file names it in
 * findings) and adds to plan one entry per menu item whose :label section
 * boots something bootdeck has a kind for (sanboot URL, kernel/initrd/
 * boot, chain URL, exit, shell), the menu title and choose's --default and
 * --timeout. Every item gets a finding, and so does every line that is
 * not mapped (it is listed, never dropped silently). Returns the number of
 * IMPORT_ERROR findings added (a binary or oversized file, no #!ipxe).
 */
size_t ipxe_menu_parse(struct import_plan *plan, const char *file,
    const char *buf, size_t len);

#endif

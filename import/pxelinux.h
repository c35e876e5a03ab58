/* pxelinux.h: reading a pxelinux.cfg (syslinux) menu into an import plan. */
#ifndef BOOTDECK_PXELINUX_H
#define BOOTDECK_PXELINUX_H

#include <stddef.h>

#include "import/plan.h"

/*
 * Parses the config file (named as the TFTP root names it, for findings
 * and include loops) held in buf (len bytes, any content) and adds what it
 * maps to plan: one entry per bootable LABEL in file order, with its
 * submenu, the menu title, timeout and default; every label, and every
 * line bootdeck cannot keep, gets a finding. INCLUDE and MENU INCLUDE
 * files come from loader (NULL: includes are errors). With mac (normalized)
 * the file is that machine's own (pxelinux.cfg/01-MAC): its labels join
 * the plan's entries (an identical one is shared) and its default becomes
 * the host's default rather than the menu's. Returns the number of
 * IMPORT_ERROR findings this call added (bad input: import nothing):
 * after PXELINUX_ERRORS_MAX of them one more says the rest is not read.
 */
#define PXELINUX_ERRORS_MAX 20
size_t pxelinux_parse(struct import_plan *plan, const char *file,
    const char *buf, size_t len, const struct import_loader *loader,
    const char *mac);

/* The MAC (normalized) a pxelinux.cfg file name stands for
   ("01-aa-bb-cc-dd-ee-ff": ARP type 1, Ethernet), or false. */
bool pxelinux_mac_file(const char *name, char mac[MAC_STRLEN]);

#endif

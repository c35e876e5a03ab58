/* golden.h: comparing rendered scripts with the golden files under tests/unit/golden/ (unit tests only). */
#ifndef BOOTDECK_TEST_GOLDEN_H
#define BOOTDECK_TEST_GOLDEN_H

#include <stdbool.h>

/*
 * Compares got with tests/unit/golden/NAME.ipxe; with
 * BOOTDECK_REGEN_GOLDEN=1 rewrites the file instead. Returns false after
 * printing the first line that differs (or why the file cannot be read).
 */
bool golden_check(const char *name, const char *got);

#endif

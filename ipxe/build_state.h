/* build_state.h: what the last successful make of an iPXE tree was given and built, so an unchanged build skips make. */
#ifndef BOOTDECK_BUILD_STATE_H
#define BOOTDECK_BUILD_STATE_H

#include <stdbool.h>
#include <time.h>

/*
 * Kept in the build's config directory (SRC/src/config/local/bootdeck/):
 * when make started, the config files and embedded script bootdeck
 * wrote (their bytes), the settings of the environment iPXE's make
 * reads, and each target binary's identity after the build.
 */
#define BUILD_STATE_FILE "build.state"

/*
 * Before make runs: forgets the recorded state (a make that fails
 * leaves a tree no state describes) and sets *start to a time that
 * every change from now on, in the tree, gets as ctime or later, and no
 * earlier change does. False if the state could not be emptied.
 */
bool build_state_begin(const char *cfgdir, struct timespec *start);

/* After every make succeeded: records the state, for make begun at
   start. False if it could not be written (the next build runs make). */
bool build_state_save(const char *srcdir, const char *cfgdir,
    const struct timespec *start);

/*
 * Whether running make again would build what is there already: the
 * state exists and reads back, the config files and the environment are
 * as recorded, every target binary is the one built then, and nothing
 * under srcdir outside the bin directories was changed, created, moved
 * or deleted since that make started. False on any doubt.
 */
bool build_state_current(const char *srcdir, const char *cfgdir);

#endif

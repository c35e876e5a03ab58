/* script_shape.h: a model of how iPXE reads a script, for tests that hostile text leaves a script's commands alone. */
#ifndef BOOTDECK_SCRIPT_SHAPE_H
#define BOOTDECK_SCRIPT_SHAPE_H

#include <stddef.h>

#include "common/strbuf.h"

/*
 * A model of how iPXE reads a script (src/image/script.c, src/core/exec.c):
 * lines end at '\n', a trailing '\r' is dropped, a trailing '\' joins the
 * next line, ":label" opens a line, whitespace splits tokens, a token
 * starting with '#' ends the line, and standalone "||" "&&" ";" end a
 * command. The shape of a script is, per line, its label and for each
 * command its first word and how many option-looking tokens follow it
 * before the first other token, with the separators and comments between.
 * Hostile text in any field must leave the shape as benign text does, and
 * add no "${".
 *
 * Appends the shape of script to out; returns the number of "${" in it.
 */
size_t script_shape(const char *script, struct strbuf *out);

#endif

/* translit.h: spelling text in ASCII for screens that show nothing else (iPXE menus). */
#ifndef BOOTDECK_TRANSLIT_H
#define BOOTDECK_TRANSLIT_H

#include "common/strbuf.h"

/*
 * Appends text to sb in ASCII: ASCII bytes as they are, accented Latin
 * letters without their accents (é e, ü u, ß ss, Ł L), typographic
 * punctuation as plain (— -, “ " , … ...), combining accents dropped, and
 * every other character or invalid UTF-8 byte as '?'. NULL is "". Only
 * spelling: control bytes and whatever else means something to the reader
 * of the result pass through, for the caller to deal with.
 */
void translit_ascii(struct strbuf *sb, const char *text);

#endif

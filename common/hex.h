/* hex.h: hexadecimal digits, for MAC addresses and percent-decoding. */
#ifndef BOOTDECK_HEX_H
#define BOOTDECK_HEX_H

/* The value of one hex digit (either case), or -1. */
int hex_value(char c);

#endif

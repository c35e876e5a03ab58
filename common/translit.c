/* translit.c: spelling text in ASCII for screens that show nothing else (iPXE menus). */
#include "config.h"

#include <stdint.h>

#include "common/translit.h"

/*
 * What each character reads as in ASCII: accents dropped (e for é, u for
 * ü), ligatures spelled out (ss for ß, AE for Æ), typographic punctuation
 * as the typewriter had it. A compact table, not Unicode's: Latin-1 and
 * Latin Extended-A (the Western and Central European alphabets) cover
 * almost every title a sysadmin types; anything else reads as '?'.
 */
static const char *const translit_latin1[0x100 - 0xa0] = {
	" ", "!", "c", "GBP", "?", "JPY", "|", "S", "\"", "(C)", "a", "<<",
	"-", "-", "(R)", "-", "deg", "+/-", "2", "3", "'", "u", "P", ".",
	",", "1", "o", ">>", "1/4", "1/2", "3/4", "?", "A", "A", "A", "A",
	"A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I", "D",
	"N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y",
	"TH", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e",
	"e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "/", "o",
	"u", "u", "u", "u", "y", "th", "y",
};

static const char *const translit_latin_ext_a[0x180 - 0x100] = {
	"A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c",
	"D", "d", "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e",
	"G", "g", "G", "g", "G", "g", "G", "g", "H", "h", "H", "h", "I", "i",
	"I", "i", "I", "i", "I", "i", "I", "i", "IJ", "ij", "J", "j", "K",
	"k", "k", "L", "l", "L", "l", "L", "l", "L", "l", "L", "l", "N", "n",
	"N", "n", "N", "n", "'n", "N", "n", "O", "o", "O", "o", "O", "o",
	"OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S",
	"s", "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U",
	"u", "U", "u", "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z",
	"Z", "z", "Z", "z", "s",
};

static const struct translit_punct {
	uint32_t	 cp;
	const char	*ascii;
} translit_punct[] = {
	{ 0x2010, "-" }, { 0x2011, "-" }, { 0x2012, "-" }, { 0x2013, "-" },
	{ 0x2014, "-" }, { 0x2015, "-" }, { 0x2018, "'" }, { 0x2019, "'" },
	{ 0x201a, "," }, { 0x201b, "'" }, { 0x201c, "\"" }, { 0x201d, "\"" },
	{ 0x201e, "\"" }, { 0x201f, "\"" }, { 0x2020, "+" }, { 0x2022, "*" },
	{ 0x2026, "..." }, { 0x2030, "%o" }, { 0x2032, "'" }, { 0x2033, "\"" },
	{ 0x2039, "<" }, { 0x203a, ">" }, { 0x2044, "/" }, { 0x20ac, "EUR" },
	{ 0x2122, "TM" }, { 0x2190, "<-" }, { 0x2192, "->" }, { 0x2212, "-" },
	{ 0x2264, "<=" }, { 0x2265, ">=" },
};

/* The code point of the UTF-8 sequence at s, its length in *len; -1 for a
   byte that starts no valid sequence (overlong, surrogate, cut short). */
static int32_t
translit_decode(const unsigned char *s, size_t *len)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	size_t n, i;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07;
	else
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = n;
	return (int32_t)cp;
}

static const char *
translit_lookup(int32_t cp)
{
	size_t i;

	if (cp >= 0xa0 && cp < 0x100)
		return translit_latin1[cp - 0xa0];
	if (cp >= 0x100 && cp < 0x180)
		return translit_latin_ext_a[cp - 0x100];
	/* Combining accents (e and U+0301 for é): the letter says enough. */
	if (cp >= 0x300 && cp < 0x370)
		return "";
	for (i = 0; i < sizeof translit_punct / sizeof translit_punct[0]; i++)
		if (translit_punct[i].cp == (uint32_t)cp)
			return translit_punct[i].ascii;
	return "?";
}

void
translit_ascii(struct strbuf *sb, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	int32_t cp;
	size_t len;

	while (*p != '\0') {
		cp = translit_decode(p, &len);
		if (cp >= 0 && cp < 0x80)
			strbuf_addc(sb, (char)cp);
		else
			strbuf_adds(sb, cp < 0 ? "?" : translit_lookup(cp));
		p += len;
	}
}

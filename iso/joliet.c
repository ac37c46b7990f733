// SPDX-License-Identifier: MIT
/*
 * Joliet (Joliet specification, 1995): supplementary volume descriptors
 * tagged by escape sequences, names in UCS-2 big-endian shown as UTF-8.
 */
#include <errno.h>
#include <stdio.h>
#include <vmplat/log.h>
#include "iso_internal.h"

/* Joliet 2.2: "%/@" level 1, "%/C" level 2, "%/E" level 3; 0 if none. */
int iso_joliet_level(const uint8_t *escapes)
{
	static const uint8_t levels[] = { '@', 'C', 'E' };

	if (escapes[0] != '%' || escapes[1] != '/')
		return 0;
	for (unsigned i = 0; i < ARRAY_SIZE(levels); i++)
		if (escapes[2] == levels[i])
			return (int)i + 1;
	return 0;
}

static size_t utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Next code point at units i: a UTF-16 surrogate pair (tools write them) or
 * one UCS-2 unit; unpaired surrogates become U+FFFD. */
static uint32_t next_cp(const uint8_t *id, uint32_t units, uint32_t *i)
{
	uint32_t u = (uint32_t)(id[2 * *i] << 8 | id[2 * *i + 1]), lo;

	(*i)++;
	if (u < 0xd800 || u > 0xdfff)
		return u;
	if (u >= 0xdc00 || *i >= units)
		return 0xfffd;
	lo = (uint32_t)(id[2 * *i] << 8 | id[2 * *i + 1]);
	if (lo < 0xdc00 || lo > 0xdfff)
		return 0xfffd;
	(*i)++;
	return 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
}

/* UCS-2 BE file identifier to UTF-8, ";1" version dropped (Joliet 3.1). */
int iso_joliet_name(const uint8_t *id, uint32_t len, char *out, size_t outsz)
{
	uint32_t units = len / 2, i = 0;
	size_t n = 0;

	if (len == 1 && id[0] <= 1) {
		snprintf(out, outsz, "%s", id[0] ? ".." : ".");
		return 0;
	}
	if (len & 1) {
		log_err("iso: Joliet identifier of odd length %u (Joliet 3.1)", len);
		return -EINVAL;
	}
	while (i < units) {
		char tmp[4];
		uint32_t cp = next_cp(id, units, &i);
		size_t k;

		if (cp == ';')
			break;
		if (cp < 0x20 || cp == '/')
			cp = '_';
		k = utf8_put(cp, tmp);
		if (n + k >= outsz) {
			log_err("iso: Joliet name longer than %zu UTF-8 bytes", outsz - 1);
			return -ENAMETOOLONG;
		}
		for (size_t j = 0; j < k; j++)
			out[n++] = tmp[j];
	}
	out[n] = '\0';
	return 0;
}

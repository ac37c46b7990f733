// SPDX-License-Identifier: MIT
/*
 * Command-line words: "key" or "key=value", separated by blanks. Values may
 * be double-quoted to hold blanks: run="pci; iommu".
 */
#include <errno.h>
#include <string.h>
#include <vmplat/platform.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Next word of s from *pos: key at [*k, *klen), value at [*v, *vlen) or *v = NULL. */
static bool next_word(const char *s, size_t *pos, const char **k, size_t *klen, const char **v,
		      size_t *vlen)
{
	size_t i = *pos;

	while (s[i] && is_blank(s[i]))
		i++;
	if (!s[i])
		return false;
	*k = s + i;
	while (s[i] && !is_blank(s[i]) && s[i] != '=')
		i++;
	*klen = (size_t)(s + i - *k);
	*v = NULL;
	*vlen = 0;
	if (s[i] == '=') {
		bool quoted = s[++i] == '"';

		i += quoted;
		*v = s + i;
		while (s[i] && (quoted ? s[i] != '"' : !is_blank(s[i])))
			i++;
		*vlen = (size_t)(s + i - *v);
		if (quoted && s[i] == '"')
			i++;
	}
	*pos = i;
	return true;
}

static bool find_key(const char *cmdline, const char *key, const char **v, size_t *vlen)
{
	size_t pos = 0, klen, want = strlen(key);
	const char *k;

	if (!cmdline || !want)
		return false;
	while (next_word(cmdline, &pos, &k, &klen, v, vlen)) {
		if (klen == want && !memcmp(k, key, want))
			return true;
	}
	return false;
}

bool cmdline_has(const char *cmdline, const char *key)
{
	const char *v;
	size_t vlen;

	return find_key(cmdline, key, &v, &vlen);
}

int cmdline_get(const char *cmdline, const char *key, char *buf, size_t len)
{
	const char *v;
	size_t vlen;

	if (!find_key(cmdline, key, &v, &vlen) || !v)
		return -ENOENT;
	if (vlen + 1 > len)
		return -ENOSPC;
	memcpy(buf, v, vlen);
	buf[vlen] = '\0';
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * /loader/loader.conf (the systemd-boot loader.conf(5) keys the Boot Loader
 * Specification leaves to the loader): `default` (a glob over entry ids) and
 * `timeout` (seconds, or "menu-force"). Portable; other keys are ignored.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>

#define LOADER_TIMEOUT_MAX 3600	   /* seconds; more is refused as a typo */
#define GLOB_MAX_STEPS	   100000u /* backtracking bound for hostile patterns */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* [...] at p: does c match? *end gets the char after ']' (or NULL if unclosed). */
static bool class_match(const char *p, char c, const char **end)
{
	bool neg = *p == '!' || *p == '^', hit = false;

	if (neg)
		p++;
	/* A ']' right after '[' or '[!' is a member (POSIX 2.13.1). */
	for (bool first = true; *p && (first || *p != ']'); first = false, p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hit |= c >= p[0] && c <= p[2];
			p += 2;
		} else {
			hit |= c == *p;
		}
	}
	*end = *p == ']' ? p + 1 : NULL;
	return hit != neg;
}

static bool glob_rec(const char *p, const char *s, unsigned *steps)
{
	const char *end;

	while (*p) {
		if (++*steps > GLOB_MAX_STEPS)
			return false;
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (;; s++) {
				if (glob_rec(p, s, steps))
					return true;
				if (!*s)
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '[') {
			bool m = class_match(p + 1, *s, &end);

			if (end) {
				if (!m)
					return false;
				p = end, s++;
				continue;
			}
			/* An unclosed '[' is an ordinary character. */
		}
		if (*p != '?' && *p != *s)
			return false;
		p++, s++;
	}
	return !*s;
}

bool boot_glob_match(const char *pattern, const char *s)
{
	unsigned steps = 0;

	return glob_rec(pattern, s, &steps);
}

static int parse_timeout(struct loader_conf *c, const char *v, unsigned lineno)
{
	int t = 0;

	if (!strcmp(v, "menu-force")) {
		c->menu_force = true;
		c->timeout_s = -1;
		return 0;
	}
	for (const char *q = v; *q; q++) {
		if (*q < '0' || *q > '9' || t > LOADER_TIMEOUT_MAX) {
			log_err("boot: /loader/loader.conf:%u: timeout '%s' is not 0..%d seconds",
				lineno, v, LOADER_TIMEOUT_MAX);
			return -EINVAL;
		}
		t = t * 10 + (*q - '0');
	}
	if (t > LOADER_TIMEOUT_MAX) {
		log_err("boot: /loader/loader.conf:%u: timeout %d is more than %d seconds", lineno,
			t, LOADER_TIMEOUT_MAX);
		return -EINVAL;
	}
	c->timeout_s = t;
	return 0;
}

/* One line (NUL-terminated copy). */
static int conf_line(struct loader_conf *c, char *line, unsigned lineno)
{
	char *k = line, *v;
	size_t n;

	while (is_space(*k))
		k++;
	n = strlen(k);
	while (n && is_space(k[n - 1]))
		k[--n] = '\0';
	if (!*k || *k == '#')
		return 0;
	for (v = k; *v && !is_space(*v); v++)
		;
	if (*v)
		*v++ = '\0';
	while (is_space(*v))
		v++;
	if (!*v) {
		log_err("boot: /loader/loader.conf:%u: '%s' has no value", lineno, k);
		return -EINVAL;
	}
	if (!strcmp(k, "timeout"))
		return parse_timeout(c, v, lineno);
	if (!strcmp(k, "default")) {
		if (strlen(v) >= sizeof(c->default_pattern)) {
			log_err("boot: /loader/loader.conf:%u: default too long", lineno);
			return -EINVAL;
		}
		strcpy(c->default_pattern, v);
		return 0;
	}
	log_debug("boot: /loader/loader.conf:%u: key '%s' ignored", lineno, k);
	return 0;
}

int loader_conf_parse(struct loader_conf *c, const char *text, size_t len)
{
	char line[BOOT_LINE_MAX + 1];
	size_t pos = 0;
	unsigned lineno = 0;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->timeout_s = -1;
	if (len > BOOT_CONF_MAX) {
		log_err("boot: /loader/loader.conf: %zu bytes, more than %u", len, BOOT_CONF_MAX);
		return -EINVAL;
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;

		lineno++;
		if (l > BOOT_LINE_MAX || memchr(text + pos, '\0', l)) {
			log_err("boot: /loader/loader.conf:%u: line too long or has a NUL byte",
				lineno);
			rc = -EINVAL;
		} else {
			memcpy(line, text + pos, l);
			line[l] = '\0';
			/* A bad line is reported and skipped; the rest still counts. */
			if (conf_line(c, line, lineno))
				rc = -EINVAL;
		}
		pos += l + 1;
	}
	return rc;
}

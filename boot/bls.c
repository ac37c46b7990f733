// SPDX-License-Identifier: MIT
/*
 * Boot Loader Specification type #1 entry files (UAPI.1, "Type #1 Boot
 * Loader Entry Keys"): one "key value" per line, '#' comments, blank lines.
 * Portable (host-tested, fuzzed). Malformed lines (no value, overlong, NUL
 * bytes, invalid UTF-8, values too long for their field) reject the whole
 * entry with a reason naming file and line; unknown keys are skipped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>

static const char *const status_names[] = {
	[BOOT_READY] = "ready",		[BOOT_MISSING_FILE] = "missing file",
	[BOOT_BAD_IMAGE] = "bad image", [BOOT_WRONG_ARCH] = "wrong architecture",
	[BOOT_BAD_ENTRY] = "bad entry",
};

const char *boot_status_name(enum boot_status s)
{
	return (unsigned)s < ARRAY_SIZE(status_names) ? status_names[s] : "?";
}

int boot_entry_fail(struct boot_entry *e, enum boot_status s, const char *fmt, ...)
{
	va_list ap;

	e->status = s;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const char *boot_entry_kernel(const struct boot_entry *e)
{
	return e->elf_path[0] ? e->elf_path : e->linux_path;
}

/* UAPI.1 "architecture": the EFI names (x64, aa64, ...) in lower case. */
const char *bls_arch_name(const char *arch)
{
	if (arch && !strcmp(arch, "x86_64"))
		return "x64";
	if (arch && !strcmp(arch, "aarch64"))
		return "aa64";
	return "?";
}

bool bls_arch_matches(const struct boot_entry *e, const char *arch)
{
	const char *want = bls_arch_name(arch);
	size_t i;

	if (!e->architecture[0])
		return true;
	/* The spec says case-insensitive; compare ASCII lower case by hand. */
	for (i = 0; want[i] && e->architecture[i]; i++) {
		char c = e->architecture[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != want[i])
			return false;
	}
	return !want[i] && !e->architecture[i];
}

int bls_entry_id(const char *fname, char *id, size_t len)
{
	const char *base = strrchr(fname, '/');
	size_t n;

	base = base ? base + 1 : fname;
	n = strlen(base);
	if (n <= 5 || strcmp(base + n - 5, ".conf") || n - 5 >= len)
		return -EINVAL;
	memcpy(id, base, n - 5);
	id[n - 5] = '\0';
	return 0;
}

/* Length of a valid UTF-8 sequence at p (RFC 3629, section 4), 0 if invalid. */
static size_t utf8_seq(const uint8_t *p, size_t left)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static bool valid_utf8(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq((const uint8_t *)s + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Copy a value into a field; false when it does not fit. */
static bool set_field(char *dst, size_t size, const char *v, size_t vlen)
{
	if (vlen >= size)
		return false;
	memcpy(dst, v, vlen);
	dst[vlen] = '\0';
	return true;
}

/* Options lines accumulate, joined with one space (UAPI.1: "options" may repeat). */
static bool add_options(struct boot_entry *e, const char *v, size_t vlen)
{
	size_t have = strlen(e->options);
	size_t sep = have ? 1 : 0;

	if (have + sep + vlen >= sizeof(e->options))
		return false;
	if (sep)
		e->options[have] = ' ';
	memcpy(e->options + have + sep, v, vlen);
	e->options[have + sep + vlen] = '\0';
	return true;
}

#define FIELD(name, member)                                      \
	{                                                        \
		name, offsetof(struct boot_entry, member),       \
			sizeof(((struct boot_entry *)0)->member) \
	}
static const struct {
	const char *key;
	size_t off, size;
} single_keys[] = {
	FIELD("title", title),		 FIELD("version", version),
	FIELD("machine-id", machine_id), FIELD("sort-key", sort_key),
	FIELD("linux", linux_path),	 FIELD("elf", elf_path),
	FIELD("devicetree", devicetree), FIELD("architecture", architecture),
};

/* One "key value" line; NULL on success, else what is wrong with it. */
static const char *apply_key(struct boot_entry *e, const char *k, size_t klen, const char *v,
			     size_t vlen, const char *fname, unsigned lineno)
{
	for (size_t i = 0; i < ARRAY_SIZE(single_keys); i++) {
		if (strlen(single_keys[i].key) != klen || memcmp(single_keys[i].key, k, klen))
			continue;
		if (!set_field((char *)e + single_keys[i].off, single_keys[i].size, v, vlen))
			return "value too long";
		return NULL;
	}
	if (klen == 6 && !memcmp(k, "initrd", 6)) {
		if (e->ninitrd >= BOOT_MAX_INITRDS)
			return "too many initrd lines";
		if (!set_field(e->initrd[e->ninitrd], BOOT_FIELD_MAX, v, vlen))
			return "value too long";
		e->ninitrd++;
		return NULL;
	}
	if (klen == 7 && !memcmp(k, "options", 7))
		return add_options(e, v, vlen) ? NULL : "options too long";
	log_debug("boot: %s:%u: key '%.*s' ignored", fname, lineno, (int)MIN(klen, 64), k);
	return NULL;
}

/* Check and apply one line (without its newline). */
static const char *parse_line(struct boot_entry *e, const char *line, size_t len, const char *fname,
			      unsigned lineno)
{
	size_t i = 0, klen, vstart;

	if (len > BOOT_LINE_MAX)
		return "line too long";
	if (memchr(line, '\0', len))
		return "NUL byte in line";
	if (!valid_utf8(line, len))
		return "not valid UTF-8";
	while (i < len && is_space(line[i]))
		i++;
	while (len > i && is_space(line[len - 1]))
		len--;
	if (i == len || line[i] == '#')
		return NULL;
	for (klen = 0; i + klen < len && !is_space(line[i + klen]); klen++)
		;
	for (vstart = i + klen; vstart < len && is_space(line[vstart]); vstart++)
		;
	if (vstart == len)
		return "value missing";
	return apply_key(e, line + i, klen, line + vstart, len - vstart, fname, lineno);
}

int bls_parse_entry(struct boot_entry *e, const char *fname, const char *text, size_t len)
{
	size_t pos = 0;
	unsigned lineno = 0;

	memset(e, 0, sizeof(*e));
	if (bls_entry_id(fname, e->id, sizeof(e->id)))
		return boot_entry_fail(e, BOOT_BAD_ENTRY, "%s: not a <id>.conf name", fname);
	if (len > BOOT_CONF_MAX)
		return boot_entry_fail(e, BOOT_BAD_ENTRY, "%s: %zu bytes, more than %u", fname, len,
				       BOOT_CONF_MAX);
	/* Bounded: each pass consumes at least one byte or ends. */
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;
		const char *why = parse_line(e, text + pos, l, fname, ++lineno);

		if (why)
			return boot_entry_fail(e, BOOT_BAD_ENTRY, "%s:%u: %s", fname, lineno, why);
		pos += l + 1;
	}
	if (!e->linux_path[0] && !e->elf_path[0])
		return boot_entry_fail(e, BOOT_BAD_ENTRY, "%s: no linux (or elf) line", fname);
	if (!e->title[0])
		snprintf(e->title, sizeof(e->title), "%s", e->id);
	e->status = BOOT_READY;
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * Entry order of the Boot Loader Specification (UAPI.1, "Sorting"): entries
 * with a sort-key first, ordered by sort-key, machine-id, then version
 * newest first; then the rest by id, newest first. Versions compare as the
 * UAPI.10 version format spec says (systemd's strverscmp_improved): digit
 * runs numerically, alpha runs lexically, '~' before everything (even the
 * end), '-' then '^' then '.' as separators of falling weight. Portable.
 */
#include <string.h>
#include <vmplat/boot.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_version_char(char c)
{
	return is_digit(c) || is_alpha(c) || c == '~' || c == '-' || c == '^' || c == '.';
}

static int cmp_int(long a, long b)
{
	return (a > b) - (a < b);
}

/* The separator step: the string having sep here is older; both: skip it. */
static int cmp_sep(const char **a, const char **b, char sep, bool *done)
{
	int r;

	*done = false;
	if (**a != sep && **b != sep)
		return 0;
	r = cmp_int(**a != sep, **b != sep);
	if (r) {
		*done = true;
		return r;
	}
	(*a)++, (*b)++;
	return 0;
}

/* One digit or alpha segment each; advances both past it. */
static int cmp_segment(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb, *aa, *bb;
	int r;

	if (is_digit(*a) || is_digit(*b)) {
		for (aa = a; is_digit(*aa); aa++)
			;
		for (bb = b; is_digit(*bb); bb++)
			;
		/* A number is newer than no number (an alpha run or a separator). */
		r = cmp_int(a != aa, b != bb);
		if (r)
			return r;
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		r = cmp_int(aa - a, bb - b);
		if (!r)
			r = memcmp(a, b, (size_t)(aa - a));
	} else {
		for (aa = a; is_alpha(*aa); aa++)
			;
		for (bb = b; is_alpha(*bb); bb++)
			;
		r = memcmp(a, b, (size_t)MIN(aa - a, bb - b));
		if (!r)
			r = cmp_int(aa - a, bb - b);
	}
	*pa = aa, *pb = bb;
	return r < 0 ? -1 : r > 0;
}

int boot_strverscmp(const char *a, const char *b)
{
	static const char seps[] = { '-', '^', '.' };
	bool done;
	int r;

	if (!*a || !*b)
		return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
	/* Bounded: every pass consumes at least one character of a or b. */
	for (;;) {
		while (*a && !is_version_char(*a))
			a++;
		while (*b && !is_version_char(*b))
			b++;
		r = cmp_sep(&a, &b, '~', &done);
		if (done)
			return r;
		if (!*a || !*b)
			return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
		for (size_t i = 0; i < sizeof(seps); i++) {
			r = cmp_sep(&a, &b, seps[i], &done);
			if (done)
				return r;
		}
		if (!*a || !*b) /* a trailing separator: the longer string is newer */
			return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
		r = cmp_segment(&a, &b);
		if (r)
			return r;
	}
}

int boot_entry_cmp(const struct boot_entry *a, const struct boot_entry *b)
{
	int r = cmp_int(!a->sort_key[0], !b->sort_key[0]);

	if (r)
		return r;
	if (a->sort_key[0]) {
		r = strcmp(a->sort_key, b->sort_key);
		if (!r)
			r = strcmp(a->machine_id, b->machine_id);
		if (!r)
			r = -boot_strverscmp(a->version, b->version);
		if (r)
			return r;
	}
	return -boot_strverscmp(a->id, b->id);
}

/* Insertion sort: n <= BOOT_MAX_ENTRIES, and stable. */
void boot_entries_sort(struct boot_entry *e, unsigned n)
{
	static struct boot_entry tmp;

	for (unsigned i = 1; i < n; i++) {
		unsigned j = i;

		if (boot_entry_cmp(&e[j - 1], &e[j]) <= 0)
			continue;
		tmp = e[i];
		while (j > 0 && boot_entry_cmp(&e[j - 1], &tmp) > 0) {
			e[j] = e[j - 1];
			j--;
		}
		e[j] = tmp;
	}
}

int boot_default_index(const struct boot_entry *e, unsigned n, const char *pattern)
{
	int first = -1;

	for (unsigned i = 0; i < n; i++) {
		if (e[i].status != BOOT_READY)
			continue;
		if (first < 0)
			first = (int)i;
		if (pattern && pattern[0] && boot_glob_match(pattern, e[i].id))
			return (int)i;
	}
	return first;
}

// SPDX-License-Identifier: MIT
/*
 * Firmware self-tests, run when the command line holds "selftest".
 * Each prints "ok N - name" or "not ok N - name: reason" (TAP-like);
 * the machine then powers off with the pass/fail status.
 *
 *	SELFTEST(timer_monotonic)
 *	{
 *		ST_CHECK(b > a, "went backwards: %llu then %llu", a, b);
 *		return 0;
 *	}
 */
#ifndef VMPLAT_SELFTEST_H
#define VMPLAT_SELFTEST_H

#include <vmplat/types.h>

struct selftest {
	const char *name;
	int (*fn)(void); /* 0 pass, negative fail (reason from selftest_fail) */
};

#define SELFTEST(n)                                                                   \
	static int selftest_fn_##n(void);                                             \
	static const struct selftest selftest_##n __used __section("vmplat_selftest") \
		__aligned(8) = { #n, selftest_fn_##n };                               \
	static int selftest_fn_##n(void)

/* Record why the running test failed; returns -1 for "return selftest_fail(...)". */
int selftest_fail(const char *fmt, ...) __printf(1, 2);

#define ST_CHECK(cond, ...)                                \
	do {                                               \
		if (!(cond))                               \
			return selftest_fail(__VA_ARGS__); \
	} while (0)

/* Run all (or those whose name starts with filter); returns failures. */
int selftest_run_all(const char *filter);

#endif

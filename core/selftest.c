// SPDX-License-Identifier: MIT
/*
 * Self-test runner: every SELFTEST() in the image, in link order, reported
 * one line each in TAP form so the QEMU runner can count them.
 */
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/selftest.h>
#include <vmplat/timer.h>

extern const struct selftest __start_vmplat_selftest[], __stop_vmplat_selftest[];

static char fail_reason[256];

int selftest_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fail_reason, sizeof(fail_reason), fmt, ap);
	va_end(ap);
	return -1;
}

int selftest_run_all(const char *filter)
{
	const struct selftest *t;
	unsigned n = 0, failed = 0;

	for (t = __start_vmplat_selftest; t < __stop_vmplat_selftest; t++) {
		uint64_t t0;
		int rc;

		if (filter && *filter && strncmp(t->name, filter, strlen(filter)))
			continue;
		n++;
		fail_reason[0] = '\0';
		t0 = timestamp_ns();
		rc = t->fn();
		if (rc == 0) {
			console_printf("ok %u - %s (%llu ms)\n", n, t->name,
				       (unsigned long long)((timestamp_ns() - t0) / NSEC_PER_MSEC));
		} else {
			failed++;
			console_printf("not ok %u - %s: %s\n", n, t->name,
				       fail_reason[0] ? fail_reason : "failed");
		}
	}
	console_printf("1..%u\n# %u passed, %u failed\n", n, n - failed, failed);
	return (int)failed;
}

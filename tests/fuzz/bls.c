// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the boot entry parsers (boot/bls.c, loaderconf.c,
 * version.c): the input as a BLS entry file and as loader.conf; split at
 * its first newline, the halves as two versions and as glob + id.
 *   build/fuzz/bls -max_total_time=60 build/fuzz/corpus-bls tests/fuzz/corpus/bls
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct boot_entry e[2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_conf c;
	char *a, *nl;

	if (!bls_parse_entry(&e[0], "/loader/entries/fuzz-1.conf", (const char *)data, size)) {
		/* a parsed entry holds NUL-terminated fields within their bounds */
		if (strlen(e[0].options) >= sizeof(e[0].options) || e[0].ninitrd > BOOT_MAX_INITRDS)
			abort();
		e[1] = e[0];
		strcpy(e[1].id, "fuzz-2");
		boot_entries_sort(e, 2);
	}
	loader_conf_parse(&c, (const char *)data, size);
	a = malloc(size + 1);
	if (!a)
		return 0;
	memcpy(a, data, size);
	a[size] = '\0';
	nl = strchr(a, '\n');
	if (nl) {
		*nl = '\0';
		if (boot_strverscmp(a, nl + 1) != -boot_strverscmp(nl + 1, a))
			abort(); /* the order must be antisymmetric */
		boot_glob_match(a, nl + 1);
	}
	free(a);
	return 0;
}

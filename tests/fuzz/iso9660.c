// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the ISO9660 reader (iso/) over an in-memory image.
 *   build/fuzz/iso9660 -max_total_time=60 build/fuzz/corpus-iso9660 tests/fuzz/corpus/iso9660
 *   build/fuzz/iso9660 crash-file...     replays inputs
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <vmplat/log.h>
#include "iso9660_drive.h"

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	(void)lvl;
	(void)fmt;
	(void)ap;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	iso_fuzz_drive(data, size);
	return 0;
}

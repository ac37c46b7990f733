// SPDX-License-Identifier: MIT
/*
 * Shared by the libFuzzer harnesses (tests/fuzz/<name>.c): the entry point's
 * prototype (the build has -Wmissing-prototypes) and a check that aborts,
 * so a broken property is reported like a crash, with its input saved.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                    \
	do {                                                                                \
		if (!(cond)) {                                                              \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                     \
			abort();                                                            \
		}                                                                           \
	} while (0)

#endif

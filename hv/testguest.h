// SPDX-License-Identifier: MIT
/* The built-in test guest (hv/testguest.c) and what its run left behind. */
#ifndef HV_TESTGUEST_H
#define HV_TESTGUEST_H

#include <vmplat/hv.h>

struct hv_test_result {
	uint64_t seed;
	unsigned mismatches; /* pattern words that differ from the seed's */
	char sha256[65];
	uint64_t uart_bytes;
	volatile bool done;
};

extern struct hv_test_result hv_test_result;
int hv_test_guest_create(struct hv_vm **out);

#endif

// SPDX-License-Identifier: MIT
/*
 * The built-in test guest (arch/aarch64/hv/guest/, linked in as a blob): a
 * VM with 2 vCPUs and 16 MiB, booted like a kernel with a "seed=" command
 * line. When it powers off, the hypervisor checks the page the guest filled
 * from the seed and prints its SHA-256, which the QEMU scenario recomputes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/timer.h>
#include "../arch/aarch64/hv/guest/guest_abi.h"
#include "hv_priv.h"
#include "testguest.h"

extern const uint8_t hv_test_guest_start[], hv_test_guest_end[];

struct hv_test_result hv_test_result;

static void check_pattern(struct hv_vm *vm)
{
	struct hv_test_result *r = &hv_test_result;
	const uint64_t *p = hv_vm_ram_ptr(vm, GUEST_PATTERN_IPA, GUEST_PATTERN_WORDS * 8);
	uint8_t digest[32];

	r->mismatches = 0;
	if (!p) {
		r->mismatches = GUEST_PATTERN_WORDS;
		return;
	}
	arch_hv_sync_guest((void *)p, GUEST_PATTERN_WORDS * 8, false);
	for (unsigned i = 0; i < GUEST_PATTERN_WORDS; i++)
		r->mismatches += p[i] != guest_pattern_word(r->seed, i);
	sha256(p, GUEST_PATTERN_WORDS * 8, digest);
	for (unsigned i = 0; i < 32; i++)
		snprintf(r->sha256 + 2 * i, 3, "%02x", digest[i]);
	r->uart_bytes = vm->uart.tx_bytes;
	r->done = true;
	console_printf("vm %s: stopped (%s); pattern page %#llx: %u of %u words wrong, "
		       "seed %#llx, sha256 %s\n",
		       vm->name,
		       vm->exit_reason == HV_PSCI_SYSTEM_OFF   ? "SYSTEM_OFF" :
		       vm->exit_reason == HV_PSCI_SYSTEM_RESET ? "SYSTEM_RESET" :
								 "vm stop",
		       (unsigned long long)GUEST_PATTERN_IPA, r->mismatches, GUEST_PATTERN_WORDS,
		       (unsigned long long)r->seed, r->sha256);
}

int hv_test_guest_create(struct hv_vm **out)
{
	struct hv_vm_config cfg = { "test", 2, GUEST_RAM_SIZE };
	struct hv_guest_image img = { .kernel = hv_test_guest_start,
				      .kernel_size =
					      (size_t)(hv_test_guest_end - hv_test_guest_start) };
	char cmdline[48];
	struct hv_vm *vm;
	int rc = hv_vm_create(&cfg, &vm);

	if (rc)
		return rc;
	memset(&hv_test_result, 0, sizeof(hv_test_result));
	/* A seed that changes every run, so a stale page cannot pass. */
	hv_test_result.seed = timestamp_ns() * 0x9e3779b97f4a7c15ULL | 1;
	snprintf(cmdline, sizeof(cmdline), "seed=%#llx", (unsigned long long)hv_test_result.seed);
	img.cmdline = cmdline;
	rc = hv_vm_load(vm, &img);
	if (rc) {
		hv_vm_stop(vm);
		hv_vm_destroy(vm);
		return rc;
	}
	vm->on_stopped = check_pattern;
	*out = vm;
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * The passthrough security guest (tests/guest/sec, linked in as a blob):
 * a VM with 1 vCPU and 16 MiB, booted with "seed=0x<hex> bad=0x<hex>".
 * bad is the host address of a canary page the hypervisor owns, outside
 * the guest's RAM IPA range: the guest aims a device DMA at it, which only
 * IOMMU translation keeps from landing there. After SYSTEM_OFF the
 * hypervisor checks the DMA page in guest RAM against the seed and the
 * canary against its fill, and says so.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/timer.h>
#include "../tests/guest/sec/sec_abi.h"
#include "hv_priv.h"
#include "passthrough.h"

#define SEC_CANARY_TRIES 4

extern const uint8_t hv_sec_guest_start[], hv_sec_guest_end[];

static uint64_t sec_seed;
static paddr_t canary = INVALID_PADDR;

static unsigned canary_changed(void)
{
	const uint8_t *p = phys_to_virt(canary);
	unsigned n = 0;

	arch_hv_sync_guest((void *)p, PAGE_SIZE, false);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		n += p[i] != SEC_CANARY;
	return n;
}

static void sec_check(struct hv_vm *vm)
{
	const uint8_t *dst = hv_vm_ram_ptr(vm, SEC_DMA_DST, SEC_DMA_LEN);
	unsigned wrong = 0;

	if (dst) {
		arch_hv_sync_guest((void *)dst, SEC_DMA_LEN, false);
		for (unsigned i = 0; i < SEC_DMA_LEN; i++)
			wrong += dst[i] != sec_dma_byte(sec_seed, i);
	}
	console_printf("vm %s: stopped; DMA page %#llx: %u of %u bytes differ from seed %#llx; "
		       "canary at host %#llx: %u bytes changed\n",
		       vm->name, (unsigned long long)SEC_DMA_DST, dst ? wrong : SEC_DMA_LEN,
		       SEC_DMA_LEN, (unsigned long long)sec_seed, (unsigned long long)canary,
		       canary_changed());
}

/* A page of host RAM whose address is not guest RAM IPA: the out-of-RAM DMA target. */
static int canary_alloc(const struct hv_vm *vm)
{
	paddr_t tried[SEC_CANARY_TRIES];
	unsigned n = 0;

	if (canary != INVALID_PADDR)
		page_free(canary, 1);
	canary = INVALID_PADDR;
	while (n < SEC_CANARY_TRIES) {
		paddr_t pa = page_alloc_aligned(1, 16 * MiB); /* skips the low pages */

		if (pa == INVALID_PADDR)
			break;
		if (pa < vm->ram_ipa || pa >= vm->ram_ipa + vm->ram_size) {
			canary = pa;
			break;
		}
		tried[n++] = pa;
	}
	while (n--)
		page_free(tried[n], 1);
	if (canary == INVALID_PADDR)
		return -ENOMEM;
	memset(phys_to_virt(canary), SEC_CANARY, PAGE_SIZE);
	arch_hv_sync_guest(phys_to_virt(canary), PAGE_SIZE, false);
	return 0;
}

int hv_sec_guest_create(struct hv_vm **out)
{
	struct hv_vm_config cfg = { "sec", 1, GUEST_RAM_SIZE };
	struct hv_guest_image img = { .kernel = hv_sec_guest_start,
				      .kernel_size =
					      (size_t)(hv_sec_guest_end - hv_sec_guest_start) };
	char cmdline[64];
	struct hv_vm *vm;
	int rc = hv_vm_create(&cfg, &vm);

	if (rc)
		return rc;
	rc = canary_alloc(vm);
	sec_seed = timestamp_ns() * 0x9e3779b97f4a7c15ULL | 1;
	snprintf(cmdline, sizeof(cmdline), "seed=%#llx bad=%#llx", (unsigned long long)sec_seed,
		 (unsigned long long)canary);
	img.cmdline = cmdline;
	if (!rc)
		rc = hv_vm_load(vm, &img);
	if (rc) {
		hv_vm_stop(vm);
		hv_vm_destroy(vm);
		return rc;
	}
	vm->on_stopped = sec_check;
	*out = vm;
	return 0;
}

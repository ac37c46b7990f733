// SPDX-License-Identifier: MIT
/*
 * Dirty-page tracking through stage-2 write protection, for incremental
 * snapshots (docs/snapshot.md). With the VM paused, guest RAM is remapped
 * as 4 KiB pages without S2AP write permission, so no block ever needs
 * splitting while vCPUs run (Arm ARM D8.16.1, break-before-make). A guest
 * write then takes a stage-2 permission fault (ESR_EL2 DFSC 0b0011xx,
 * D17.2.40): the page is marked in vm->dirty, made writable again, its
 * stage-2 TLB entry dropped, and the instruction retried.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include "hv_arch.h"

#define DFSC_PERM_MASK 0x3c
#define DFSC_PERM      0x0c /* permission fault, levels 0-3 */

/* TLBI by VMID needs VTTBR_EL2 to hold that VMID (D8.13.4). */
static void s2_flush_all(const struct hv_vm *vm)
{
	uint64_t old = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, vm->s2.vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1is; dsb ish; isb" ::: "memory");
	write_sysreg(vttbr_el2, old);
	isb();
}

int arch_hv_dirty_start(struct hv_vm *vm)
{
	uint64_t words = (vm->ram_size / PAGE_SIZE + 63) / 64;
	int rc;

	if (vm->state != HV_VM_PAUSED)
		return -EBUSY;
	if (!vm->dirty) {
		vm->dirty = calloc(words, sizeof(uint64_t));
		if (!vm->dirty)
			return -ENOMEM;
	}
	memset(vm->dirty, 0, words * sizeof(uint64_t));
	rc = pt_unmap(&vm->s2.pt, vm->ram_ipa, vm->ram_size);
	if (!rc)
		rc = pt_map(&vm->s2.pt, vm->ram_ipa, vm->ram_pa, vm->ram_size,
			    PT_R | PT_X | PT_PAGES);
	(void)pt_gather_take(&vm->s2.pt);
	dsb(ishst);
	s2_flush_all(vm);
	if (rc) {
		log_err("hv: %s: cannot write-protect guest RAM for dirty tracking (%d)", vm->name,
			rc);
		return rc;
	}
	vm->dirty_track = true;
	return 0;
}

void arch_hv_dirty_stop(struct hv_vm *vm)
{
	if (!vm->dirty_track || vm->state != HV_VM_PAUSED)
		return;
	vm->dirty_track = false;
	if (pt_protect(&vm->s2.pt, vm->ram_ipa, vm->ram_size, PT_R | PT_W | PT_X))
		log_err("hv: %s: cannot make guest RAM writable again", vm->name);
	(void)pt_gather_take(&vm->s2.pt);
	dsb(ishst);
	s2_flush_all(vm);
}

bool arch_hv_dirty_fault(struct hv_vcpu *v, uint64_t ipa, uint64_t esr)
{
	struct hv_vm *vm = v->vm;
	uint64_t page = (ipa - vm->ram_ipa) / PAGE_SIZE;
	uint64_t pipa = ipa & ~(uint64_t)(PAGE_SIZE - 1);

	if (!vm->dirty_track || ipa < vm->ram_ipa || ipa - vm->ram_ipa >= vm->ram_size ||
	    !(esr & DABT_WNR) || (FIELD_GET(DABT_DFSC, esr) & DFSC_PERM_MASK) != DFSC_PERM)
		return false;
	spin_lock(&vm->lock);
	__atomic_or_fetch(&vm->dirty[page / 64], 1ULL << (page % 64), __ATOMIC_RELAXED);
	vm->dirty_faults++;
	/* Relaxing permissions needs no break-before-make (D8.16.1). */
	if (pt_protect(&vm->s2.pt, pipa, PAGE_SIZE, PT_R | PT_W | PT_X))
		log_err("hv: %s: cannot unprotect IPA %#llx", vm->name, (unsigned long long)pipa);
	(void)pt_gather_take(&vm->s2.pt);
	spin_unlock(&vm->lock);
	dsb(ishst);
	__asm__ volatile("tlbi ipas2e1is, %0; dsb ish; tlbi vmalle1is; dsb ish; isb"
			 :
			 : "r"(pipa >> 12)
			 : "memory");
	return true;
}

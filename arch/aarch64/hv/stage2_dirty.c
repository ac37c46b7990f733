// SPDX-License-Identifier: MIT
/*
 * Dirty-page tracking through stage-2 write protection, for incremental
 * snapshots (docs/snapshot.md). With the VM paused, guest RAM is remapped
 * as 4 KiB pages without S2AP write permission, so no block ever needs
 * splitting while vCPUs run (Arm ARM D8.16.1, break-before-make). A guest
 * write then takes a stage-2 permission fault (ESR_EL2 DFSC 0b0011xx,
 * D17.2.40): the page is marked in vm->dirty, made writable again, its
 * stage-2 TLB entry dropped, and the instruction retried.
 *
 * With hardware dirty state (FEAT_HAFDBS, VTCR_EL2.HD: stage2.c) the pages
 * also carry DBM (bit 51): a write sets S2AP[1] in the descriptor itself and
 * takes no fault (Arm ARM D8.4, "Hardware management of the dirty state").
 * arch_hv_dirty_collect, with the VM paused, reads those leaves back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/timer.h>
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

static bool dirty_hw(const struct hv_vm *vm)
{
	return vm->s2.vtcr & HV_VTCR_HD;
}

static const char *dirty_mode(const struct hv_vm *vm)
{
	return dirty_hw(vm) ? "hardware (DBM)" : "write faults (stage-2 permission)";
}

/* What a tracked RAM page maps as once written (restores the write fault or DBM state). */
static unsigned ram_prot(const struct hv_vm *vm, bool writable)
{
	return PT_R | PT_X | (writable ? PT_W : 0) | (dirty_hw(vm) ? PT_DBM : 0);
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
	vm->dirty_faults = 0; /* counts this interval, like the bitmap */
	rc = pt_unmap(&vm->s2.pt, vm->ram_ipa, vm->ram_size);
	if (!rc)
		rc = pt_map(&vm->s2.pt, vm->ram_ipa, vm->ram_pa, vm->ram_size,
			    ram_prot(vm, false) | PT_PAGES);
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
	if (pt_protect(&vm->s2.pt, pipa, PAGE_SIZE, ram_prot(vm, true)))
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

struct collect {
	struct hv_vm *vm;
	uint64_t marked;
	int err;
};

/* A RAM leaf with DBM and S2AP[1] set was written since it was made read-only. */
static int collect_leaf(void *ctx, uint64_t ipa, paddr_t pa, uint64_t size, unsigned prot)
{
	struct collect *c = ctx;
	struct hv_vm *vm = c->vm;
	uint64_t page = (ipa - vm->ram_ipa) / PAGE_SIZE;

	(void)pa;
	if (ipa < vm->ram_ipa || ipa - vm->ram_ipa >= vm->ram_size ||
	    (prot & (PT_DBM | PT_W)) != (PT_DBM | PT_W))
		return 0;
	if (size != PAGE_SIZE) {
		/* dirty_start maps 4 KiB pages only; should a written block show up, every page
		 * of it counts as dirty (too many pages saved, never one missed) and it stays
		 * writable, so the next collection reports it again. */
		uint64_t end = MIN(ipa - vm->ram_ipa + size, vm->ram_size) / PAGE_SIZE;

		for (uint64_t p = page; p < end; p++) {
			if (!(vm->dirty[p / 64] & 1ULL << (p % 64)))
				c->marked++;
			vm->dirty[p / 64] |= 1ULL << (p % 64);
		}
		c->err = -EINVAL;
		return 0;
	}
	if (!(vm->dirty[page / 64] & 1ULL << (page % 64)))
		c->marked++;
	vm->dirty[page / 64] |= 1ULL << (page % 64);
	/* Clean again: read-only, DBM kept. A permission-only change needs no
	 * break-before-make (D8.16.1), only the TLB invalidation below. Should it
	 * fail, the page stays writable and is reported again next time: safe. */
	if (pt_protect(&vm->s2.pt, ipa, PAGE_SIZE, ram_prot(vm, false)))
		c->err = -EIO;
	return 0;
}

static uint64_t dirty_count(const struct hv_vm *vm)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < (vm->ram_size / PAGE_SIZE + 63) / 64; i++)
		n += (uint64_t)__builtin_popcountll(vm->dirty[i]);
	return n;
}

static uint64_t collect_hw(struct hv_vm *vm)
{
	struct collect c = { vm, 0, 0 };

	spin_lock(&vm->lock);
	(void)pt_for_each_leaf(&vm->s2.pt, collect_leaf, &c);
	(void)pt_gather_take(&vm->s2.pt);
	spin_unlock(&vm->lock);
	/* The descriptors before the invalidation that drops writable TLB entries (D8.16). */
	dsb(ishst);
	s2_flush_all(vm);
	if (c.err)
		log_warn("hv: %s: dirty collection could not write-protect every page (%d): those "
			 "stay dirty (saved again next time)",
			 vm->name, c.err);
	return c.marked;
}

uint64_t arch_hv_dirty_collect(struct hv_vm *vm)
{
	uint64_t marked = 0, t0 = timestamp_ns();

	if (!vm->dirty_track || vm->state != HV_VM_PAUSED)
		return 0;
	if (dirty_hw(vm))
		marked = collect_hw(vm);
	console_printf("hv: %s: dirty tracking: %s, %llu pages dirty, %llu write faults, "
		       "collected in %llu us\n",
		       vm->name, dirty_mode(vm), (unsigned long long)dirty_count(vm),
		       (unsigned long long)vm->dirty_faults,
		       (unsigned long long)((timestamp_ns() - t0) / 1000));
	return marked;
}

/* A written RAM leaf not folded into vm->dirty yet (hardware mode, before a collect). */
static int count_leaf(void *ctx, uint64_t ipa, paddr_t pa, uint64_t size, unsigned prot)
{
	struct collect *c = ctx;
	const struct hv_vm *vm = c->vm;
	uint64_t page = (ipa - vm->ram_ipa) / PAGE_SIZE;

	(void)pa;
	(void)size;
	if (ipa >= vm->ram_ipa && ipa - vm->ram_ipa < vm->ram_size &&
	    (prot & (PT_DBM | PT_W)) == (PT_DBM | PT_W) &&
	    !(vm->dirty[page / 64] & 1ULL << (page % 64)))
		c->marked++;
	return 0;
}

bool arch_hv_dirty_info(struct hv_vm *vm, struct hv_dirty_info *out)
{
	struct collect c = { vm, 0, 0 };

	if (!vm->dirty_track)
		return false;
	spin_lock(&vm->lock);
	if (dirty_hw(vm)) /* read only: the descriptors stay as the hardware left them */
		(void)pt_for_each_leaf(&vm->s2.pt, count_leaf, &c);
	out->mode = dirty_mode(vm);
	out->pages = dirty_count(vm) + c.marked;
	out->faults = vm->dirty_faults;
	spin_unlock(&vm->lock);
	return true;
}

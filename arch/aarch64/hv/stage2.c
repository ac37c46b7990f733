// SPDX-License-Identifier: MIT
/*
 * Stage-2 translation of a VM (Arm ARM D8.2, D8.3.3): tables built with
 * core/pt.c's pt_format_vmsa_s2 from the platform allocator, VTCR_EL2 from
 * ID_AA64MMFR0_EL1.PARange (plus HA/HD for hardware dirty state, see
 * stage2_dirty.c), VTTBR_EL2 with an 8-bit VMID. Only guest RAM
 * is mapped; emulated devices stay holes so every access traps.
 */
#include <errno.h>
#include <string.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include "../../../hv/stage2_cfg.h"
#include "hv_arch.h"

#define ID_AA64PFR0_GIC	     GENMASK_ULL(27, 24)
#define ID_AA64MMFR0_PARANGE GENMASK_ULL(3, 0)
#define ID_AA64MMFR1_HAFDBS  GENMASK_ULL(3, 0) /* 2: access flag and dirty state */
#define VTTBR_TABLE_ADDR     GENMASK_ULL(47, 12)
#define HV_VMID_MAX	     255

static unsigned next_vmid = 1;

static paddr_t s2_alloc(void *ctx)
{
	(void)ctx;
	return page_alloc(1);
}

static void s2_free(void *ctx, paddr_t pa)
{
	(void)ctx;
	page_free(pa, 1);
}

static uint64_t *s2_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return phys_to_virt(pa);
}

static const struct pt_alloc s2_pt_alloc = { NULL, s2_alloc, s2_free, s2_ptr };

int arch_hv_available(void)
{
	if (!arch_at_el2) {
		log_err("hv: vmplat runs at EL1 here; the hypervisor needs EL2 (QEMU -machine "
			"virtualization=on, or a boot loader that enters at EL2)");
		return -ENODEV;
	}
	if (irqchip_gic_version() == 2) {
		log_err("hv: the hypervisor needs a GICv3 (ICH_* system registers); this machine "
			"has a GICv2");
		return -ENODEV;
	}
	if (!FIELD_GET(ID_AA64PFR0_GIC, read_sysreg(id_aa64pfr0_el1))) {
		log_err("hv: no GIC system-register interface (ID_AA64PFR0_EL1.GIC = 0)");
		return -ENODEV;
	}
	return 0;
}

/*
 * VTCR_EL2.HD takes effect only with HA set (D17.2.190); descriptors keep AF set,
 * so HA alone changes nothing. hvdirty=wp keeps the write-fault path for comparison.
 */
static uint64_t s2_dirty_vtcr(void)
{
	char mode[8];

	if (FIELD_GET(ID_AA64MMFR1_HAFDBS, read_sysreg(id_aa64mmfr1_el1)) < 2)
		return 0;
	if (!cmdline_get(platform.cmdline, "hvdirty", mode, sizeof(mode)) && !strcmp(mode, "wp"))
		return 0;
	return HV_VTCR_HA | HV_VTCR_HD;
}

int arch_hv_stage2_init(struct hv_vm *vm)
{
	struct hv_s2_cfg cfg;
	unsigned parange = (unsigned)FIELD_GET(ID_AA64MMFR0_PARANGE, read_sysreg(id_aa64mmfr0_el1));
	int rc = hv_stage2_config(parange, &cfg);

	if (rc) {
		log_err("hv: reserved ID_AA64MMFR0_EL1.PARange %u", parange);
		return rc;
	}
	rc = hv_vgic_arch_init();
	if (!rc)
		rc = pt_init(&vm->s2.pt, &pt_format_vmsa_s2, &s2_pt_alloc);
	if (rc)
		return rc;
	vm->s2.ipa_bits = cfg.ipa_bits;
	vm->s2.vtcr = cfg.vtcr | s2_dirty_vtcr();
	vm->s2.vmid = next_vmid;
	next_vmid = next_vmid % HV_VMID_MAX + 1;
	return 0;
}

int arch_hv_stage2_map(struct hv_vm *vm, uint64_t ipa, paddr_t pa, uint64_t size, unsigned prot)
{
	paddr_t root = vm->s2.pt.root;
	int rc;

	if (ipa + size > 1ULL << vm->s2.ipa_bits)
		return -ERANGE;
	rc = pt_map(&vm->s2.pt, ipa, pa, size, prot);
	if (rc)
		return rc;
	/* Level-1 start: the root is the table behind the level-0 entry 0. */
	if (vm->s2.ipa_bits < 40)
		root = *(uint64_t *)phys_to_virt(root) & VTTBR_TABLE_ADDR;
	vm->s2.vttbr = hv_vttbr(root, vm->s2.vmid);
	dsb(ishst);
	return 0;
}

/* TLBI by VMID needs VTTBR_EL2 to hold that VMID (D8.13.4, TLBI VMALLS12E1IS). */
static void s2_flush(const struct hv_vm *vm)
{
	uint64_t old = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, vm->s2.vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1is; dsb ish; isb" ::: "memory");
	write_sysreg(vttbr_el2, old);
	isb();
}

/* Remove a mapping (an assigned BAR the guest moved or stopped decoding) and drop its TLB entries. */
int arch_hv_stage2_unmap(struct hv_vm *vm, uint64_t ipa, uint64_t size)
{
	int rc = pt_unmap(&vm->s2.pt, ipa, size);

	dsb(ishst);
	s2_flush(vm);
	return rc;
}

void arch_hv_stage2_destroy(struct hv_vm *vm)
{
	if (!vm->s2.pt.root)
		return;
	if (vm->s2.vttbr)
		s2_flush(vm);
	pt_destroy(&vm->s2.pt);
	vm->s2.vttbr = 0;
}

/* Clean (and for code invalidate the I-cache) so a guest with caches off sees the bytes. */
void arch_hv_sync_guest(void *p, size_t n, bool exec)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint64_t a = (uint64_t)(uintptr_t)p & ~(line - 1);

	for (; a < (uint64_t)(uintptr_t)p + n; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb(ish);
	if (exec)
		__asm__ volatile("ic ialluis; dsb ish; isb" ::: "memory");
}

// SPDX-License-Identifier: MIT
/*
 * The first identity map, built and enabled with the MMU off (compiled with
 * -mstrict-align, no library calls: Device-type data accesses fault when
 * unaligned and dc zva is not allowed on them, Arm ARM B2.5.2).
 *
 * One level-0 entry -> one level-1 table of 1 GiB blocks over the low
 * 512 GiB (Arm ARM D8.3, 4 KiB granule): the GiBs holding the image and
 * the DTB are Normal WB, the rest Device-nGnRE until the DTB names RAM.
 * core/mm.c later replaces it with the real W^X map (arch_mm_activate).
 */
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/pt.h>

#define DESC_VALID	 (1ULL << 0)
#define DESC_TABLE	 (1ULL << 1)
#define DESC_ATTRIDX(i)	 ((uint64_t)(i) << 2)
#define DESC_SH_INNER	 (3ULL << 8)
#define DESC_AF		 (1ULL << 10)
#define DESC_PXN	 (1ULL << 53)
#define DESC_XN		 (1ULL << 54) /* UXN at EL1, XN at EL2 */
#define EARLY_L1_ENTRIES 512
#define FDT_MAGIC_BE	 0xedfe0dd0u /* 0xd00dfeed read little-endian */

static uint64_t early_l0[512] __aligned(4096);
static uint64_t early_l1[EARLY_L1_ENTRIES] __aligned(4096);
bool arch_at_el2;
unsigned arch_entry_el;

static uint64_t block_normal(uint64_t gib)
{
	return gib << 30 | DESC_VALID | DESC_ATTRIDX(VMSA_MAIR_NORMAL) | DESC_SH_INNER | DESC_AF;
}

static uint64_t block_device(uint64_t gib)
{
	uint64_t d = gib << 30 | DESC_VALID | DESC_ATTRIDX(VMSA_MAIR_DEVICE) | DESC_AF | DESC_XN;

	return arch_at_el2 ? d : d | DESC_PXN;
}

static void mark_normal(uint64_t base, uint64_t size)
{
	uint64_t g;

	if (!size)
		return;
	for (g = base >> 30; g <= (base + size - 1) >> 30 && g < EARLY_L1_ENTRIES; g++)
		early_l1[g] = block_normal(g);
}

/* DTB totalsize (big-endian header word 1), read with one aligned load. */
static uint64_t early_fdt_size(uint64_t dtb)
{
	const volatile uint32_t *h = (const volatile uint32_t *)dtb;
	uint32_t sz;

	if (!dtb || (dtb & 7) || h[0] != FDT_MAGIC_BE)
		return 4096; /* bad DTB: the parser reports it, just keep it mappable */
	sz = h[1];
	return __builtin_bswap32(sz);
}

/* dc ivac over a range: drop stale lines so cached reads see what we wrote uncached. */
static void inval_range(uint64_t start, uint64_t end)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);

	for (start &= ~(line - 1); start < end; start += line)
		__asm__ volatile("dc ivac, %0" : : "r"(start) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

uint64_t arch_tcr_value(void)
{
	uint64_t pa = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	uint64_t tcr = TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K;

	if (pa > 5)
		pa = 5; /* 48-bit output is what the 4-level formats produce */
	if (arch_at_el2)
		return tcr | TCR_EL2_RES1 | pa << TCR_EL2_PS_SHIFT;
	return tcr | TCR_EL1_EPD1 | pa << TCR_EL1_IPS_SHIFT;
}

static void early_enable(void)
{
	uint64_t ttbr = (uint64_t)early_l0;

	if (arch_at_el2) {
		write_sysreg(mair_el2, VMSA_MAIR_VALUE);
		write_sysreg(tcr_el2, arch_tcr_value());
		write_sysreg(ttbr0_el2, ttbr);
		__asm__ volatile("isb; tlbi alle2; dsb nsh; isb" ::: "memory");
		write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA);
	} else {
		write_sysreg(mair_el1, VMSA_MAIR_VALUE);
		write_sysreg(tcr_el1, arch_tcr_value());
		write_sysreg(ttbr0_el1, ttbr);
		__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb" ::: "memory");
		write_sysreg(sctlr_el1, SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA);
	}
	__asm__ volatile("isb; ic iallu; dsb nsh; isb" ::: "memory");
}

void arch_early_mmu_enable(uint64_t image_base, uint64_t dtb, uint64_t entry_el)
{
	extern char __image_end[];
	uint64_t image_end = (uint64_t)__image_end;
	unsigned i;

	arch_entry_el = (unsigned)entry_el;
	arch_at_el2 = ((read_sysreg(CurrentEL) >> CURRENTEL_EL_SHIFT) & 3) == 2;
	for (i = 0; i < EARLY_L1_ENTRIES; i++)
		early_l1[i] = block_device(i);
	mark_normal(image_base, image_end - image_base);
	if (dtb)
		mark_normal(dtb, early_fdt_size(dtb));
	for (i = 1; i < 512; i++)
		early_l0[i] = 0;
	early_l0[0] = (uint64_t)early_l1 | DESC_VALID | DESC_TABLE;
	/* Everything we wrote so far (relocations, BSS, tables) went to memory. */
	inval_range(image_base, image_end);
	early_enable();
}

/*
 * After the DTB named the RAM: make those GiBs Normal. Break-before-make
 * (Arm ARM D8.14.1) since the memory type changes; nothing runs there yet.
 */
void arch_early_map_ram(uint64_t base, uint64_t size)
{
	uint64_t g;

	for (g = base >> 30; size && g <= (base + size - 1) >> 30 && g < EARLY_L1_ENTRIES; g++) {
		if (early_l1[g] == block_normal(g))
			continue;
		early_l1[g] = 0;
		__asm__ volatile("dsb ishst" ::: "memory");
		if (arch_at_el2)
			__asm__ volatile("tlbi alle2; dsb ish; isb" ::: "memory");
		else
			__asm__ volatile("tlbi vmalle1; dsb ish; isb" ::: "memory");
		early_l1[g] = block_normal(g);
		__asm__ volatile("dsb ishst; isb" ::: "memory");
	}
}

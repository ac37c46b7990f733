// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the aarch64 FDT glue over host libfdt
 * (arch/aarch64/fdt_platform.c, arch/aarch64/fdt_smmu.c): the input as the
 * DTB the boot loader passed, its header totalsize set to the input length
 * (the firmware's blob is all readable memory; here the input is all there
 * is). As in arch/aarch64/boot.c: fdt_parse, two reservations, the memory
 * layout, then the SMMUv3 description. The layout must cover each /memory
 * range exactly, in order, with nonzero pieces; counts stay within their
 * arrays; iommu-map entries fit 16-bit requester ids.
 * Seeds: QEMU virt DTBs (-machine virt,...,dumpdtb=) with GICv3, EL2,
 * SMMUv3 and PCIe, and the tests/unit/fdt{,_smmu} trees.
 *   build/fuzz/fdt -max_total_time=60 build/fuzz/corpus-fdt tests/fuzz/corpus/fdt
 */
#include <string.h>
#include <libfdt.h>
#include "fuzz.h"
#include "fdt_platform.h"

struct platform platform;
static struct fdt_desc desc;
static struct smmu_desc smmu[PLAT_MAX_SMMU];

#define MAX_PIECES 512

struct layout {
	struct fdt_range piece[MAX_PIECES];
	unsigned n;
};

static struct layout lay;

static int emit(uint64_t base, uint64_t size, bool reserved, void *ctx)
{
	struct layout *l = ctx;

	(void)reserved;
	FUZZ_CHECK(l->n < MAX_PIECES);
	l->piece[l->n++] = (struct fdt_range){ base, size };
	return 0;
}

/* The pieces tile each /memory range in turn: contiguous, nonzero, exact. */
static void check_layout(void)
{
	unsigned p = 0;

	lay.n = 0;
	fdt_mem_layout(&desc, emit, &lay);
	for (unsigned m = 0; m < desc.nmem; m++) {
		uint64_t pos = desc.mem[m].base, end = pos + desc.mem[m].size;

		while (pos < end) {
			FUZZ_CHECK(p < lay.n && lay.piece[p].base == pos && lay.piece[p].size);
			FUZZ_CHECK(lay.piece[p].size <= end - pos);
			pos += lay.piece[p++].size;
		}
	}
	FUZZ_CHECK(p == lay.n);
}

static void check_smmu(const void *fdt)
{
	const char *why = NULL;
	unsigned n = 0;

	if (fdt_smmu_parse(fdt, smmu, PLAT_MAX_SMMU, &n, &why)) {
		FUZZ_CHECK(why != NULL);
		return;
	}
	FUZZ_CHECK(n <= PLAT_MAX_SMMU);
	for (unsigned i = 0; i < n; i++) {
		FUZZ_CHECK(smmu[i].nmap <= PLAT_MAX_SMMU_MAP);
		for (unsigned j = 0; j < smmu[i].nmap; j++)
			FUZZ_CHECK(smmu[i].map[j].len &&
				   smmu[i].map[j].len <= 0x10000 - smmu[i].map[j].rid_base);
	}
	fdt_smmu_init(fdt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *blob;

	if (size < sizeof(struct fdt_header) || size > FDT_MAX_SIZE)
		return 0;
	blob = malloc(size);
	if (!blob)
		return 0;
	memcpy(blob, data, size);
	fdt_set_totalsize(blob, (uint32_t)size);
	if (fdt_parse(blob, &desc)) {
		FUZZ_CHECK(desc.error != NULL);
		goto out;
	}
	FUZZ_CHECK(desc.nmem <= FDT_MAX_MEM && desc.nrsv <= FDT_MAX_RSV);
	FUZZ_CHECK(desc.ncpus <= FDT_MAX_CPUS && desc.ngicr <= FDT_MAX_GICR);
	FUZZ_CHECK(desc.necam <= FDT_MAX_ECAM);
	for (unsigned i = 0; i < desc.necam; i++)
		FUZZ_CHECK(desc.ecam[i].nwin <= PLAT_MAX_PCI_WINDOWS &&
			   desc.ecam[i].bus_start <= desc.ecam[i].bus_end);
	if (desc.bootargs)
		FUZZ_CHECK((const uint8_t *)desc.bootargs >= blob &&
			   (const uint8_t *)desc.bootargs + strlen(desc.bootargs) < blob + size);
	fdt_add_reserved(&desc, 0x40080000, 0x200000);
	fdt_add_reserved(&desc, 0x48000000, 0x100000);
	check_layout();
	check_smmu(blob);
out:
	free(blob);
	return 0;
}

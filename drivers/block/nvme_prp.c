// SPDX-License-Identifier: MIT
/*
 * PRP lists (NVMe 1.4, 4.3): the first entry may carry a page offset, every
 * later one is page aligned; two pages fit in PRP1/PRP2, more go through a
 * list page that PRP2 points at (Figure 109). Portable (host tested).
 */
#include <errno.h>
#include "nvme.h"

int nvme_prp_build(paddr_t pa, uint32_t len, uint8_t *list, paddr_t list_pa, uint64_t *prp1,
		   uint64_t *prp2)
{
	uint64_t first = NVME_PAGE_SIZE - (pa & (NVME_PAGE_SIZE - 1));
	paddr_t page;
	uint64_t rest, n;

	/* 4.3: bits 1:0 of a PRP entry are zero (dword alignment). */
	if (!len || (pa & 3))
		return -EINVAL;
	*prp1 = pa;
	*prp2 = 0;
	if (len <= first)
		return 0;
	rest = len - first;
	page = pa + first;
	n = DIV_ROUND_UP(rest, NVME_PAGE_SIZE);
	if (n == 1) {
		*prp2 = page;
		return 0;
	}
	/* The list's last entry would chain to another list when more remain. */
	if (n > NVME_PRP_PER_PAGE || (list_pa & (NVME_PAGE_SIZE - 1)))
		return -E2BIG;
	for (uint64_t i = 0; i < n; i++)
		le64_put(list + 8 * i, page + i * NVME_PAGE_SIZE);
	*prp2 = list_pa;
	return 0;
}

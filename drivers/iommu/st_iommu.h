// SPDX-License-Identifier: MIT
/* Helpers shared by the IOMMU self-tests (st_iommu_*.c). */
#ifndef DRIVERS_IOMMU_ST_IOMMU_H
#define DRIVERS_IOMMU_ST_IOMMU_H

#include <vmplat/edu.h>
#include <vmplat/iommu.h>

#define ST_OWNER_A 0x100 /* PCI owner ids of the test domains */
#define ST_OWNER_B 0x101
#define ST_IOVA	   0x200000ULL /* below edu's default 28-bit DMA mask */
#define ST_LEN	   2048	       /* bytes per DMA (< EDU_DMA_MAX) */

struct st_edu {
	struct pci_dev *dev;
	struct edu edu;
	struct iommu_domain *dom;
	uint16_t owner;
	uint16_t rid; /* the requester id the IOMMU sees (topmost alias) */
	/* First fault since st_expect_fault armed, from the domain's handler. */
	unsigned nfaults;
	bool armed;
	uint16_t f_rid;
	uint64_t f_iova;
	bool f_write;
	uint32_t f_reason;
};

/* Take the n-th edu into a new paging domain for owner: 0, 1 to skip (said
 * why), or a failure from selftest_fail. */
int st_edu_get(struct st_edu *s, unsigned n, uint16_t owner);
void st_edu_put(struct st_edu *s);
/* A zeroed page filled with v, or NULL. */
uint8_t *st_page(uint8_t v);
void st_free(uint8_t *p);
void st_pattern(uint8_t *p, uint8_t seed);
bool st_filled(const uint8_t *p, uint8_t v);
int st_map(struct st_edu *s, uint64_t iova, void *buf, unsigned prot);
/* One full-buffer DMA that must succeed without a fault. */
int st_dma(struct st_edu *s, uint64_t iova, bool to_ram);
/* One DMA that must fault with this address, direction and reason (0: any). */
int st_expect_fault(struct st_edu *s, uint64_t iova, bool write, uint32_t reason);
uint32_t st_reason_write(const struct st_edu *s);
uint32_t st_reason_read(const struct st_edu *s);
uint32_t st_reason_write_ro(const struct st_edu *s);

#endif

// SPDX-License-Identifier: MIT
/* Fakes shared by the vpci tests: a physical function's config space and stage 2. */
#ifndef VPCI_TEST_H
#define VPCI_TEST_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "../../../hv/vpci.h"

#define FAKE_VENDOR    0x1234
#define FAKE_DEVICE    0x5678
#define FAKE_CLASS_REV 0x00ff0001
#define FAKE_STATUS    PCI_STATUS_CAP_LIST
#define FAKE_BAR0_HPA  0x80000000ULL
#define FAKE_BAR0_SIZE (1 * MiB)
#define FAKE_BAR2_HPA  0x800004000ULL
#define FAKE_BAR2_SIZE (16 * KiB)
#define FAKE_S2_MAX    8

struct fake_fn {
	uint8_t cfg[VPCI_CFG_SIZE];
	struct vpci_fn_desc desc;
};

struct fake_s2_map {
	uint64_t gpa, hpa, size;
};

struct fake_s2 {
	struct fake_s2_map live[FAKE_S2_MAX];
	unsigned nlive, maps, unmaps;
	int fail_map; /* next map returns this */
};

extern const struct vpci_map_ops fake_s2_ops;
void fake_fn_init(struct fake_fn *f);
uint16_t fake_cfg16(const struct fake_fn *f, uint16_t off);
/* A live mapping at gpa, or NULL. */
const struct fake_s2_map *fake_s2_find(const struct fake_s2 *s, uint64_t gpa);

uint32_t cfg_rd(struct vpci *b, unsigned dev, unsigned func, uint16_t reg, unsigned size);
void cfg_wr(struct vpci *b, unsigned dev, unsigned func, uint16_t reg, unsigned size, uint32_t val);

/* Shared state of the tests (test_vpci.c) and the BAR tests (test_vpci_bar.c). */
extern struct vpci bridge;
extern struct fake_fn fn;
extern struct fake_s2 s2;
int setup(void **state);
extern const struct CMUnitTest vpci_bar_tests[];
extern const size_t vpci_bar_ntests;

#endif

// SPDX-License-Identifier: MIT
/* Helpers shared by the snapshot host tests. */
#ifndef SNAP_TEST_H
#define SNAP_TEST_H

#include <vmplat/blk.h>
#include <vmplat/snapshot.h>

extern unsigned env_errors;
extern char env_last_err[256];

/* A growable in-memory image behind a snap_sink / snap_source. */
struct membuf {
	uint8_t *data;
	size_t size, cap;
};
void membuf_sink(struct membuf *m, struct snap_sink *s);
void membuf_source(struct membuf *m, struct snap_source *s);

/* A small synthetic VM: 2 vCPUs, TEST_PAGES pages of RAM at 0x40000000. */
#define TEST_PAGES 16
#define TEST_RAM   ((uint64_t)TEST_PAGES * SNAP_PAGE_SIZE)
void test_config(struct snap_config *c);
void test_ram_fill(uint8_t *ram, uint64_t seed);
/* Write a snapshot of ram (dirty == NULL: full) into sink; meta out. */
int test_write_image(const struct snap_sink *sink, uint64_t id, uint64_t parent, const uint8_t *ram,
		     const uint8_t *dirty, struct snap_meta *out);
uint64_t test_image_max(void);
/* The same with a vpci section (v != NULL) and its functions in the configuration. */
int test_write_image_vpci(const struct snap_sink *sink, uint64_t id, uint64_t parent,
			  const uint8_t *ram, const uint8_t *dirty, const struct snap_vpci *v,
			  struct snap_meta *out);
void test_config_vpci(struct snap_config *c, const struct snap_vpci *v);

/* Memory disk with a volatile cache and power loss injection. */
struct memdisk {
	struct blk_dev blk;
	uint8_t *cur, *durable;
	struct pend {
		uint64_t lba;
		uint32_t count;
		uint8_t *data;
	} * pend;
	unsigned npend, cap;
	long crash_at; /* op number (writes + flushes) that loses power; -1 never */
	long ops;
	bool dead;
};
struct memdisk *memdisk_new(uint64_t sectors, uint32_t ss);
/* After a power loss: durable + the pending writes picked by policy
 * (0: none, 1: all, 2: every other one), as a fresh disk. */
void memdisk_reboot(struct memdisk *m, int policy);
void memdisk_free(struct memdisk *m);

#endif

// SPDX-License-Identifier: MIT
/*
 * The snapshot store over a memory disk: format/mount/probe, saves with
 * read-back verification, incremental chains, delete rules, space reuse,
 * slot selection by generation and CRC, and power loss injected at every
 * write and flush of a save/delete workload: after each, mount finds the
 * state before or after the interrupted operation, and every snapshot it
 * lists verifies.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "snap_test.h"

extern const struct CMUnitTest store_tests[];
extern const size_t store_ntests;

#define DISK_SECTORS 1024 /* 512 KiB of 512-byte sectors: room for 5 or 6 images */

static struct snap_store st;
static uint8_t ram[TEST_RAM];

static int64_t save(struct snap_store *s, uint64_t parent, uint64_t seed, bool verify)
{
	static struct snap_store_tx tx;
	struct snap_sink sink;
	struct snap_meta m;
	uint8_t dirty[8] = { 0x81, 0x10 };
	int rc;

	test_ram_fill(ram, seed);
	rc = snap_store_begin(s, test_image_max(), &tx, &sink);
	if (rc)
		return rc;
	rc = test_write_image(&sink, tx.rec.id, parent, ram, parent ? dirty : NULL, &m);
	if (rc) {
		snap_store_abort(&tx);
		return rc;
	}
	rc = snap_store_commit(&tx, &m, verify);
	return rc ? rc : (int64_t)m.id;
}

static int verify_rec(const struct snap_store *s, const struct snap_rec *r)
{
	static struct snap_section tab[SNAP_MAX_SECTIONS];
	struct snap_store_reader rd;
	struct snap_meta m;
	unsigned n;
	int rc;

	snap_store_reader_init(&rd, s, r);
	rc = snap_verify(&rd.src, &m, tab, &n);
	if (!rc && (memcmp(m.digest, r->digest, 32) || m.id != r->id || m.parent != r->parent))
		rc = -EBADMSG;
	return rc;
}

static void test_format_mount_save_list(void **state)
{
	struct memdisk *d = memdisk_new(DISK_SECTORS, 512);
	const struct snap_rec *chain[SNAP_STORE_MAX];
	int64_t a, b;
	unsigned n;

	(void)state;
	assert_false(snap_store_probe(&d->blk));
	assert_int_equal(snap_store_mount(&d->blk, &st), -ENOEXEC);
	assert_int_equal(snap_store_format(&d->blk, 0x1234), 0);
	assert_true(snap_store_probe(&d->blk));
	assert_int_equal(snap_store_mount(&d->blk, &st), 0);
	assert_int_equal(st.nrec, 0);
	a = save(&st, 0, 1, true);
	b = save(&st, (uint64_t)a, 2, true);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(snap_store_mount(&d->blk, &st), 0);
	assert_int_equal(st.nrec, 2);
	assert_int_equal(snap_store_chain(&st, 2, chain, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(chain[0]->id, 1);
	assert_int_equal(chain[1]->id, 2);
	assert_int_equal(verify_rec(&st, chain[0]), 0);
	assert_int_equal(verify_rec(&st, chain[1]), 0);
	assert_string_equal(chain[1]->desc, "test snapshot 2");
	assert_int_equal(snap_store_chain(&st, 9, chain, &n), -ENOENT);
	memdisk_free(d);
}

static void test_delete_rules_and_space_reuse(void **state)
{
	struct memdisk *d = memdisk_new(DISK_SECTORS, 512);
	const struct snap_rec *chain[SNAP_STORE_MAX];
	uint64_t start_b;
	unsigned n;

	(void)state;
	snap_store_format(&d->blk, 7);
	snap_store_mount(&d->blk, &st);
	assert_int_equal(save(&st, 0, 1, false), 1);
	assert_int_equal(save(&st, 1, 2, false), 2);
	assert_int_equal(save(&st, 0, 3, false), 3);
	start_b = snap_store_find(&st, 2)->start;
	assert_int_equal(snap_store_delete(&st, 1), -EBUSY); /* 2 depends on it */
	assert_int_equal(snap_store_delete(&st, 2), 0);
	assert_null(snap_store_find(&st, 2));
	/* The freed extent is the first fit for the next image of the same size. */
	assert_int_equal(save(&st, 0, 4, true), 4);
	assert_int_equal(snap_store_find(&st, 4)->start, start_b);
	/* Fill the disk: ENOSPC, and the store still mounts with what it had. */
	while (save(&st, 0, 5, false) > 0)
		;
	assert_int_equal(save(&st, 0, 5, false), -ENOSPC);
	n = st.nrec;
	assert_int_equal(snap_store_mount(&d->blk, &st), 0);
	assert_int_equal(st.nrec, n);
	for (unsigned i = 0; i < st.nrec; i++)
		assert_int_equal(verify_rec(&st, &st.rec[i]), 0);
	/* A parent that vanished (as after corruption) is reported. */
	st.rec[0].id = 99;
	for (unsigned i = 0; i < st.nrec; i++)
		st.rec[i].parent = st.rec[i].id == 3 ? 1 : st.rec[i].parent;
	assert_int_equal(snap_store_chain(&st, 3, chain, &n), -ENOENT);
	memdisk_free(d);
}

static void test_slot_choice_by_generation_and_crc(void **state)
{
	struct memdisk *d = memdisk_new(DISK_SECTORS, 512);
	uint64_t slot;

	(void)state;
	snap_store_format(&d->blk, 9);
	snap_store_mount(&d->blk, &st);
	save(&st, 0, 1, false);
	save(&st, 0, 2, false);
	assert_int_equal(snap_store_mount(&d->blk, &st), 0);
	assert_int_equal(st.nrec, 2);
	/* Corrupt the newest slot: the older one (one snapshot) wins. */
	slot = 4096 + (uint64_t)st.slot * SNAP_STORE_SLOT;
	d->cur[slot + 100] ^= 0x40;
	assert_int_equal(snap_store_mount(&d->blk, &st), 0);
	assert_int_equal(st.nrec, 1);
	/* Both bad: refused. */
	d->cur[4096 + (uint64_t)st.slot * SNAP_STORE_SLOT + 100] ^= 0x40;
	assert_int_equal(snap_store_mount(&d->blk, &st), -EBADMSG);
	/* A corrupted anchor. */
	d->cur[20] ^= 1;
	assert_int_equal(snap_store_mount(&d->blk, &st), -EBADMSG);
	memdisk_free(d);
}

static void test_4k_sectors(void **state)
{
	struct memdisk *d = memdisk_new(512, 4096);

	(void)state;
	assert_int_equal(snap_store_format(&d->blk, 5), 0);
	assert_int_equal(snap_store_mount(&d->blk, &st), 0);
	assert_int_equal(save(&st, 0, 1, true), 1);
	assert_int_equal(save(&st, 1, 2, true), 2);
	assert_int_equal(snap_store_mount(&d->blk, &st), 0);
	assert_int_equal(verify_rec(&st, snap_store_find(&st, 2)), 0);
	memdisk_free(d);
}

/* ---- power loss at every write and flush ---- */

#define NSTEPS 7
static int run_step(struct snap_store *s, unsigned i)
{
	static const struct {
		int kind; /* 0 save full, 1 save incremental (parent), 2 delete */
		uint64_t arg;
	} steps[NSTEPS] = { { 0, 0 }, { 1, 1 }, { 0, 0 }, { 2, 2 }, { 0, 0 }, { 2, 1 }, { 1, 4 } };
	int64_t rc;

	if (steps[i].kind == 2)
		return snap_store_delete(s, steps[i].arg);
	rc = save(s, steps[i].kind ? steps[i].arg : 0, 10 + i, i & 1);
	return rc < 0 ? (int)rc : 0;
}

/* Ids in the store as a bit set. */
static uint64_t ids(const struct snap_store *s)
{
	uint64_t set = 0;

	for (unsigned i = 0; i < s->nrec; i++)
		set |= 1ULL << s->rec[i].id;
	return set;
}

static void test_power_loss_at_every_write(void **state)
{
	struct memdisk *d = memdisk_new(DISK_SECTORS, 512);
	uint64_t after[NSTEPS + 1];
	long total;
	unsigned checked = 0;

	(void)state;
	snap_store_format(&d->blk, 11);
	snap_store_mount(&d->blk, &st);
	after[0] = 0;
	d->crash_at = LONG_MAX; /* count the operations */
	for (unsigned i = 0; i < NSTEPS; i++) {
		assert_int_equal(run_step(&st, i), 0);
		after[i + 1] = ids(&st);
	}
	total = d->ops;
	assert_true(total > 20);
	memdisk_free(d);
	for (long k = 0; k < total; k++) {
		for (int policy = 0; policy < 3; policy++) {
			unsigned i = 0;

			d = memdisk_new(DISK_SECTORS, 512);
			snap_store_format(&d->blk, 11);
			snap_store_mount(&d->blk, &st);
			d->crash_at = k;
			while (i < NSTEPS && !run_step(&st, i))
				i++;
			assert_true(i < NSTEPS); /* op k was reached */
			memdisk_reboot(d, policy);
			assert_int_equal(snap_store_mount(&d->blk, &st), 0);
			/* Before the interrupted step or after it, nothing else. */
			if (ids(&st) != after[i] && ids(&st) != after[i + 1])
				fail_msg(
					"crash at op %ld (step %u, policy %d): ids %#llx, want %#llx "
					"or %#llx",
					k, i, policy, (unsigned long long)ids(&st),
					(unsigned long long)after[i],
					(unsigned long long)after[i + 1]);
			for (unsigned r = 0; r < st.nrec; r++)
				assert_int_equal(verify_rec(&st, &st.rec[r]), 0);
			/* The store keeps working: a save after the crash commits and verifies. */
			assert_true(save(&st, 0, 99, true) > 0);
			for (unsigned r = 0; r < st.nrec; r++)
				assert_int_equal(verify_rec(&st, &st.rec[r]), 0);
			memdisk_free(d);
			checked++;
		}
	}
	assert_int_equal(checked, 3 * total);
}

const struct CMUnitTest store_tests[] = {
	cmocka_unit_test(test_format_mount_save_list),
	cmocka_unit_test(test_delete_rules_and_space_reuse),
	cmocka_unit_test(test_slot_choice_by_generation_and_crc),
	cmocka_unit_test(test_4k_sectors),
	cmocka_unit_test(test_power_loss_at_every_write),
};
const size_t store_ntests = ARRAY_SIZE(store_tests);

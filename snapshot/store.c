// SPDX-License-Identifier: MIT
/*
 * Snapshot store on a block device (docs/snapshot.md). Layout, in bytes:
 *	[0, 4096)		anchor: magic (auto-detect), geometry, nonce, CRC32C
 *	[4096, +16 KiB)		slot 0	} generation, record list, CRC32C;
 *	[20480, +16 KiB)	slot 1	} the valid one with the higher generation wins
 *	[64 KiB, end)		snapshot images, one extent each
 * A save writes its image into free space, flushes, writes the older slot
 * with generation + 1, and flushes again: a power loss at any point leaves
 * either the old or the new slot valid, both naming only complete images.
 * Extents named by either slot stay busy, so a commit never overwrites what
 * the fallback slot still refers to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/crc32c.h>
#include <vmplat/log.h>
#include <vmplat/snapshot.h>
#include "store_priv.h"

#define A_MAGIC	      0
#define A_VERSION     8
#define A_BLOCK	      12
#define A_DEV_BYTES   16
#define A_NONCE	      24
#define A_DATA_START  32
#define A_SLOT_BYTES  40
#define A_CRC	      60
#define STORE_VERSION 1

#define SL_MAGIC   "VMPSLOT1"
#define SL_GEN	   8
#define SL_NREC	   16
#define SL_CRC	   20
#define SL_NEXT_ID 24
#define SL_NONCE   32
#define SL_RECS	   64
#define REC_BYTES  160
#define STREAM_BUF (256 * 1024)

_Static_assert(SL_RECS + SNAP_STORE_MAX * REC_BYTES <= SNAP_STORE_SLOT, "slot size");

static uint64_t slot_off(unsigned i)
{
	return SNAP_STORE_BLOCK + (uint64_t)i * SNAP_STORE_SLOT;
}

/* Whole sectors at a 4096-aligned byte offset (every supported sector size divides it). */
static int wr(struct blk_dev *d, uint64_t off, const void *buf, uint64_t len)
{
	return blk_write(d, off / d->sector_size, len / d->sector_size, buf);
}

static void rec_encode(const struct snap_rec *r, uint8_t *p)
{
	memset(p, 0, REC_BYTES);
	le64_put(p, r->id);
	le64_put(p + 8, r->parent);
	le64_put(p + 16, r->start);
	le64_put(p + 24, r->length);
	le64_put(p + 32, r->size);
	le64_put(p + 40, r->created);
	le32_put(p + 48, r->flags);
	memcpy(p + 56, r->digest, 32);
	memcpy(p + 88, r->desc, SNAP_REC_DESC - 1);
}

static void rec_decode(const uint8_t *p, struct snap_rec *r)
{
	r->id = le64_get(p);
	r->parent = le64_get(p + 8);
	r->start = le64_get(p + 16);
	r->length = le64_get(p + 24);
	r->size = le64_get(p + 32);
	r->created = le64_get(p + 40);
	r->flags = le32_get(p + 48);
	memcpy(r->digest, p + 56, 32);
	memcpy(r->desc, p + 88, SNAP_REC_DESC);
	r->desc[SNAP_REC_DESC - 1] = 0;
}

int snap_store_format(struct blk_dev *d, uint64_t nonce)
{
	uint8_t *b = calloc(1, SNAP_STORE_SLOT);
	int rc = 0;

	if (!b)
		return -ENOMEM;
	if (blk_bytes(d) < SNAP_STORE_DATA + SNAP_STORE_BLOCK) {
		log_err("snapstore: %s is too small (%llu bytes)", d->name,
			(unsigned long long)blk_bytes(d));
		free(b);
		return -ENOSPC;
	}
	/* Slots first (generation 1 and 0, both empty), the anchor last. */
	for (unsigned i = 0; i < 2 && !rc; i++) {
		memset(b, 0, SNAP_STORE_SLOT);
		memcpy(b, SL_MAGIC, 8);
		le64_put(b + SL_GEN, 1 - i);
		le64_put(b + SL_NEXT_ID, 1);
		le64_put(b + SL_NONCE, nonce);
		le32_put(b + SL_CRC, crc32c(0, b, SNAP_STORE_SLOT));
		rc = wr(d, slot_off(i), b, SNAP_STORE_SLOT);
	}
	memset(b, 0, SNAP_STORE_BLOCK);
	memcpy(b + A_MAGIC, SNAP_STORE_MAGIC, 8);
	le32_put(b + A_VERSION, STORE_VERSION);
	le32_put(b + A_BLOCK, SNAP_STORE_BLOCK);
	le64_put(b + A_DEV_BYTES, ALIGN_DOWN(blk_bytes(d), (uint64_t)SNAP_STORE_BLOCK));
	le64_put(b + A_NONCE, nonce);
	le64_put(b + A_DATA_START, SNAP_STORE_DATA);
	le32_put(b + A_SLOT_BYTES, SNAP_STORE_SLOT);
	le32_put(b + A_CRC, crc32c(0, b, A_CRC));
	if (!rc)
		rc = blk_flush(d);
	if (!rc)
		rc = wr(d, 0, b, SNAP_STORE_BLOCK);
	if (!rc)
		rc = blk_flush(d);
	free(b);
	return rc;
}

bool snap_store_probe(struct blk_dev *d)
{
	uint8_t b[16];

	return !blk_read_bytes(d, 0, sizeof(b), b) && !memcmp(b, SNAP_STORE_MAGIC, 8);
}

static bool extents_overlap(const struct snap_rec *a, const struct snap_rec *b)
{
	return a->start < b->start + b->length && b->start < a->start + a->length;
}

static int slot_records(const struct snap_store *s, const uint8_t *b, struct snap_rec *rec,
			unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct snap_rec *r = &rec[i];

		rec_decode(b + SL_RECS + i * REC_BYTES, r);
		if (!r->id || r->start < SNAP_STORE_DATA ||
		    !IS_ALIGNED(r->start | r->length, (uint64_t)SNAP_STORE_BLOCK) || !r->length ||
		    r->size > r->length || r->length > s->dev_bytes ||
		    r->start > s->dev_bytes - r->length || (r->flags & ~SNAP_FLAG_INCR))
			return -EINVAL;
		for (unsigned j = 0; j < i; j++) {
			if (rec[j].id == r->id || extents_overlap(&rec[j], r))
				return -EINVAL;
		}
	}
	return 0;
}

/* One slot: 0 and its generation, or why it is not valid. */
static int slot_read(struct snap_store *s, unsigned i, uint8_t *b, uint64_t *gen,
		     struct snap_rec *rec, unsigned *n, uint64_t *next_id)
{
	uint32_t crc;
	int rc = blk_read_bytes(s->dev, slot_off(i), SNAP_STORE_SLOT, b);

	if (rc)
		return rc;
	crc = le32_get(b + SL_CRC);
	le32_put(b + SL_CRC, 0);
	if (memcmp(b, SL_MAGIC, 8) || crc != crc32c(0, b, SNAP_STORE_SLOT))
		return -EBADMSG;
	if (le64_get(b + SL_NONCE) != s->nonce)
		return -ESTALE; /* left over from an earlier format of this disk */
	*gen = le64_get(b + SL_GEN);
	*n = le32_get(b + SL_NREC);
	*next_id = le64_get(b + SL_NEXT_ID);
	if (*n > SNAP_STORE_MAX || !*next_id)
		return -EINVAL;
	return slot_records(s, b, rec, *n);
}

static int anchor_read(struct blk_dev *d, struct snap_store *s)
{
	uint8_t a[64];
	int rc = blk_read_bytes(d, 0, sizeof(a), a);

	if (rc)
		return rc;
	if (memcmp(a, SNAP_STORE_MAGIC, 8))
		return -ENOEXEC;
	if (le32_get(a + A_CRC) != crc32c(0, a, A_CRC)) {
		log_err("snapstore: %s: anchor CRC32C mismatch", d->name);
		return -EBADMSG;
	}
	s->dev_bytes = le64_get(a + A_DEV_BYTES);
	s->nonce = le64_get(a + A_NONCE);
	if (le32_get(a + A_VERSION) != STORE_VERSION || le32_get(a + A_BLOCK) != SNAP_STORE_BLOCK ||
	    le64_get(a + A_DATA_START) != SNAP_STORE_DATA ||
	    le32_get(a + A_SLOT_BYTES) != SNAP_STORE_SLOT || s->dev_bytes > blk_bytes(d) ||
	    s->dev_bytes < SNAP_STORE_DATA) {
		log_err("snapstore: %s: anchor geometry not supported", d->name);
		return -EINVAL;
	}
	return 0;
}

int snap_store_mount(struct blk_dev *d, struct snap_store *s)
{
	struct snap_rec *tmp[2] = { s->rec, s->other };
	uint8_t *b;
	uint64_t gen[2] = { 0 }, next[2] = { 0 };
	unsigned n[2] = { 0 }, best;
	int rc[2];

	memset(s, 0, sizeof(*s));
	s->dev = d;
	rc[0] = anchor_read(d, s);
	if (rc[0])
		return rc[0];
	b = malloc(SNAP_STORE_SLOT);
	if (!b)
		return -ENOMEM;
	for (unsigned i = 0; i < 2; i++)
		rc[i] = slot_read(s, i, b, &gen[i], tmp[i], &n[i], &next[i]);
	free(b);
	if (rc[0] && rc[1]) {
		log_err("snapstore: %s: neither superblock slot is valid (%d, %d)", d->name, rc[0],
			rc[1]);
		return -EBADMSG;
	}
	best = rc[0] ? 1 : rc[1] ? 0 : gen[1] > gen[0];
	s->slot = best;
	s->gen = gen[best];
	s->next_id = next[best];
	s->nrec = n[best];
	s->nother = rc[!best] ? 0 : n[!best];
	if (best == 1) { /* rec[] must hold the winner */
		struct snap_rec *t = malloc(sizeof(s->rec));

		if (!t)
			return -ENOMEM;
		memcpy(t, s->rec, sizeof(s->rec));
		memcpy(s->rec, s->other, sizeof(s->rec));
		memcpy(s->other, t, sizeof(s->rec));
		free(t);
	}
	for (unsigned i = 0; i < s->nrec; i++)
		s->next_id = MAX(s->next_id, s->rec[i].id + 1);
	return 0;
}

const struct snap_rec *snap_store_find(const struct snap_store *s, uint64_t id)
{
	for (unsigned i = 0; i < s->nrec; i++) {
		if (s->rec[i].id == id)
			return &s->rec[i];
	}
	return NULL;
}

int snap_store_chain(const struct snap_store *s, uint64_t id, const struct snap_rec **chain,
		     unsigned *n)
{
	const struct snap_rec *r = snap_store_find(s, id);
	unsigned k = 0;

	if (!r) {
		log_err("snapstore: no snapshot %llu", (unsigned long long)id);
		return -ENOENT;
	}
	while (r) {
		if (k == SNAP_STORE_MAX)
			return -ELOOP;
		chain[k++] = r;
		if (!r->parent)
			break;
		id = r->parent;
		r = snap_store_find(s, id);
		if (!r) {
			log_err("snapstore: snapshot %llu needs its parent %llu, which is gone",
				(unsigned long long)chain[k - 1]->id, (unsigned long long)id);
			return -ENOENT;
		}
	}
	for (unsigned i = 0; i < k / 2; i++) {
		const struct snap_rec *t = chain[i];

		chain[i] = chain[k - 1 - i];
		chain[k - 1 - i] = t;
	}
	*n = k;
	return 0;
}

/* Write the older slot with gen + 1 holding rec[0..n), flush; then it is current. */
int snap_store_commit_slot(struct snap_store *s, const struct snap_rec *rec, unsigned n)
{
	unsigned target = !s->slot;
	uint8_t *b = calloc(1, SNAP_STORE_SLOT);
	int rc;

	if (!b)
		return -ENOMEM;
	memcpy(b, SL_MAGIC, 8);
	le64_put(b + SL_GEN, s->gen + 1);
	le32_put(b + SL_NREC, n);
	le64_put(b + SL_NEXT_ID, s->next_id);
	le64_put(b + SL_NONCE, s->nonce);
	for (unsigned i = 0; i < n; i++)
		rec_encode(&rec[i], b + SL_RECS + i * REC_BYTES);
	le32_put(b + SL_CRC, crc32c(0, b, SNAP_STORE_SLOT));
	rc = wr(s->dev, slot_off(target), b, SNAP_STORE_SLOT);
	if (!rc)
		rc = blk_flush(s->dev);
	free(b);
	if (rc)
		return rc;
	memcpy(s->other, s->rec, sizeof(s->rec));
	s->nother = s->nrec;
	if (rec != s->rec)
		memcpy(s->rec, rec, n * sizeof(*rec));
	s->nrec = n;
	s->slot = target;
	s->gen++;
	return 0;
}

int snap_store_delete(struct snap_store *s, uint64_t id)
{
	struct snap_rec *nr;
	unsigned n = 0;
	int rc;

	if (!snap_store_find(s, id)) {
		log_err("snapstore: no snapshot %llu", (unsigned long long)id);
		return -ENOENT;
	}
	for (unsigned i = 0; i < s->nrec; i++) {
		if (s->rec[i].parent == id) {
			log_err("snapstore: snapshot %llu is the parent of %llu: delete that first",
				(unsigned long long)id, (unsigned long long)s->rec[i].id);
			return -EBUSY;
		}
	}
	nr = malloc(sizeof(s->rec));
	if (!nr)
		return -ENOMEM;
	for (unsigned i = 0; i < s->nrec; i++) {
		if (s->rec[i].id != id)
			nr[n++] = s->rec[i];
	}
	/* Twice: both slots forget the extent, so the next save may reuse it. */
	rc = snap_store_commit_slot(s, nr, n);
	if (!rc)
		rc = snap_store_commit_slot(s, nr, n);
	free(nr);
	return rc;
}

// SPDX-License-Identifier: MIT
/*
 * Saving into the snapshot store: first-fit extent allocation over the
 * space no slot names, the sink that streams an image into its extent
 * (the first 4 KiB, which hold the header, go last), the commit (data,
 * flush, optional read-back verification, slot, flush) and the reader
 * over a stored image.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/snapshot.h>
#include "store_priv.h"

#define STREAM_BUF (256 * 1024)

static void busy_add(struct snap_rec *busy, unsigned *n, const struct snap_rec *r)
{
	unsigned i = *n;

	/* insertion by start */
	while (i && busy[i - 1].start > r->start) {
		busy[i] = busy[i - 1];
		i--;
	}
	busy[i] = *r;
	(*n)++;
}

/* First fit of len bytes between the extents named by either slot. */
static int alloc_extent(const struct snap_store *s, uint64_t len, uint64_t *start)
{
	struct snap_rec *busy = malloc(2 * SNAP_STORE_MAX * sizeof(*busy));
	uint64_t at = SNAP_STORE_DATA;
	unsigned n = 0;

	if (!busy)
		return -ENOMEM;
	for (unsigned i = 0; i < s->nrec; i++)
		busy_add(busy, &n, &s->rec[i]);
	for (unsigned i = 0; i < s->nother; i++)
		busy_add(busy, &n, &s->other[i]);
	for (unsigned i = 0; i < n; i++) {
		if (busy[i].start >= at && busy[i].start - at >= len)
			break;
		at = MAX(at, busy[i].start + busy[i].length);
	}
	free(busy);
	if (at > s->dev_bytes || s->dev_bytes - at < len)
		return -ENOSPC;
	*start = at;
	return 0;
}

uint64_t snap_store_free_bytes(const struct snap_store *s)
{
	uint64_t used = SNAP_STORE_DATA;

	for (unsigned i = 0; i < s->nrec; i++)
		used += s->rec[i].length;
	return s->dev_bytes > used ? s->dev_bytes - used : 0;
}

static int tx_flush_buf(struct snap_store_tx *tx)
{
	struct blk_dev *d = tx->s->dev;
	uint64_t n = ALIGN_UP((uint64_t)tx->nbuf, (uint64_t)d->sector_size);

	if (!tx->nbuf || tx->err)
		return tx->err;
	memset(tx->buf + tx->nbuf, 0, n - tx->nbuf);
	tx->err = blk_write(d, (tx->rec.start + tx->buf_off) / d->sector_size, n / d->sector_size,
			    tx->buf);
	tx->buf_off += tx->nbuf;
	tx->nbuf = 0;
	return tx->err;
}

/* Image bytes below 4 KiB go to head[]; the rest streams in order. */
static int tx_write(void *ctx, uint64_t off, const void *buf, size_t n)
{
	struct snap_store_tx *tx = ctx;
	const uint8_t *p = buf;

	if (tx->err)
		return tx->err;
	if (off + n > tx->rec.length)
		return tx->err = -ENOSPC;
	if (off < SNAP_STORE_BLOCK) {
		size_t k = (size_t)MIN((uint64_t)n, SNAP_STORE_BLOCK - off);

		memcpy(tx->head + off, p, k);
		p += k, off += k, n -= k;
	}
	if (n && off != tx->buf_off + tx->nbuf)
		return tx->err = -EINVAL; /* the writer streams in order */
	while (n) {
		size_t k = MIN(n, (size_t)STREAM_BUF - tx->nbuf);

		memcpy(tx->buf + tx->nbuf, p, k);
		tx->nbuf += k, p += k, n -= k;
		if (tx->nbuf == STREAM_BUF && tx_flush_buf(tx))
			return tx->err;
	}
	return 0;
}

int snap_store_begin(struct snap_store *s, uint64_t max_bytes, struct snap_store_tx *tx,
		     struct snap_sink *sink)
{
	int rc;

	if (s->nrec >= SNAP_STORE_MAX) {
		log_err("snapstore: %u snapshots already: delete one first", s->nrec);
		return -ENOSPC;
	}
	memset(tx, 0, sizeof(*tx));
	tx->s = s;
	tx->rec.length =
		ALIGN_UP(MAX(max_bytes, (uint64_t)SNAP_STORE_BLOCK), (uint64_t)SNAP_STORE_BLOCK);
	rc = alloc_extent(s, tx->rec.length, &tx->rec.start);
	if (rc) {
		log_err("snapstore: no free extent of %llu KiB (%llu KiB free in pieces)",
			(unsigned long long)(tx->rec.length / 1024),
			(unsigned long long)(snap_store_free_bytes(s) / 1024));
		return rc;
	}
	tx->buf = malloc(STREAM_BUF);
	if (!tx->buf)
		return -ENOMEM;
	tx->buf_off = SNAP_STORE_BLOCK;
	tx->rec.id = s->next_id;
	sink->ctx = tx;
	sink->write = tx_write;
	return 0;
}

void snap_store_abort(struct snap_store_tx *tx)
{
	free(tx->buf);
	tx->buf = NULL;
}

static int tx_verify(struct snap_store_tx *tx, const struct snap_meta *m)
{
	struct snap_store_reader r;
	struct snap_section *tab = malloc(SNAP_MAX_SECTIONS * sizeof(*tab));
	struct snap_meta back;
	unsigned n;
	int rc;

	if (!tab)
		return -ENOMEM;
	snap_store_reader_init(&r, tx->s, &tx->rec);
	rc = snap_verify(&r.src, &back, tab, &n);
	free(tab);
	if (!rc && memcmp(back.digest, m->digest, 32))
		rc = -EBADMSG;
	if (rc)
		log_err("snapstore: snapshot %llu read back wrong (%d): not committed",
			(unsigned long long)m->id, rc);
	return rc;
}

int snap_store_commit(struct snap_store_tx *tx, const struct snap_meta *m, bool verify)
{
	struct snap_store *s = tx->s;
	struct snap_rec *nr;
	int rc = tx_flush_buf(tx);

	if (!rc && (m->id != tx->rec.id || m->total > tx->rec.length))
		rc = -EINVAL;
	if (!rc)
		rc = blk_write(s->dev, tx->rec.start / s->dev->sector_size,
			       SNAP_STORE_BLOCK / s->dev->sector_size, tx->head);
	if (!rc)
		rc = blk_flush(s->dev);
	if (!rc && verify)
		rc = tx_verify(tx, m);
	snap_store_abort(tx);
	if (rc)
		return rc;
	tx->rec.parent = m->parent;
	tx->rec.size = m->total;
	tx->rec.created = m->created;
	tx->rec.flags = m->flags;
	memcpy(tx->rec.digest, m->digest, 32);
	strncpy(tx->rec.desc, m->desc, SNAP_REC_DESC - 1);
	nr = malloc(sizeof(s->rec));
	if (!nr)
		return -ENOMEM;
	memcpy(nr, s->rec, s->nrec * sizeof(*nr));
	nr[s->nrec] = tx->rec;
	s->next_id = tx->rec.id + 1;
	rc = snap_store_commit_slot(s, nr, s->nrec + 1);
	free(nr);
	if (rc)
		s->next_id = tx->rec.id; /* not committed */
	return rc;
}

static int reader_read(void *ctx, uint64_t off, void *buf, size_t n)
{
	struct snap_store_reader *r = ctx;

	if (off > r->src.size || n > r->src.size - off)
		return -ENODATA;
	return blk_read_bytes(r->dev, r->start + off, n, buf);
}

void snap_store_reader_init(struct snap_store_reader *r, const struct snap_store *s,
			    const struct snap_rec *rec)
{
	r->dev = s->dev;
	r->start = rec->start;
	r->src.ctx = r;
	r->src.size = rec->size ? rec->size : rec->length;
	r->src.read = reader_read;
}

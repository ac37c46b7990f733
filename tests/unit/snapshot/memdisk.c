// SPDX-License-Identifier: MIT
/*
 * A memory disk with a volatile write cache: writes land in the cache and a
 * list of pending writes; blk_flush makes them durable. Power loss at op n
 * (counting writes and flushes): that write is torn (its first half only)
 * and every later request fails; memdisk_reboot keeps durable data plus the
 * pending writes a policy picks, as a real cache may have written any.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "snap_test.h"

static bool crash_now(struct memdisk *m)
{
	if (m->dead)
		return true;
	if (m->crash_at >= 0 && m->ops++ == m->crash_at) {
		m->dead = true;
		return true;
	}
	return false;
}

static int md_read(struct blk_dev *d, uint64_t lba, uint32_t count, void *buf)
{
	struct memdisk *m = d->priv;

	if (m->dead)
		return -EIO;
	memcpy(buf, m->cur + lba * d->sector_size, (size_t)count * d->sector_size);
	return 0;
}

static void pend_add(struct memdisk *m, uint64_t lba, uint32_t count, const void *buf)
{
	size_t n = (size_t)count * m->blk.sector_size;

	if (m->npend == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->pend = realloc(m->pend, m->cap * sizeof(*m->pend));
	}
	m->pend[m->npend].lba = lba;
	m->pend[m->npend].count = count;
	m->pend[m->npend].data = malloc(n);
	memcpy(m->pend[m->npend].data, buf, n);
	m->npend++;
}

static int md_write(struct blk_dev *d, uint64_t lba, uint32_t count, const void *buf)
{
	struct memdisk *m = d->priv;

	if (m->dead)
		return -EIO;
	if (crash_now(m)) {
		if (count / 2)
			pend_add(m, lba, count / 2, buf); /* torn */
		return -EIO;
	}
	memcpy(m->cur + lba * d->sector_size, buf, (size_t)count * d->sector_size);
	pend_add(m, lba, count, buf);
	return 0;
}

static void pend_apply(struct memdisk *m, unsigned i)
{
	memcpy(m->durable + m->pend[i].lba * m->blk.sector_size, m->pend[i].data,
	       (size_t)m->pend[i].count * m->blk.sector_size);
}

static void pend_clear(struct memdisk *m)
{
	for (unsigned i = 0; i < m->npend; i++)
		free(m->pend[i].data);
	m->npend = 0;
}

static int md_flush(struct blk_dev *d)
{
	struct memdisk *m = d->priv;

	if (crash_now(m))
		return -EIO;
	for (unsigned i = 0; i < m->npend; i++)
		pend_apply(m, i);
	pend_clear(m);
	return 0;
}

static const struct blk_dev_ops md_ops = { md_read, md_write, md_flush };

struct memdisk *memdisk_new(uint64_t sectors, uint32_t ss)
{
	struct memdisk *m = calloc(1, sizeof(*m));

	strcpy(m->blk.name, "mem0");
	m->blk.sector_size = ss;
	m->blk.sectors = sectors;
	m->blk.ops = &md_ops;
	m->blk.priv = m;
	m->cur = calloc(sectors, ss);
	m->durable = calloc(sectors, ss);
	m->crash_at = -1;
	return m;
}

void memdisk_reboot(struct memdisk *m, int policy)
{
	for (unsigned i = 0; i < m->npend; i++) {
		if (policy == 1 || (policy == 2 && (i & 1)))
			pend_apply(m, i);
	}
	pend_clear(m);
	memcpy(m->cur, m->durable, m->blk.sectors * m->blk.sector_size);
	m->dead = false;
	m->crash_at = -1;
	m->ops = 0;
}

void memdisk_free(struct memdisk *m)
{
	pend_clear(m);
	free(m->pend);
	free(m->cur);
	free(m->durable);
	free(m);
}

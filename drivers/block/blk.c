// SPDX-License-Identifier: MIT
/*
 * Block device registry and the bounds-checked entry points every caller
 * goes through; drivers see only in-range, non-empty requests.
 * Portable: the host tests run it over a memory-backed device.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>

static struct blk_dev *devs[BLK_MAX_DEVS];
static unsigned ndevs;

int blk_register(struct blk_dev *d)
{
	if (!d || !d->ops || !d->ops->read || !d->name[0] || !blk_sector_size_ok(d->sector_size)) {
		log_err("blk: %s: refused: sector size %u or ops missing", d ? d->name : "?",
			d ? d->sector_size : 0);
		return -EINVAL;
	}
	if (blk_find(d->name))
		return -EEXIST;
	if (ndevs >= BLK_MAX_DEVS) {
		log_err("blk: %s: registry full (%u devices)", d->name, BLK_MAX_DEVS);
		return -ENOSPC;
	}
	devs[ndevs++] = d;
	return 0;
}

void blk_unregister(struct blk_dev *d)
{
	for (unsigned i = 0; i < ndevs; i++) {
		if (devs[i] != d)
			continue;
		memmove(&devs[i], &devs[i + 1], (ndevs - i - 1) * sizeof(devs[0]));
		devs[--ndevs] = NULL;
		return;
	}
}

void blk_reset(void)
{
	memset(devs, 0, sizeof(devs));
	ndevs = 0;
}

/* lba + count inside the device, without overflow. */
static int check_range(struct blk_dev *d, uint64_t lba, uint64_t count, const void *buf,
		       const char *op)
{
	if (!d || !buf)
		return -EINVAL;
	if (d->gone)
		return -ENODEV;
	if (lba > d->sectors || count > d->sectors - lba) {
		log_err("blk: %s: %s of %llu sectors at %llu past the end (%llu sectors)", d->name,
			op, (unsigned long long)count, (unsigned long long)lba,
			(unsigned long long)d->sectors);
		return -ERANGE;
	}
	return 0;
}

/* Drivers take at most UINT32_MAX sectors per call: split larger requests. */
#define BLK_MAX_CALL 0x10000u

int blk_read(struct blk_dev *d, uint64_t lba, uint64_t count, void *buf)
{
	uint8_t *p = buf;
	int rc = check_range(d, lba, count, buf, "read");

	while (!rc && count) {
		uint32_t n = (uint32_t)MIN(count, BLK_MAX_CALL);

		rc = d->ops->read(d, lba, n, p);
		d->nread += rc ? 0 : n;
		lba += n;
		count -= n;
		p += (uint64_t)n * d->sector_size;
	}
	return rc;
}

int blk_write(struct blk_dev *d, uint64_t lba, uint64_t count, const void *buf)
{
	const uint8_t *p = buf;
	int rc = check_range(d, lba, count, buf, "write");

	if (!rc && (d->read_only || !d->ops->write))
		return -EROFS;
	while (!rc && count) {
		uint32_t n = (uint32_t)MIN(count, BLK_MAX_CALL);

		rc = d->ops->write(d, lba, n, p);
		d->nwritten += rc ? 0 : n;
		lba += n;
		count -= n;
		p += (uint64_t)n * d->sector_size;
	}
	return rc;
}

int blk_flush(struct blk_dev *d)
{
	if (!d)
		return -EINVAL;
	if (d->gone)
		return -ENODEV;
	return d->ops->flush ? d->ops->flush(d) : 0;
}

/* Whole sectors go straight to buf; a partial head or tail through a bounce. */
int blk_read_bytes(struct blk_dev *d, uint64_t off, uint64_t len, void *buf)
{
	uint8_t *p = buf, *bounce = NULL;
	uint32_t ss;
	int rc = 0;

	if (!d || !buf)
		return -EINVAL;
	ss = d->sector_size;
	if (off > blk_bytes(d) || len > blk_bytes(d) - off) {
		log_err("blk: %s: read of %llu bytes at %llu past the end (%llu bytes)", d->name,
			(unsigned long long)len, (unsigned long long)off,
			(unsigned long long)blk_bytes(d));
		return -ERANGE;
	}
	while (!rc && len) {
		uint64_t lba = off / ss, in = off % ss, n;

		if (!in && len >= ss) {
			n = len / ss;
			rc = blk_read(d, lba, n, p);
			p += n * ss, off += n * ss, len -= n * ss;
			continue;
		}
		if (!bounce && !(bounce = malloc(ss)))
			return -ENOMEM;
		n = MIN(len, ss - in);
		rc = blk_read(d, lba, 1, bounce);
		memcpy(p, bounce + in, n);
		p += n, off += n, len -= n;
	}
	free(bounce);
	return rc;
}

struct blk_dev *blk_find(const char *name)
{
	for (unsigned i = 0; i < ndevs; i++)
		if (!strcmp(devs[i]->name, name))
			return devs[i];
	return NULL;
}

struct blk_dev *blk_get(unsigned i)
{
	return i < ndevs ? devs[i] : NULL;
}

unsigned blk_count(void)
{
	return ndevs;
}

void blk_report(void)
{
	if (!ndevs)
		console_printf("blk: no block devices\n");
	for (unsigned i = 0; i < ndevs; i++) {
		const struct blk_dev *d = devs[i];

		console_printf("blk %s %s %s sectors %llu x %u (%llu MiB)%s%s\n", d->name,
			       d->driver ? d->driver : "?", d->model[0] ? d->model : "-",
			       (unsigned long long)d->sectors, d->sector_size,
			       (unsigned long long)(blk_bytes(d) / MiB), d->read_only ? " ro" : "",
			       d->gone ? " gone" : "");
	}
}

// SPDX-License-Identifier: MIT
/*
 * Block self-tests on whatever devices the machine has (they pass and say
 * so when there are none): bounds refused before any device access,
 * read-only devices refuse writes and keep their data, and one large read
 * (PRP lists / split requests) equals many small unaligned ones.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/selftest.h>

#define ST_BIG_BYTES (1 * MiB)

SELFTEST(blk_bounds_checked)
{
	uint8_t *buf = malloc(2 * 4096);
	unsigned n = 0;

	ST_CHECK(buf, "no memory");
	for (unsigned i = 0; i < blk_count(); i++) {
		struct blk_dev *d = blk_get(i);
		uint64_t last = d->sectors - 1;

		if (d->gone || !d->sectors)
			continue;
		ST_CHECK(blk_read(d, last, 1, buf) == 0, "%s: last sector unreadable", d->name);
		ST_CHECK(blk_read(d, d->sectors, 1, buf) == -ERANGE, "%s: read at end", d->name);
		ST_CHECK(blk_read(d, last, 2, buf) == -ERANGE, "%s: read across end", d->name);
		ST_CHECK(blk_read(d, UINT64_MAX, 2, buf) == -ERANGE, "%s: lba overflow", d->name);
		ST_CHECK(blk_read(d, 0, 0, buf) == 0, "%s: empty read", d->name);
		ST_CHECK(blk_read(d, 0, 1, NULL) == -EINVAL, "%s: NULL buffer", d->name);
		n++;
	}
	free(buf);
	console_printf("blk: bounds checked on %u device(s)\n", n);
	return 0;
}

SELFTEST(blk_readonly_refuses_write)
{
	uint8_t *a = malloc(4096), *b = malloc(4096);
	unsigned n = 0;

	ST_CHECK(a && b, "no memory");
	for (unsigned i = 0; i < blk_count(); i++) {
		struct blk_dev *d = blk_get(i);

		if (d->gone || !d->read_only)
			continue;
		ST_CHECK(!blk_read(d, 16, 1, a), "%s: read", d->name);
		memset(b, 0x5a, d->sector_size);
		ST_CHECK(blk_write(d, 16, 1, b) == -EROFS, "%s: write not refused", d->name);
		ST_CHECK(!blk_read(d, 16, 1, b) && !memcmp(a, b, d->sector_size),
			 "%s: data changed", d->name);
		n++;
	}
	free(a);
	free(b);
	console_printf("blk: %u read-only device(s) refused writes\n", n);
	return 0;
}

/* Same bytes through one large request and through small reads into a
 * buffer at an odd address (bounce paths). */
static int compare_big_small(struct blk_dev *d, uint8_t *big, uint8_t *small)
{
	uint64_t count = MIN(d->sectors, ST_BIG_BYTES / d->sector_size);
	uint8_t *odd = small + 1;

	ST_CHECK(!blk_read(d, 0, count, big), "%s: large read", d->name);
	for (uint64_t l = 0; l < count; l += 3) {
		uint64_t n = MIN(3, count - l);

		ST_CHECK(!blk_read(d, l, n, odd), "%s: small read at %llu", d->name,
			 (unsigned long long)l);
		ST_CHECK(!memcmp(odd, big + l * d->sector_size, n * d->sector_size),
			 "%s: sectors %llu+%llu differ between large and small reads", d->name,
			 (unsigned long long)l, (unsigned long long)n);
	}
	return 0;
}

SELFTEST(blk_large_read_equals_small_reads)
{
	uint8_t *big = malloc(ST_BIG_BYTES), *small = malloc(3 * 4096 + 1);
	unsigned n = 0;
	int rc = 0;

	ST_CHECK(big && small, "no memory");
	for (unsigned i = 0; !rc && i < blk_count(); i++) {
		struct blk_dev *d = blk_get(i);

		if (d->gone || !d->sectors)
			continue;
		rc = compare_big_small(d, big, small);
		n++;
	}
	free(big);
	free(small);
	if (!rc)
		console_printf("blk: large and small reads agree on %u device(s)\n", n);
	return rc;
}

// SPDX-License-Identifier: MIT
/*
 * System Use Sharing Protocol (SUSP 1.12): entries in a directory record's
 * System Use field, chained through continuation areas (CE, 5.1), ended by
 * ST (5.4); SP (5.3) in the root's "." record says SUSP is in use.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

#define SUSP_HDR  4 /* signature (2), length, version: SUSP 4.1 */
#define SP_LEN	  7
#define CE_LEN	  28
#define CE_BLOCK  4
#define CE_OFFSET 12
#define CE_SIZE	  20

bool iso_susp_has_sp(const uint8_t *su, uint32_t su_len, uint8_t *skip)
{
	if (su_len < SP_LEN || su[0] != 'S' || su[1] != 'P' || su[2] < SP_LEN || su[4] != 0xbe ||
	    su[5] != 0xef)
		return false;
	*skip = su[6];
	return true;
}

struct ce_next {
	bool set;
	uint32_t lba, off, len;
};

static int ce_decode(struct iso_fs *fs, const uint8_t *e, uint32_t elen, struct ce_next *ce)
{
	int ret;

	if (elen < CE_LEN) {
		log_err("iso: CE entry of %u bytes, needs %u (SUSP 5.1)", elen, CE_LEN);
		return -EINVAL;
	}
	ret = iso_both32(e + CE_BLOCK, "CE block", &ce->lba);
	if (!ret)
		ret = iso_both32(e + CE_OFFSET, "CE offset", &ce->off);
	if (!ret)
		ret = iso_both32(e + CE_SIZE, "CE length", &ce->len);
	if (ret)
		return ret;
	/* Like Linux: one continuation area lies within one logical block. */
	if (ce->off >= ISO_SECTOR_SIZE || ce->len > ISO_SECTOR_SIZE - ce->off ||
	    !iso_range_ok(fs, ce->lba, (uint64_t)ce->off + ce->len)) {
		log_err("iso: CE area %u+%u (%u bytes) outside its block or the volume (SUSP 5.1)",
			ce->lba, ce->off, ce->len);
		return -EINVAL;
	}
	ce->set = true;
	return 0;
}

/* One area: 0 to go on (ce->set says where), 1 when done, or -errno. */
static int susp_area(struct iso_fs *fs, const uint8_t *a, uint32_t alen, struct ce_next *ce,
		     uint32_t *entries, iso_susp_fn fn, void *arg)
{
	uint32_t pos = 0;
	int ret;

	ce->set = false;
	while (pos + SUSP_HDR <= alen) {
		const uint8_t *e = a + pos;
		uint32_t elen = e[2];

		if (!e[0])
			break; /* padding to the end of the field */
		if (elen < SUSP_HDR || elen > alen - pos) {
			log_err("iso: SUSP entry %c%c length %u beyond its %u-byte area (SUSP 4.1)",
				e[0], e[1], elen, alen - pos);
			return -EINVAL;
		}
		if (++*entries > ISO_MAX_SUSP_ENTRIES) {
			log_err("iso: more than %u SUSP entries in one record",
				ISO_MAX_SUSP_ENTRIES);
			return -E2BIG;
		}
		if (e[0] == 'S' && e[1] == 'T')
			return 1;
		if (e[0] == 'C' && e[1] == 'E')
			ret = ce_decode(fs, e, elen, ce);
		else
			ret = fn(arg, e, elen);
		if (ret)
			return ret;
		pos += elen;
	}
	return 0;
}

int iso_susp_walk(struct iso_fs *fs, const uint8_t *su, uint32_t su_len, uint32_t skip,
		  iso_susp_fn fn, void *arg)
{
	struct ce_next ce = { 0 };
	struct iso_buf b = { .slot = -1 };
	uint32_t entries = 0;
	int ret;

	if (skip >= su_len)
		return 0;
	ret = susp_area(fs, su + skip, su_len - skip, &ce, &entries, fn, arg);
	for (unsigned n = 0; !ret && ce.set; n++) {
		uint32_t off = ce.off, len = ce.len;

		if (n >= ISO_MAX_CE) {
			log_err("iso: SUSP continuation chain longer than %u areas (loop?) (SUSP 5.1)",
				ISO_MAX_CE);
			ret = -ELOOP;
			break;
		}
		ret = iso_cache_get(fs, ce.lba, off + len, &b);
		if (ret)
			break;
		ret = susp_area(fs, b.data + off, len, &ce, &entries, fn, arg);
		iso_cache_put(fs, &b);
	}
	return ret < 0 ? ret : 0;
}

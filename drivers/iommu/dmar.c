// SPDX-License-Identifier: MIT
/*
 * DMAR parser (VT-d 4.x, chapter 8). Every structure length is checked
 * against the table before it is read: zero lengths (no progress) and
 * lengths that overrun the table or their parent are refused; unknown
 * structure types are skipped by their length (8.2: "reserved for future").
 */
#include <errno.h>
#include <vmplat/log.h>
#include "dmar.h"

#define DMAR_HAW_OFF	36
#define DMAR_FLAGS_OFF	37
#define DMAR_STRUCT_HDR 4  /* type 2, length 2 */
#define DRHD_SCOPE_OFF	16 /* flags 1, size 1, segment 2, base 8 */
#define RMRR_SCOPE_OFF	24 /* reserved 2, segment 2, base 8, limit 8 */
#define SCOPE_HDR_LEN	6  /* type, length, flags, reserved, enum id, start bus */

static int bad(struct dmar_info *out, size_t off, const char *why)
{
	out->bad_off = off;
	log_warn("dmar: structure at offset %zu: %s (VT-d 8.2)", off, why);
	return -EINVAL;
}

/* Device scope entries from p[0..len) (8.3.1), base is the table offset of p. */
static int parse_scopes(const uint8_t *p, size_t len, size_t base, struct dmar_scope *sc,
			unsigned *n, struct dmar_info *out)
{
	size_t off = 0;

	*n = 0;
	while (off < len) {
		uint8_t slen;
		struct dmar_scope *s;

		if (len - off < SCOPE_HDR_LEN)
			return bad(out, base + off, "truncated device scope");
		slen = p[off + 1];
		if (slen < SCOPE_HDR_LEN || slen > len - off || (slen - SCOPE_HDR_LEN) % 2)
			return bad(out, base + off, "device scope length");
		if ((slen - SCOPE_HDR_LEN) / 2 > DMAR_MAX_PATH)
			return bad(out, base + off, "device scope path too long");
		if (*n >= DMAR_MAX_SCOPES)
			return bad(out, base + off, "too many device scopes");
		s = &sc[(*n)++];
		*s = (struct dmar_scope){ .type = p[off],
					  .enum_id = p[off + 4],
					  .start_bus = p[off + 5] };
		s->npath = (uint8_t)((slen - SCOPE_HDR_LEN) / 2);
		for (unsigned i = 0; i < s->npath; i++) {
			s->path[i][0] = p[off + SCOPE_HDR_LEN + 2 * i];
			s->path[i][1] = p[off + SCOPE_HDR_LEN + 2 * i + 1];
			if (s->path[i][0] > 31 || s->path[i][1] > 7)
				return bad(out, base + off, "device scope path out of range");
		}
		off += slen;
	}
	return 0;
}

static int parse_drhd(const uint8_t *p, size_t len, size_t off, struct dmar_info *out)
{
	struct dmar_drhd *d;

	if (len < DRHD_SCOPE_OFF)
		return bad(out, off, "DRHD shorter than 16 bytes");
	if (out->ndrhd >= DMAR_MAX_DRHD)
		return bad(out, off, "too many DRHD");
	d = &out->drhd[out->ndrhd];
	*d = (struct dmar_drhd){
		.flags = p[4], .size = p[5], .segment = le16_get(p + 6), .base = le64_get(p + 8)
	};
	if (!d->base || !IS_ALIGNED(d->base, PAGE_SIZE))
		return bad(out, off, "DRHD register base not page aligned");
	if (parse_scopes(p + DRHD_SCOPE_OFF, len - DRHD_SCOPE_OFF, off + DRHD_SCOPE_OFF, d->scope,
			 &d->nscope, out))
		return -EINVAL;
	out->ndrhd++;
	return 0;
}

static int parse_rmrr(const uint8_t *p, size_t len, size_t off, struct dmar_info *out)
{
	struct dmar_rmrr *r;

	if (len < RMRR_SCOPE_OFF)
		return bad(out, off, "RMRR shorter than 24 bytes");
	if (out->nrmrr >= DMAR_MAX_RMRR)
		return bad(out, off, "too many RMRR");
	r = &out->rmrr[out->nrmrr];
	*r = (struct dmar_rmrr){ .segment = le16_get(p + 6),
				 .base = le64_get(p + 8),
				 .limit = le64_get(p + 16) };
	/* 8.4: base 4 KiB aligned, limit + 1 4 KiB aligned, base <= limit. */
	if (!IS_ALIGNED(r->base, PAGE_SIZE) || !IS_ALIGNED(r->limit + 1, PAGE_SIZE) ||
	    r->limit < r->base)
		return bad(out, off, "RMRR range not page aligned or empty");
	if (parse_scopes(p + RMRR_SCOPE_OFF, len - RMRR_SCOPE_OFF, off + RMRR_SCOPE_OFF, r->scope,
			 &r->nscope, out))
		return -EINVAL;
	out->nrmrr++;
	return 0;
}

int dmar_parse(const uint8_t *t, size_t len, struct dmar_info *out)
{
	size_t off = DMAR_HDR_LEN;
	unsigned n = 0;

	*out = (struct dmar_info){ 0 };
	if (!t || len < DMAR_HDR_LEN || le32_get(t + 4) != len || t[0] != 'D' || t[1] != 'M' ||
	    t[2] != 'A' || t[3] != 'R')
		return bad(out, 0, "not a DMAR table or length mismatch");
	out->haw = (uint8_t)(t[DMAR_HAW_OFF] + 1);
	out->flags = t[DMAR_FLAGS_OFF];
	while (off < len) {
		const uint8_t *p = t + off;
		uint16_t type, slen;
		int rc = 0;

		if (len - off < DMAR_STRUCT_HDR)
			return bad(out, off, "truncated structure header");
		if (++n > DMAR_MAX_STRUCTS)
			return bad(out, off, "too many structures");
		type = le16_get(p);
		slen = le16_get(p + 2);
		if (slen < DMAR_STRUCT_HDR)
			return bad(out, off, "zero or short length");
		if (slen > len - off)
			return bad(out, off, "length overruns the table");
		if (type == DMAR_TYPE_DRHD)
			rc = parse_drhd(p, slen, off, out);
		else if (type == DMAR_TYPE_RMRR)
			rc = parse_rmrr(p, slen, off, out);
		else
			out->skipped++;
		if (rc)
			return rc;
		off += slen;
	}
	return 0;
}

int dmar_scope_resolve(const struct dmar_scope *s, uint16_t seg, dmar_secondary_fn sec, void *ctx,
		       uint16_t *rid)
{
	uint8_t bus = s->start_bus;

	if (!s->npath)
		return -ENODEV;
	/* Each hop but the last is a bridge whose secondary bus holds the next (8.3.1.1). */
	for (unsigned i = 0; i + 1 < s->npath; i++) {
		int b = sec(ctx, seg, bus, (uint8_t)(s->path[i][0] << 3 | s->path[i][1]));

		if (b < 0)
			return -ENODEV;
		bus = (uint8_t)b;
	}
	*rid = (uint16_t)(bus << 8 | s->path[s->npath - 1][0] << 3 | s->path[s->npath - 1][1]);
	return 0;
}

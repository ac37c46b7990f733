// SPDX-License-Identifier: MIT
/*
 * Rock Ridge (RRIP 1.12) over SUSP: NM names (4.1.4), PX attributes (4.1.1),
 * SL symbolic links (4.1.3), TF times (4.1.6), CL/PL/RE directory relocation
 * (4.1.5). Detected by SP in the root's "." record (SUSP 5.3).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

#define RR_NM_CONTINUE	BIT(0)
#define RR_NM_CURRENT	BIT(1)
#define RR_NM_PARENT	BIT(2)
#define RR_SL_CONTINUE	BIT(0)
#define RR_SLC_CONTINUE BIT(0)
#define RR_SLC_CURRENT	BIT(1)
#define RR_SLC_PARENT	BIT(2)
#define RR_SLC_ROOT	BIT(3)
#define RR_TF_MODIFY	BIT(1)
#define RR_TF_LONG	BIT(7)
#define RR_PX_MIN_LEN	36
#define RR_LINK_LEN	12

static bool sig(const uint8_t *e, const char *s)
{
	return e[0] == (uint8_t)s[0] && e[1] == (uint8_t)s[1];
}

static int rr_nm(struct iso_rr *rr, const uint8_t *e, uint32_t elen)
{
	uint32_t n = elen - 5;

	if (elen < 5) {
		log_err("iso: NM entry of %u bytes (RRIP 4.1.4)", elen);
		return -EINVAL;
	}
	if (rr->nm_done || e[4] & (RR_NM_CURRENT | RR_NM_PARENT))
		return 0;
	rr->has_nm = true;
	rr->nm_done = !(e[4] & RR_NM_CONTINUE);
	if (rr->name_len + n > ISO_NAME_MAX) {
		log_err("iso: Rock Ridge name longer than %u bytes (RRIP 4.1.4)", ISO_NAME_MAX);
		return -ENAMETOOLONG;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (!e[5 + i] || e[5 + i] == '/') {
			log_err("iso: Rock Ridge name holds a NUL or '/' (RRIP 4.1.4)");
			return -EINVAL;
		}
	}
	memcpy(rr->name + rr->name_len, e + 5, n);
	rr->name_len += n;
	rr->name[rr->name_len] = '\0';
	return 0;
}

static int rr_px(struct iso_rr *rr, const uint8_t *e, uint32_t elen)
{
	int ret;

	if (elen < RR_PX_MIN_LEN) {
		log_err("iso: PX entry of %u bytes, needs %u (RRIP 4.1.1)", elen, RR_PX_MIN_LEN);
		return -EINVAL;
	}
	ret = iso_both32(e + 4, "PX mode", &rr->mode);
	if (!ret)
		ret = iso_both32(e + 12, "PX links", &rr->nlink);
	if (!ret)
		ret = iso_both32(e + 20, "PX uid", &rr->uid);
	if (!ret)
		ret = iso_both32(e + 28, "PX gid", &rr->gid);
	rr->has_px = !ret;
	return ret;
}

static int sl_append(struct iso_rr *rr, const char *s, uint32_t n)
{
	if (rr->link_len + n > ISO_PATH_MAX) {
		log_err("iso: symbolic link target longer than %u bytes (RRIP 4.1.3)",
			ISO_PATH_MAX);
		return -ENAMETOOLONG;
	}
	memcpy(rr->link + rr->link_len, s, n);
	rr->link_len += n;
	rr->link[rr->link_len] = '\0';
	return 0;
}

/* One component record (RRIP 4.1.3.1) at c, cl content bytes. */
static int sl_component(struct iso_rr *rr, const uint8_t *c, uint32_t cl)
{
	int ret = 0;

	if (rr->sl_need_sep)
		ret = sl_append(rr, "/", 1);
	rr->sl_need_sep = false;
	if (ret)
		return ret;
	if (c[0] & RR_SLC_ROOT)
		return sl_append(rr, "/", 1);
	if (c[0] & RR_SLC_CURRENT)
		ret = sl_append(rr, ".", 1);
	else if (c[0] & RR_SLC_PARENT)
		ret = sl_append(rr, "..", 2);
	else
		ret = sl_append(rr, (const char *)c + 2, cl);
	rr->sl_need_sep = !(c[0] & RR_SLC_CONTINUE);
	return ret;
}

static int rr_sl(struct iso_rr *rr, const uint8_t *e, uint32_t elen)
{
	uint32_t pos = 5;
	int ret;

	if (elen < 5) {
		log_err("iso: SL entry of %u bytes (RRIP 4.1.3)", elen);
		return -EINVAL;
	}
	if (rr->sl_done)
		return 0;
	rr->has_sl = true;
	rr->sl_done = !(e[4] & RR_SL_CONTINUE);
	while (pos < elen) {
		uint32_t cl;

		if (elen - pos < 2 || (cl = e[pos + 1]) > elen - pos - 2) {
			log_err("iso: SL component overruns its %u-byte entry (RRIP 4.1.3.1)",
				elen);
			return -EINVAL;
		}
		ret = sl_component(rr, e + pos, cl);
		if (ret)
			return ret;
		pos += 2 + cl;
	}
	return 0;
}

static int rr_tf(struct iso_rr *rr, const uint8_t *e, uint32_t elen)
{
	uint32_t sz = e[4] & RR_TF_LONG ? 17 : 7, pos = 5;

	if (elen < 5) {
		log_err("iso: TF entry of %u bytes (RRIP 4.1.6)", elen);
		return -EINVAL;
	}
	if (!(e[4] & RR_TF_MODIFY))
		return 0;
	if (e[4] & BIT(0))
		pos += sz; /* creation comes first */
	if (pos + sz > elen) {
		log_err("iso: TF timestamps overrun the %u-byte entry (RRIP 4.1.6)", elen);
		return -EINVAL;
	}
	if (sz == 17)
		iso_time17(e + pos, &rr->mtime);
	else
		iso_time7(e + pos, &rr->mtime);
	rr->has_tf = true;
	return 0;
}

static int rr_link(const uint8_t *e, uint32_t elen, const char *what, uint32_t *lba)
{
	if (elen < RR_LINK_LEN) {
		log_err("iso: %s entry of %u bytes (RRIP 4.1.5)", what, elen);
		return -EINVAL;
	}
	return iso_both32(e + 4, what, lba);
}

static int rr_entry(void *arg, const uint8_t *e, uint32_t elen)
{
	struct iso_rr *rr = arg;
	int ret = 0;

	if (sig(e, "NM"))
		ret = rr_nm(rr, e, elen);
	else if (sig(e, "PX"))
		ret = rr_px(rr, e, elen);
	else if (sig(e, "SL"))
		ret = rr_sl(rr, e, elen);
	else if (sig(e, "TF"))
		ret = rr_tf(rr, e, elen);
	else if (sig(e, "CL"))
		ret = rr_link(e, elen, "CL", &rr->cl_lba), rr->has_cl = !ret;
	else if (sig(e, "PL"))
		ret = rr_link(e, elen, "PL", &rr->pl_lba), rr->has_pl = !ret;
	else if (sig(e, "RE"))
		rr->relocated = true;
	else
		return 0;
	rr->any = true;
	return ret;
}

int iso_rr_parse(struct iso_fs *fs, const struct iso_dr *dr, struct iso_rr *rr)
{
	memset(rr, 0, sizeof(*rr));
	if (!fs->info.has_rock_ridge || !dr->su)
		return 0;
	return iso_susp_walk(fs, dr->su, dr->su_len, fs->info.susp_skip, rr_entry, rr);
}

/* SUSP 5.3: SP opens the System Use field of the root's "." record. */
int iso_rr_probe(struct iso_fs *fs)
{
	struct iso_buf b;
	struct iso_dr dr;
	uint8_t skip;
	int ret = iso_cache_get(fs, fs->root_lba, MIN(fs->root_len, ISO_SECTOR_SIZE), &b);

	if (ret)
		return ret;
	ret = iso_dr_parse(fs, b.data, b.len, &dr);
	if (!ret && dr.su && iso_susp_has_sp(dr.su, dr.su_len, &skip)) {
		fs->info.has_rock_ridge = true;
		fs->info.susp_skip = skip;
	}
	iso_cache_put(fs, &b);
	return ret;
}

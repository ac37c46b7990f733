// SPDX-License-Identifier: MIT
/*
 * Volume descriptor set (ECMA-119 8): primary (8.4), supplementary with the
 * Joliet escape sequences (8.5), El Torito boot record (8.2), terminator
 * (8.3); mount and the choice of namespace.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

#define ISO_FS_VERSION 1

static const char el_torito_id[] = "EL TORITO SPECIFICATION";

/* a-/d-characters field (ECMA-119 7.4): trailing spaces dropped. */
static void id_copy(char *dst, size_t dsz, const uint8_t *src, size_t n)
{
	size_t len = MIN(n, dsz - 1);

	for (size_t i = 0; i < len; i++)
		dst[i] = (char)(src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '_');
	while (len && dst[len - 1] == ' ')
		len--;
	dst[len] = '\0';
}

static int root_record(struct iso_fs *fs, const uint8_t *vd, uint32_t *lba, uint32_t *len)
{
	struct iso_dr dr;
	int ret = iso_dr_parse(fs, vd + PVD_ROOT_DR, DR_MIN_LEN, &dr);

	if (ret)
		return ret;
	if (!(dr.flags & DR_F_DIR) || dr.name_len != 1 || dr.name[0] != 0) {
		log_err("iso: root directory record is not a \".\" directory (ECMA-119 8.4.18)");
		return -EINVAL;
	}
	*lba = dr.lba;
	*len = dr.size;
	return 0;
}

static int pvd_sizes(struct iso_fs *fs, const uint8_t *vd)
{
	struct iso_volume_info *vi = &fs->info;
	int ret = iso_both16(vd + PVD_BLOCK_SIZE, "logical block size", &vi->block_size);

	if (ret)
		return ret;
	if (vi->block_size != ISO_SECTOR_SIZE) {
		log_err("iso: logical block size %u, only %u is supported (ECMA-119 6.2.2)",
			vi->block_size, ISO_SECTOR_SIZE);
		return -ENOTSUP;
	}
	ret = iso_both32(vd + PVD_SPACE_SIZE, "volume space size", &vi->volume_blocks);
	if (!ret)
		ret = iso_both16(vd + PVD_SET_SIZE, "volume set size", &vi->set_size);
	if (!ret)
		ret = iso_both16(vd + PVD_SEQ_NUMBER, "volume sequence number", &vi->seq_number);
	if (!ret)
		ret = iso_both32(vd + PVD_PT_SIZE, "path table size", &vi->path_table_size);
	if (ret)
		return ret;
	if ((uint64_t)vi->volume_blocks * ISO_SECTOR_SIZE > fs->ops.size_bytes) {
		log_err("iso: volume space of %u blocks exceeds the %llu-byte medium: truncated "
			"image (ECMA-119 8.4.8)",
			vi->volume_blocks, (unsigned long long)fs->ops.size_bytes);
		return -ENXIO;
	}
	return 0;
}

static int parse_pvd(struct iso_fs *fs, const uint8_t *vd)
{
	struct iso_volume_info *vi = &fs->info;
	int ret = pvd_sizes(fs, vd);

	if (ret)
		return ret;
	if (vd[PVD_FS_VERSION] != ISO_FS_VERSION) {
		log_err("iso: file structure version %u, expected 1 (ECMA-119 8.4.31)",
			vd[PVD_FS_VERSION]);
		return -EINVAL;
	}
	id_copy(vi->system_id, sizeof(vi->system_id), vd + PVD_SYSTEM_ID, 32);
	id_copy(vi->volume_id, sizeof(vi->volume_id), vd + PVD_VOLUME_ID, 32);
	id_copy(vi->volume_set_id, sizeof(vi->volume_set_id), vd + PVD_SET_ID, 128);
	id_copy(vi->publisher_id, sizeof(vi->publisher_id), vd + PVD_PUBLISHER, 128);
	id_copy(vi->preparer_id, sizeof(vi->preparer_id), vd + PVD_PREPARER, 128);
	id_copy(vi->application_id, sizeof(vi->application_id), vd + PVD_APP_ID, 128);
	iso_time17(vd + PVD_CREATED, &vi->created);
	iso_time17(vd + PVD_MODIFIED, &vi->modified);
	iso_time17(vd + PVD_EXPIRES, &vi->expires);
	iso_time17(vd + PVD_EFFECTIVE, &vi->effective);
	return root_record(fs, vd, &fs->root_lba, &fs->root_len);
}

static int parse_svd(struct iso_fs *fs, const uint8_t *vd)
{
	int level = iso_joliet_level(vd + PVD_ESCAPES);
	int ret;

	if (!level || fs->info.has_joliet)
		return 0; /* not Joliet, or a second one: ignored */
	ret = root_record(fs, vd, &fs->joliet_root_lba, &fs->joliet_root_len);
	if (ret)
		return ret;
	fs->info.has_joliet = true;
	fs->info.joliet_level = (uint8_t)level;
	return 0;
}

static void parse_boot_record(struct iso_fs *fs, const uint8_t *vd)
{
	if (memcmp(vd + BR_SYSTEM_ID, el_torito_id, sizeof(el_torito_id) - 1))
		return;
	fs->info.has_el_torito = true;
	fs->info.boot_catalog_lba = le32_get(vd + BR_CATALOG);
}

/* One descriptor: 1 at the terminator, 0 to go on, or -errno. */
static int parse_vd(struct iso_fs *fs, const uint8_t *vd, uint32_t idx, bool *have_pvd)
{
	if (memcmp(vd + VD_ID, "CD001", 5) || vd[VD_VERSION] != 1) {
		if (!idx)
			log_err("iso: no ISO9660 volume (no \"CD001\" at block 16)");
		else
			log_err("iso: volume descriptor %u lacks \"CD001\" version 1 (ECMA-119 8.1)",
				idx);
		return idx ? -EINVAL : -ENODEV;
	}
	switch (vd[VD_TYPE]) {
	case VD_T_PRIMARY:
		if (*have_pvd)
			return 0;
		*have_pvd = true;
		return parse_pvd(fs, vd);
	case VD_T_SUPPL:
		return *have_pvd ? parse_svd(fs, vd) : 0;
	case VD_T_BOOT:
		parse_boot_record(fs, vd);
		return 0;
	case VD_T_TERM:
		return 1;
	default:
		return 0;
	}
}

static int read_vds(struct iso_fs *fs, uint8_t *vd)
{
	bool have_pvd = false;
	int ret = 0;

	for (uint32_t i = 0; i < ISO_MAX_VDS && !ret; i++) {
		uint64_t off = (uint64_t)(ISO_SYSTEM_AREA_SECTORS + i) * ISO_SECTOR_SIZE;

		if (off + ISO_SECTOR_SIZE > fs->ops.size_bytes) {
			log_err("iso: medium ends inside the volume descriptor set (%llu bytes)",
				(unsigned long long)fs->ops.size_bytes);
			return i ? -ENXIO : -ENODEV;
		}
		ret = iso_dev_read(fs, off, vd, ISO_SECTOR_SIZE);
		if (!ret)
			ret = parse_vd(fs, vd, i, &have_pvd);
	}
	if (ret == 0) {
		log_err("iso: no set terminator within %u descriptors (ECMA-119 8.3)", ISO_MAX_VDS);
		return -EINVAL;
	}
	if (ret == 1 && !have_pvd) {
		log_err("iso: no primary volume descriptor (ECMA-119 6.7.1.1)");
		return -EINVAL;
	}
	return ret < 0 ? ret : 0;
}

int iso_mount(struct iso_fs *fs, const struct iso_read_ops *ops)
{
	uint8_t *vd;
	int ret;

	memset(fs, 0, sizeof(*fs));
	if (!ops || !ops->read)
		return -EINVAL;
	fs->ops = *ops;
	/* Until the primary descriptor says otherwise, the medium bounds reads. */
	fs->info.volume_blocks = (uint32_t)MIN(ops->size_bytes / ISO_SECTOR_SIZE, UINT32_MAX);
	vd = malloc(ISO_SECTOR_SIZE);
	if (!vd)
		return -ENOMEM;
	ret = read_vds(fs, vd);
	free(vd);
	if (!ret)
		ret = iso_rr_probe(fs);
	if (ret) {
		iso_cache_drop(fs);
		return ret;
	}
	fs->info.names = fs->info.has_rock_ridge ? ISO_NAMES_ROCKRIDGE :
			 fs->info.has_joliet	 ? ISO_NAMES_JOLIET :
						   ISO_NAMES_PLAIN;
	fs->mounted = true;
	return 0;
}

void iso_unmount(struct iso_fs *fs)
{
	iso_cache_drop(fs);
	fs->mounted = false;
}

const struct iso_volume_info *iso_volume(const struct iso_fs *fs)
{
	return &fs->info;
}

int iso_set_names(struct iso_fs *fs, enum iso_names names)
{
	if ((names == ISO_NAMES_ROCKRIDGE && !fs->info.has_rock_ridge) ||
	    (names == ISO_NAMES_JOLIET && !fs->info.has_joliet) || names > ISO_NAMES_ROCKRIDGE)
		return -ENOENT;
	fs->info.names = names;
	return 0;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does the shown name have match the path component want? */
bool iso_names_equal(const struct iso_fs *fs, const char *have, const char *want, size_t want_len)
{
	size_t n = strlen(have);

	if (fs->info.names != ISO_NAMES_PLAIN)
		return n == want_len && !memcmp(have, want, n);
	/* Plain names: any case, an optional ";version" and empty extension dot. */
	for (size_t i = 0; i < want_len; i++) {
		if (want[i] == ';') {
			want_len = i;
			break;
		}
	}
	if (want_len > 1 && want[want_len - 1] == '.')
		want_len--;
	if (n != want_len)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(have[i]) != ascii_lower(want[i]))
			return false;
	return true;
}

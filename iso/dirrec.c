// SPDX-License-Identifier: MIT
/*
 * Directory records (ECMA-119 9.1), both-byte-order fields (7.2.3, 7.3.3),
 * dates (8.4.26.1, 9.1.5) and plain ISO9660 names (7.5).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* ECMA-119 7.3.3: little-endian then big-endian; both must agree. */
int iso_both32(const uint8_t *p, const char *what, uint32_t *v)
{
	*v = le32_get(p);
	if (*v != be32_get(p + 4)) {
		log_err("iso: %s: both-byte-order fields differ (%#x / %#x) (ECMA-119 7.3.3)", what,
			*v, be32_get(p + 4));
		return -EINVAL;
	}
	return 0;
}

int iso_both16(const uint8_t *p, const char *what, uint16_t *v)
{
	*v = le16_get(p);
	if (*v != be16(p + 2)) {
		log_err("iso: %s: both-byte-order fields differ (%#x / %#x) (ECMA-119 7.2.3)", what,
			*v, be16(p + 2));
		return -EINVAL;
	}
	return 0;
}

void iso_time7(const uint8_t *p, struct iso_time *t)
{
	memset(t, 0, sizeof(*t));
	if (!p[0] && !p[1] && !p[2])
		return;
	*t = (struct iso_time){ .year = (uint16_t)(1900 + p[0]),
				.month = p[1],
				.day = p[2],
				.hour = p[3],
				.minute = p[4],
				.second = p[5],
				.gmt_off = (int8_t)p[6] };
}

static unsigned digits(const uint8_t *p, unsigned n, bool *ok)
{
	unsigned v = 0;

	for (unsigned i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			*ok = false;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	return v;
}

/* "YYYYMMDDHHMMSSCC" + GMT offset; all '0' or not digits: not specified. */
void iso_time17(const uint8_t *p, struct iso_time *t)
{
	bool ok = true;

	memset(t, 0, sizeof(*t));
	t->year = (uint16_t)digits(p, 4, &ok);
	t->month = (uint8_t)digits(p + 4, 2, &ok);
	t->day = (uint8_t)digits(p + 6, 2, &ok);
	t->hour = (uint8_t)digits(p + 8, 2, &ok);
	t->minute = (uint8_t)digits(p + 10, 2, &ok);
	t->second = (uint8_t)digits(p + 12, 2, &ok);
	t->centisecond = (uint8_t)digits(p + 14, 2, &ok);
	t->gmt_off = (int8_t)p[16];
	if (!ok)
		memset(t, 0, sizeof(*t));
}

static int dr_fields(const struct iso_fs *fs, const uint8_t *p, struct iso_dr *dr)
{
	uint32_t extent;
	int ret = iso_both32(p + DR_EXTENT, "directory record extent", &extent);

	if (!ret)
		ret = iso_both32(p + DR_SIZE, "directory record data length", &dr->size);
	if (ret)
		return ret;
	dr->lba = extent + p[DR_EAR_LEN];
	if (dr->lba < extent || !iso_range_ok(fs, dr->lba, dr->size)) {
		log_err("iso: extent %u+%u of %u bytes lies outside the volume (ECMA-119 6.5)",
			extent, p[DR_EAR_LEN], dr->size);
		return -EINVAL;
	}
	return 0;
}

/*
 * Checks and decodes the record at p; avail is what is left of its logical
 * sector, since a record never crosses one (ECMA-119 6.8.1.1).
 */
int iso_dr_parse(const struct iso_fs *fs, const uint8_t *p, uint32_t avail, struct iso_dr *dr)
{
	uint32_t len, su_off;

	memset(dr, 0, sizeof(*dr));
	len = avail ? p[DR_LEN] : 0;
	if (len < DR_MIN_LEN || len > avail) {
		log_err("iso: directory record length %u invalid (%u bytes left in the sector) "
			"(ECMA-119 9.1.1, 6.8.1.1)",
			len, avail);
		return -EINVAL;
	}
	dr->raw = p;
	dr->len = len;
	dr->name_len = p[DR_NAME_LEN];
	if (!dr->name_len || DR_NAME + dr->name_len > len) {
		log_err("iso: file identifier length %u does not fit a %u-byte record "
			"(ECMA-119 9.1.10)",
			dr->name_len, len);
		return -EINVAL;
	}
	dr->name = p + DR_NAME;
	dr->flags = p[DR_FLAGS];
	dr->interleaved = p[DR_UNIT_SIZE] || p[DR_GAP];
	su_off = DR_NAME + dr->name_len + !(dr->name_len & 1);
	if (su_off < len) {
		dr->su = p + su_off;
		dr->su_len = len - su_off;
	}
	return dr_fields(fs, p, dr);
}

/* ECMA-119 7.5: "NAME.EXT;1" shown as "NAME.EXT", "NAME.;1" as "NAME". */
void iso_plain_name(const uint8_t *id, uint32_t len, char *out, size_t outsz)
{
	uint32_t n = 0;

	if (len == 1 && id[0] <= 1) {
		snprintf(out, outsz, "%s", id[0] ? ".." : ".");
		return;
	}
	while (n < len && id[n] != ';')
		n++;
	if (n > 1 && id[n - 1] == '.')
		n--;
	n = (uint32_t)MIN((size_t)n, outsz - 1);
	for (uint32_t i = 0; i < n; i++)
		out[i] = (char)(id[i] >= 0x20 && id[i] < 0x7f ? id[i] : '_');
	out[n] = '\0';
}

// SPDX-License-Identifier: MIT
/*
 * EDID base block parser (VESA E-EDID Standard, Release A, Revision 2 =
 * EDID 1.4): header, checksum, vendor/product, established, standard and
 * detailed timings, display descriptors. Portable: host-tested with
 * recorded EDIDs; the firmware reads the 128 bytes from the device.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/gpu.h>

#define EDID_VENDOR	 0x08 /* 3.4.1: compressed ASCII, big-endian */
#define EDID_PRODUCT	 0x0a
#define EDID_SERIAL	 0x0c
#define EDID_YEAR	 0x11 /* + 1990 */
#define EDID_VERSION	 0x12
#define EDID_REVISION	 0x13
#define EDID_HSIZE_CM	 0x15
#define EDID_VSIZE_CM	 0x16
#define EDID_EST_TIMINGS 0x23 /* 3.8: three bytes */
#define EDID_STD_TIMINGS 0x26 /* 3.9: eight 2-byte entries */
#define EDID_DESC	 0x36 /* 3.10: four 18-byte descriptors */
#define EDID_DESC_LEN	 18
#define EDID_NDESC	 4
#define EDID_EXT_COUNT	 0x7e
#define EDID_DESC_NAME	 0xfc /* 3.10.3.4 display product name */
#define EDID_DESC_STD	 0xfa /* 3.10.3.8 more standard timings */

static const uint8_t edid_header[8] = { 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 };

/* Established timings I and II (3.8, table 3.18): bit 7 of byte 0x23 first. */
static const struct {
	uint16_t w, h;
	uint8_t hz;
} est_timings[17] = {
	{ 720, 400, 70 },  { 720, 400, 88 },  { 640, 480, 60 },	 { 640, 480, 67 },
	{ 640, 480, 72 },  { 640, 480, 75 },  { 800, 600, 56 },	 { 800, 600, 60 },
	{ 800, 600, 72 },  { 800, 600, 75 },  { 832, 624, 75 },	 { 1024, 768, 87 },
	{ 1024, 768, 60 }, { 1024, 768, 70 }, { 1024, 768, 75 }, { 1280, 1024, 75 },
	{ 1152, 870, 75 },
};

const char *edid_src_name(enum edid_src s)
{
	switch (s) {
	case EDID_SRC_DTD:
		return "detailed";
	case EDID_SRC_STD:
		return "standard";
	case EDID_SRC_EST:
		return "established";
	}
	return "?";
}

static void add_mode(struct edid_info *e, const struct edid_mode *m)
{
	if (!m->w || !m->h)
		return;
	for (unsigned i = 0; i < e->nmodes; i++)
		if (e->modes[i].w == m->w && e->modes[i].h == m->h &&
		    e->modes[i].refresh == m->refresh)
			return;
	if (e->nmodes < EDID_MAX_MODES)
		e->modes[e->nmodes++] = *m;
}

/* Detailed timing descriptor (3.10.2, table 3.21). */
static void parse_dtd(struct edid_info *e, const uint8_t *d)
{
	uint32_t clk_10khz = le16_get(d);
	uint32_t hact = d[2] | (uint32_t)(d[4] & 0xf0) << 4;
	uint32_t hbl = d[3] | (uint32_t)(d[4] & 0x0f) << 8;
	uint32_t vact = d[5] | (uint32_t)(d[7] & 0xf0) << 4;
	uint32_t vbl = d[6] | (uint32_t)(d[7] & 0x0f) << 8;
	uint64_t total = (uint64_t)(hact + hbl) * (vact + vbl);
	struct edid_mode m = { (uint16_t)hact, (uint16_t)vact, 0,
			       clk_10khz * 10, EDID_SRC_DTD,   !!(d[17] & BIT(7)) };

	if (total)
		m.refresh = (uint16_t)((clk_10khz * 10000ULL + total / 2) / total);
	if (e->preferred < 0 && m.w && m.h)
		e->preferred = (int)e->nmodes;
	add_mode(e, &m);
}

/* Standard timing (3.9, table 3.19); 01 01 is an unused slot. */
static void parse_std(struct edid_info *e, const uint8_t *s)
{
	struct edid_mode m = { 0 };
	unsigned w;

	if ((s[0] == 0x01 && s[1] == 0x01) || s[0] == 0x00)
		return;
	w = (s[0] + 31u) * 8;
	m.w = (uint16_t)w;
	switch (s[1] >> 6) {
	case 0: /* 16:10 from EDID 1.3 on (1:1 before) */
		m.h = (uint16_t)(e->version == 1 && e->revision < 3 ? w : w * 10 / 16);
		break;
	case 1:
		m.h = (uint16_t)(w * 3 / 4);
		break;
	case 2:
		m.h = (uint16_t)(w * 4 / 5);
		break;
	default:
		m.h = (uint16_t)(w * 9 / 16);
		break;
	}
	m.refresh = (uint16_t)((s[1] & 0x3f) + 60);
	m.src = EDID_SRC_STD;
	add_mode(e, &m);
}

/* Display product name: up to 13 characters ending with 0x0A (3.10.3.4). */
static void parse_name(struct edid_info *e, const uint8_t *d)
{
	unsigned n = 0;

	for (unsigned i = 5; i < EDID_DESC_LEN && d[i] != 0x0a && n < sizeof(e->name) - 1; i++)
		e->name[n++] = (d[i] >= 0x20 && d[i] < 0x7f) ? (char)d[i] : '?';
	e->name[n] = '\0';
}

static void parse_descriptors(struct edid_info *e, const uint8_t *b)
{
	/* Detailed timings first: the first one is the preferred mode (3.10.2). */
	for (unsigned i = 0; i < EDID_NDESC; i++) {
		const uint8_t *d = b + EDID_DESC + i * EDID_DESC_LEN;

		if (le16_get(d))
			parse_dtd(e, d);
	}
	for (unsigned i = 0; i < EDID_NDESC; i++) {
		const uint8_t *d = b + EDID_DESC + i * EDID_DESC_LEN;

		if (le16_get(d))
			continue;
		if (d[3] == EDID_DESC_NAME)
			parse_name(e, d);
		else if (d[3] == EDID_DESC_STD)
			for (unsigned k = 0; k < 6; k++) /* 3.10.3.8: six at bytes 5-16 */
				parse_std(e, d + 5 + 2 * k);
	}
}

static void parse_ids(struct edid_info *e, const uint8_t *b)
{
	uint16_t v = (uint16_t)(b[EDID_VENDOR] << 8 | b[EDID_VENDOR + 1]);

	for (unsigned i = 0; i < 3; i++) {
		unsigned c = (v >> (10 - 5 * i)) & 0x1f;

		e->vendor[i] = (c >= 1 && c <= 26) ? (char)('A' + c - 1) : '?';
	}
	e->vendor[3] = '\0';
	e->product = le16_get(b + EDID_PRODUCT);
	e->serial = le32_get(b + EDID_SERIAL);
	e->year = (uint16_t)(1990 + b[EDID_YEAR]);
	e->version = b[EDID_VERSION];
	e->revision = b[EDID_REVISION];
	e->width_cm = b[EDID_HSIZE_CM];
	e->height_cm = b[EDID_VSIZE_CM];
	e->extensions = b[EDID_EXT_COUNT];
}

int edid_parse(const uint8_t *b, size_t len, struct edid_info *e)
{
	uint8_t sum = 0;

	memset(e, 0, sizeof(*e));
	e->preferred = -1;
	if (!b || len < EDID_BLOCK_LEN || memcmp(b, edid_header, sizeof(edid_header)))
		return -EINVAL;
	for (unsigned i = 0; i < EDID_BLOCK_LEN; i++)
		sum = (uint8_t)(sum + b[i]);
	if (sum) /* 3.11: all 128 bytes add up to 0 mod 256 */
		return -EBADMSG;
	parse_ids(e, b);
	parse_descriptors(e, b);
	for (unsigned i = 0; i < 8; i++)
		parse_std(e, b + EDID_STD_TIMINGS + 2 * i);
	for (unsigned i = 0; i < ARRAY_SIZE(est_timings); i++) {
		if (b[EDID_EST_TIMINGS + i / 8] & BIT(7 - i % 8)) {
			struct edid_mode m = { est_timings[i].w,  est_timings[i].h,
					       est_timings[i].hz, 0,
					       EDID_SRC_EST,	  i == 11 };

			add_mode(e, &m);
		}
	}
	return 0;
}

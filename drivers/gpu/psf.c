// SPDX-License-Identifier: MIT
/*
 * PC Screen Font parser (the Linux console font formats, as kbd's psf.h
 * and psffontop describe them): PSF1 (magic 36 04, 8 pixels wide, 256 or
 * 512 glyphs, UCS-2 unicode table) and PSF2 (magic 72 b5 4a 86, any size,
 * UTF-8 unicode table). Builds a Latin-1 -> glyph map once. Portable.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/fbcon.h>

#define PSF1_MAGIC	0x0436
#define PSF1_HDR_LEN	4
#define PSF1_MODE512	BIT(0)
#define PSF1_MODEHASTAB BIT(1)
#define PSF1_MODESEQ	BIT(2)
#define PSF1_SEPARATOR	0xffff
#define PSF1_STARTSEQ	0xfffe

#define PSF2_MAGIC	 0x864ab572
#define PSF2_HDR_LEN	 32
#define PSF2_HAS_UNICODE BIT(0)
#define PSF2_SEPARATOR	 0xff
#define PSF2_STARTSEQ	 0xfe

static void map_identity(struct psf_font *f)
{
	for (unsigned c = 0; c < PSF_MAP_CHARS; c++)
		f->map[c] = (uint16_t)(c < f->nglyphs ? c : 0);
}

static void map_set(struct psf_font *f, uint32_t cp, uint32_t glyph, uint8_t *seen)
{
	if (cp < PSF_MAP_CHARS && !seen[cp]) {
		f->map[cp] = (uint16_t)glyph;
		seen[cp] = 1;
	}
}

/* PSF1 table: per glyph, UCS-2 values, then sequences after 0xFFFE, ended by 0xFFFF. */
static void psf1_table(struct psf_font *f, const uint8_t *p, size_t len, uint8_t *seen)
{
	size_t i = 0;

	for (uint32_t g = 0; g < f->nglyphs && i + 2 <= len; g++) {
		bool seq = false;

		for (; i + 2 <= len; i += 2) {
			uint16_t u = le16_get(p + i);

			if (u == PSF1_SEPARATOR) {
				i += 2;
				break;
			}
			if (u == PSF1_STARTSEQ)
				seq = true;
			else if (!seq)
				map_set(f, u, g, seen);
		}
	}
}

/* One UTF-8 code point at p (n bytes left); returns its length, 0 if malformed. */
static unsigned utf8_get(const uint8_t *p, size_t n, uint32_t *cp)
{
	unsigned len = p[0] < 0x80	 ? 1 :
		       (p[0] >> 5) == 6	 ? 2 :
		       (p[0] >> 4) == 14 ? 3 :
		       (p[0] >> 3) == 30 ? 4 :
					   0;

	if (!len || len > n)
		return 0;
	*cp = len == 1 ? p[0] : p[0] & (0x7f >> len);
	for (unsigned i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[i] & 0x3f);
	}
	return len;
}

/* PSF2 table: per glyph, UTF-8 code points, sequences after 0xFE, ended by 0xFF. */
static void psf2_table(struct psf_font *f, const uint8_t *p, size_t len, uint8_t *seen)
{
	size_t i = 0;

	for (uint32_t g = 0; g < f->nglyphs && i < len; g++) {
		bool seq = false;

		while (i < len) {
			uint32_t cp;
			unsigned n;

			if (p[i] == PSF2_SEPARATOR) {
				i++;
				break;
			}
			if (p[i] == PSF2_STARTSEQ) {
				seq = true;
				i++;
				continue;
			}
			n = utf8_get(p + i, len - i, &cp);
			if (!n) {
				i++; /* skip a bad byte, stay bounded */
				continue;
			}
			if (!seq)
				map_set(f, cp, g, seen);
			i += n;
		}
	}
}

static int psf1_parse(const uint8_t *d, size_t len, struct psf_font *f, uint8_t *seen)
{
	uint8_t mode = d[2];
	size_t glyph_bytes;

	f->nglyphs = (mode & PSF1_MODE512) ? 512 : 256;
	f->width = 8;
	f->height = d[3];
	f->bytes_per_row = 1;
	f->bytes_per_glyph = f->height;
	glyph_bytes = (size_t)f->nglyphs * f->bytes_per_glyph;
	if (!f->height || f->height > PSF_MAX_H || glyph_bytes > len - PSF1_HDR_LEN)
		return -EINVAL;
	f->glyphs = d + PSF1_HDR_LEN;
	map_identity(f);
	if (mode & (PSF1_MODEHASTAB | PSF1_MODESEQ))
		psf1_table(f, f->glyphs + glyph_bytes, len - PSF1_HDR_LEN - glyph_bytes, seen);
	return 0;
}

static int psf2_parse(const uint8_t *d, size_t len, struct psf_font *f, uint8_t *seen)
{
	uint32_t hdr, flags, charsize;
	size_t glyph_bytes;

	if (len < PSF2_HDR_LEN)
		return -EINVAL;
	hdr = le32_get(d + 8);
	flags = le32_get(d + 12);
	f->nglyphs = le32_get(d + 16);
	charsize = le32_get(d + 20);
	f->height = le32_get(d + 24);
	f->width = le32_get(d + 28);
	if (!f->width || f->width > PSF_MAX_W || !f->height || f->height > PSF_MAX_H ||
	    !f->nglyphs || f->nglyphs > PSF_MAX_GLYPHS || hdr < PSF2_HDR_LEN || hdr > len)
		return -EINVAL;
	f->bytes_per_row = (f->width + 7) / 8;
	f->bytes_per_glyph = charsize;
	if (charsize != f->bytes_per_row * f->height)
		return -EINVAL;
	glyph_bytes = (size_t)f->nglyphs * charsize;
	if (glyph_bytes > len - hdr)
		return -EINVAL;
	f->glyphs = d + hdr;
	map_identity(f);
	if (flags & PSF2_HAS_UNICODE)
		psf2_table(f, f->glyphs + glyph_bytes, len - hdr - glyph_bytes, seen);
	return 0;
}

int psf_parse(const uint8_t *d, size_t len, struct psf_font *f)
{
	uint8_t seen[PSF_MAP_CHARS] = { 0 };
	int rc = -EINVAL;

	memset(f, 0, sizeof(*f));
	if (d && len >= PSF1_HDR_LEN && le16_get(d) == PSF1_MAGIC)
		rc = psf1_parse(d, len, f, seen);
	else if (d && len >= 4 && le32_get(d) == PSF2_MAGIC)
		rc = psf2_parse(d, len, f, seen);
	if (rc) {
		memset(f, 0, sizeof(*f));
		return rc;
	}
	/* With a unicode table, a character the font lacks shows as '?' (not a random glyph). */
	for (unsigned c = 0; seen['?'] && c < PSF_MAP_CHARS; c++)
		if (!seen[c])
			f->map[c] = f->map['?'];
	return 0;
}

const uint8_t *psf_glyph_row(const struct psf_font *f, uint8_t c, uint32_t y)
{
	uint32_t g = f->map[c];

	if (!f->glyphs || g >= f->nglyphs || y >= f->height)
		return NULL;
	return f->glyphs + (size_t)g * f->bytes_per_glyph + (size_t)y * f->bytes_per_row;
}

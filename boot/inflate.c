// SPDX-License-Identifier: MIT
/*
 * DEFLATE decoder (RFC 1951) and gzip member reader (RFC 1952) for
 * compressed kernels: vmplat has no zlib (newlib ships none). Canonical
 * Huffman codes decoded a bit at a time from per-length counts (RFC 1951
 * 3.2.2); every read is bounded by the input, every write and distance by
 * the output. Portable: host-tested against zlib and fuzzed.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/handoff.h>

#define MAXBITS	     15	 /* longest code (3.2.7) */
#define MAXLCODES    286 /* literal/length codes */
#define MAXDCODES    30	 /* distance codes */
#define FIXLCODES    288 /* fixed table size (3.2.6) */
#define MAXCODES     (MAXLCODES + MAXDCODES)
#define GZ_HDR	     10 /* ID1 ID2 CM FLG MTIME(4) XFL OS */
#define GZ_TRAILER   8	/* CRC32 ISIZE */
#define GZ_FHCRC     BIT(1)
#define GZ_FEXTRA    BIT(2)
#define GZ_FNAME     BIT(3)
#define GZ_FCOMMENT  BIT(4)
#define GZ_FRESERVED GENMASK(7, 5)

struct state {
	const uint8_t *in;
	size_t in_len, in_pos;
	uint32_t bitbuf;
	unsigned bitcnt;
	uint8_t *out;
	size_t out_len, out_pos;
	const char *why;
};

struct huffman {
	uint16_t count[MAXBITS + 1]; /* codes of each length */
	uint16_t symbol[FIXLCODES];  /* symbols in canonical order */
};

/* -EINVAL: input ended inside the stream. */
static int bits(struct state *s, unsigned need, uint32_t *v)
{
	uint32_t b = s->bitbuf;

	while (s->bitcnt < need) {
		if (s->in_pos >= s->in_len) {
			s->why = "input ends inside the DEFLATE stream";
			return -EINVAL;
		}
		b |= (uint32_t)s->in[s->in_pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	*v = b & ((1u << need) - 1);
	s->bitbuf = b >> need;
	s->bitcnt -= need;
	return 0;
}

static int put(struct state *s, uint8_t c)
{
	if (s->out_pos >= s->out_len) {
		s->why = "output buffer full";
		return -ENOSPC;
	}
	s->out[s->out_pos++] = c;
	return 0;
}

/* Stored block (3.2.4): LEN and its complement, then LEN raw bytes. */
static int stored(struct state *s)
{
	unsigned len;

	s->bitbuf = 0;
	s->bitcnt = 0;
	if (s->in_len - s->in_pos < 4) {
		s->why = "stored block header truncated";
		return -EINVAL;
	}
	len = le16_get(s->in + s->in_pos);
	if ((le16_get(s->in + s->in_pos + 2) ^ 0xffff) != len) {
		s->why = "stored block LEN/NLEN mismatch";
		return -EINVAL;
	}
	s->in_pos += 4;
	if (s->in_len - s->in_pos < len) {
		s->why = "stored block truncated";
		return -EINVAL;
	}
	for (unsigned i = 0; i < len; i++) {
		int rc = put(s, s->in[s->in_pos++]);

		if (rc)
			return rc;
	}
	return 0;
}

/* Decode one symbol; -EINVAL for a code not in the table. */
static int decode(struct state *s, const struct huffman *h, unsigned *sym)
{
	int code = 0, first = 0, index = 0;

	for (unsigned len = 1; len <= MAXBITS; len++) {
		uint32_t b;
		int count = h->count[len];

		if (bits(s, 1, &b))
			return -EINVAL;
		code |= (int)b;
		if (code - count < first) {
			*sym = h->symbol[index + (code - first)];
			return 0;
		}
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	s->why = "invalid Huffman code";
	return -EINVAL;
}

/*
 * Build a table from n code lengths. Returns 0 for a complete code, >0 for
 * an incomplete one (allowed only for a single distance code), <0 for an
 * over-subscribed set.
 */
static int construct(struct huffman *h, const uint16_t *length, unsigned n)
{
	uint16_t offs[MAXBITS + 1];
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (unsigned i = 0; i < n; i++)
		h->count[length[i]]++;
	if (h->count[0] == n)
		return 0; /* no codes: complete, but decoding will fail */
	for (unsigned len = 1; len <= MAXBITS; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return left;
	}
	offs[1] = 0;
	for (unsigned len = 1; len < MAXBITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (unsigned i = 0; i < n; i++)
		if (length[i])
			h->symbol[offs[length[i]]++] = (uint16_t)i;
	return left;
}

static const uint16_t len_base[29] = { 3,  4,  5,  6,	7,   8,	  9,   10,  11, 13,
				       15, 17, 19, 23,	27,  31,  35,  43,  51, 59,
				       67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				       2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t dist_base[30] = { 1,    2,    3,	  4,	 5,	7,    9,    13,
					17,   25,   33,	  49,	 65,	97,   129,  193,
					257,  385,  513,  769,	 1025,	1537, 2049, 3073,
					4097, 6145, 8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2,	 3,  3,	 4,  4,	 5,  5,	 6,
					6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* Length/distance pairs and literals until end-of-block (3.2.5). */
static int codes(struct state *s, const struct huffman *lc, const struct huffman *dc)
{
	for (;;) {
		unsigned sym, len, dsym;
		uint32_t extra;
		size_t dist;
		int rc = decode(s, lc, &sym);

		if (rc)
			return rc;
		if (sym < 256) {
			rc = put(s, (uint8_t)sym);
			if (rc)
				return rc;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29) {
			s->why = "invalid length symbol";
			return -EINVAL;
		}
		if (bits(s, len_extra[sym], &extra))
			return -EINVAL;
		len = len_base[sym] + extra;
		if (decode(s, dc, &dsym))
			return -EINVAL;
		if (dsym >= 30) {
			s->why = "invalid distance symbol";
			return -EINVAL;
		}
		if (bits(s, dist_extra[dsym], &extra))
			return -EINVAL;
		dist = dist_base[dsym] + extra;
		if (dist > s->out_pos) {
			s->why = "distance reaches before the start of the output";
			return -EINVAL;
		}
		while (len--) {
			rc = put(s, s->out[s->out_pos - dist]);
			if (rc)
				return rc;
		}
	}
}

static int fixed(struct state *s)
{
	static struct huffman lc, dc;
	static bool built;
	uint16_t lengths[FIXLCODES];

	if (!built) {
		unsigned i = 0;

		for (; i < 144; i++)
			lengths[i] = 8;
		for (; i < 256; i++)
			lengths[i] = 9;
		for (; i < 280; i++)
			lengths[i] = 7;
		for (; i < FIXLCODES; i++)
			lengths[i] = 8;
		construct(&lc, lengths, FIXLCODES);
		for (i = 0; i < MAXDCODES; i++)
			lengths[i] = 5;
		construct(&dc, lengths, MAXDCODES);
		built = true;
	}
	return codes(s, &lc, &dc);
}

/* Code-length code order (3.2.7). */
static const uint8_t cl_order[19] = { 16, 17, 18, 0, 8,	 7, 9,	6, 10, 5,
				      11, 4,  12, 3, 13, 2, 14, 1, 15 };

static int read_lengths(struct state *s, uint16_t *lengths, unsigned n, const struct huffman *cl)
{
	unsigned idx = 0;

	while (idx < n) {
		unsigned sym, rep;
		uint16_t val = 0;
		uint32_t v;

		if (decode(s, cl, &sym))
			return -EINVAL;
		if (sym < 16) {
			lengths[idx++] = (uint16_t)sym;
			continue;
		}
		if (sym == 16) {
			if (!idx) {
				s->why = "repeat of a length with none before";
				return -EINVAL;
			}
			val = lengths[idx - 1];
			if (bits(s, 2, &v))
				return -EINVAL;
			rep = 3 + v;
		} else if (sym == 17) {
			if (bits(s, 3, &v))
				return -EINVAL;
			rep = 3 + v;
		} else {
			if (bits(s, 7, &v))
				return -EINVAL;
			rep = 11 + v;
		}
		if (idx + rep > n) {
			s->why = "code lengths overrun the table";
			return -EINVAL;
		}
		while (rep--)
			lengths[idx++] = val;
	}
	return 0;
}

static int dynamic(struct state *s)
{
	static struct huffman lc, dc; /* 1.2 KiB: kept off small stacks */
	uint16_t lengths[MAXCODES];
	uint32_t nlen, ndist, ncode;
	int rc;

	if (bits(s, 5, &nlen) || bits(s, 5, &ndist) || bits(s, 4, &ncode))
		return -EINVAL;
	nlen += 257;
	ndist += 1;
	ncode += 4;
	if (nlen > MAXLCODES || ndist > MAXDCODES) {
		s->why = "too many length or distance codes";
		return -EINVAL;
	}
	memset(lengths, 0, sizeof(lengths));
	for (unsigned i = 0; i < ncode; i++) {
		uint32_t v;

		if (bits(s, 3, &v))
			return -EINVAL;
		lengths[cl_order[i]] = (uint16_t)v;
	}
	if (construct(&lc, lengths, 19) != 0) {
		s->why = "incomplete code-length code";
		return -EINVAL;
	}
	if (read_lengths(s, lengths, nlen + ndist, &lc))
		return -EINVAL;
	if (!lengths[256]) {
		s->why = "no end-of-block code";
		return -EINVAL;
	}
	/*
	 * An incomplete code is allowed only as a single code of length one
	 * (RFC 1951 3.2.7: "a single code length of one, with one unused code").
	 */
	rc = construct(&lc, lengths, nlen);
	if (rc < 0 || (rc > 0 && (nlen - lc.count[0] != 1 || lc.count[1] != 1))) {
		s->why = "bad literal/length code";
		return -EINVAL;
	}
	rc = construct(&dc, lengths + nlen, ndist);
	if (rc < 0 || (rc > 0 && (ndist - dc.count[0] != 1 || dc.count[1] != 1))) {
		s->why = "bad distance code";
		return -EINVAL;
	}
	return codes(s, &lc, &dc);
}

int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out, size_t *out_len,
		const char **why)
{
	struct state s = { .in = in, .in_len = in_len, .out = out, .out_len = *out_len };
	uint32_t last = 0, type;
	int rc = 0;

	while (!last && !rc) {
		if (bits(&s, 1, &last) || bits(&s, 2, &type)) {
			rc = -EINVAL;
			break;
		}
		if (type == 0)
			rc = stored(&s);
		else if (type == 1)
			rc = fixed(&s);
		else if (type == 2)
			rc = dynamic(&s);
		else {
			s.why = "reserved block type 3";
			rc = -EINVAL;
		}
	}
	*out_len = s.out_pos;
	if (in_used)
		*in_used = s.in_pos;
	if (why)
		*why = rc ? s.why : NULL;
	return rc;
}

/* CRC-32 of gzip (ISO 3309, reflected 0xedb88320), table built on first use. */
static uint32_t crc32_gz(const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	uint32_t c = 0xffffffffu;

	if (!table[1]) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;

			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			table[i] = v;
		}
	}
	while (n--)
		c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

bool gzip_is(const uint8_t *in, size_t in_len)
{
	return in_len >= GZ_HDR && in[0] == 0x1f && in[1] == 0x8b && in[2] == 8;
}

uint32_t gzip_isize(const uint8_t *in, size_t in_len)
{
	if (!gzip_is(in, in_len) || in_len < GZ_HDR + GZ_TRAILER)
		return 0;
	return le32_get(in + in_len - 4);
}

/* Skip a NUL-terminated header field; -EINVAL when it runs off the input. */
static int skip_string(const uint8_t *in, size_t len, size_t *pos)
{
	while (*pos < len && in[*pos])
		(*pos)++;
	if (*pos >= len)
		return -EINVAL;
	(*pos)++;
	return 0;
}

/* Offset of the DEFLATE data after the member header (RFC 1952 2.3.1). */
static int gzip_header(const uint8_t *in, size_t len, size_t *pos, const char **why)
{
	uint8_t flg;

	*why = "not a gzip member (ID1 ID2 CM=8)";
	if (!gzip_is(in, len))
		return -EINVAL;
	flg = in[3];
	*pos = GZ_HDR;
	*why = "gzip header truncated or reserved flags set";
	if (flg & GZ_FRESERVED)
		return -EINVAL;
	if (flg & GZ_FEXTRA) {
		if (len - *pos < 2 || len - *pos - 2 < le16_get(in + *pos))
			return -EINVAL;
		*pos += 2 + le16_get(in + *pos);
	}
	if ((flg & GZ_FNAME) && skip_string(in, len, pos))
		return -EINVAL;
	if ((flg & GZ_FCOMMENT) && skip_string(in, len, pos))
		return -EINVAL;
	if (flg & GZ_FHCRC) {
		if (len - *pos < 2)
			return -EINVAL;
		*pos += 2;
	}
	*why = NULL;
	return 0;
}

int gunzip(const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len, const char **why)
{
	size_t pos, used;
	int rc = gzip_header(in, in_len, &pos, why);

	if (rc) {
		*out_len = 0;
		return rc;
	}
	rc = inflate_raw(in + pos, in_len - pos, &used, out, out_len, why);
	if (rc)
		return rc;
	pos += used;
	if (in_len - pos < GZ_TRAILER) {
		*why = "gzip trailer (CRC32, ISIZE) missing";
		return -EINVAL;
	}
	if (le32_get(in + pos + 4) != (uint32_t)*out_len) {
		*why = "gzip ISIZE does not match the data";
		return -EINVAL;
	}
	if (le32_get(in + pos) != crc32_gz(out, *out_len)) {
		*why = "gzip CRC32 mismatch";
		return -EINVAL;
	}
	return 0;
}

int gunzip_head(const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len, const char **why)
{
	size_t pos, want = *out_len;
	int rc = gzip_header(in, in_len, &pos, why);

	if (rc) {
		*out_len = 0;
		return rc;
	}
	rc = inflate_raw(in + pos, in_len - pos, NULL, out, out_len, why);
	/* A full buffer (-ENOSPC) is what a head read wants. */
	if (rc == -ENOSPC || (!rc && *out_len == want))
		return 0;
	if (!rc)
		*why = "stream shorter than asked for";
	return rc ? rc : -EINVAL;
}

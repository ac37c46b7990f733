// SPDX-License-Identifier: MIT
/*
 * Snapshot image format (docs/snapshot.md): the header, the section table,
 * the streaming writer and the validating reader. Portable: host-tested in
 * tests/unit/snapshot and fuzzed by tests/fuzz/snapshot.c. Every field goes
 * through the le*_get/le*_put accessors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/crc32c.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/snapshot.h>
#include "format_priv.h"

/* Header field offsets. */
#define H_MAGIC	     0
#define H_VERSION    8
#define H_HDR_SIZE   12
#define H_ARCH	     16
#define H_FLAGS	     20
#define H_ID	     24
#define H_PARENT     32
#define H_CREATED    40
#define H_TOTAL	     48
#define H_NSECT	     56
#define H_DATA_OFF   60
#define H_CFG	     64	 /* SNAP_CFG_SIZE: the configuration (snapshot/config.c) */
#define H_CFG_PCI    288 /* SNAP_CFG_PCI_SIZE: its PCI ids (version 2) */
#define H_CFG_HASH   128
#define H_PARENT_DIG 160
#define H_DESC	     192
#define H_NAME	     (H_CFG_PCI + SNAP_CFG_PCI_SIZE) /* SNAP_NAME_MAX: the VM's name */
#define H_RESERVED   (H_NAME + SNAP_NAME_MAX)
#define H_DIGEST     480

/* Section table entry offsets. */
#define S_TYPE	0
#define S_INDEX 4
#define S_OFF	8
#define S_SIZE	16
#define S_CRC	24

#define STREAM_CHUNK (64 * 1024)

uint64_t snap_data_off(unsigned nsections)
{
	return ALIGN_UP((uint64_t)SNAP_HDR_SIZE + (uint64_t)nsections * SNAP_SECT_SIZE,
			(uint64_t)SNAP_HDR_SIZE);
}

const char *snap_sect_name(uint32_t type)
{
	static const char *const names[] = { "?",	 "vcpu",      "vgic", "uart",
					     "mem-full", "mem-delta", "vpci" };

	return type < ARRAY_SIZE(names) ? names[type] : "?";
}

const char *snap_strerror(int err)
{
	switch (err) {
	case -ENOEXEC:
		return "not a snapshot (no magic)";
	case -EPROTONOSUPPORT:
		return "unsupported format version";
	case -ENOTSUP:
		return "snapshot of another architecture";
	case -ENODATA:
		return "truncated";
	case -EINVAL:
		return "malformed";
	case -EBADMSG:
		return "checksum mismatch (corrupted)";
	case -EXDEV:
		return "different VM configuration";
	case -ENOENT:
		return "no such snapshot (or missing parent)";
	case -ENOSPC:
		return "store full";
	case -EPERM:
		return "the VM holds a device that is not snapshot-safe";
	case -EIO:
		return "I/O error";
	default:
		return "error";
	}
}

/* ---- writer ---- */

static int sink_write(struct snap_writer *w, uint64_t off, const void *buf, size_t n)
{
	int rc;

	if (w->err)
		return w->err;
	rc = w->sink.write(w->sink.ctx, off, buf, n);
	if (rc)
		w->err = rc;
	return rc;
}

static int write_raw(struct snap_writer *w, const void *buf, size_t n)
{
	int rc = sink_write(w, w->pos, buf, n);

	if (rc)
		return rc;
	sha256_update(&w->sha, buf, n);
	w->pos += n;
	return 0;
}

int snap_writer_begin(struct snap_writer *w, const struct snap_meta *m, unsigned max_sections,
		      const struct snap_sink *sink)
{
	if (!max_sections || max_sections > SNAP_MAX_SECTIONS || !sink->write)
		return -EINVAL;
	memset(w, 0, sizeof(*w));
	w->meta = *m;
	w->sink = *sink;
	w->max_sect = max_sections;
	w->data_off = snap_data_off(max_sections);
	w->pos = w->data_off;
	sha256_init(&w->sha);
	return 0;
}

static int close_section(struct snap_writer *w)
{
	static const uint8_t zero[8];
	struct snap_section *s;

	if (!w->open)
		return 0;
	s = &w->sect[w->nsect - 1];
	s->size = w->pos - s->off;
	w->open = false;
	/* Sections start 8-byte aligned; the padding is zero and covered by the digest. */
	return IS_ALIGNED(w->pos, 8) ? 0 : write_raw(w, zero, 8 - (w->pos & 7));
}

int snap_writer_section(struct snap_writer *w, uint32_t type, uint32_t index)
{
	int rc = close_section(w);

	if (rc)
		return rc;
	if (w->nsect >= w->max_sect)
		return w->err = -ENOSPC;
	w->sect[w->nsect++] = (struct snap_section){ type, index, w->pos, 0, 0 };
	w->open = true;
	return 0;
}

int snap_writer_data(struct snap_writer *w, const void *buf, size_t n)
{
	struct snap_section *s = &w->sect[w->nsect - 1];
	int rc;

	if (!w->open)
		return -EINVAL;
	rc = write_raw(w, buf, n);
	if (!rc)
		s->crc = crc32c(s->crc, buf, n);
	return rc;
}

static void header_encode(const struct snap_meta *m, unsigned nsect, uint64_t data_off, uint8_t *h)
{
	memset(h, 0, SNAP_HDR_SIZE);
	memcpy(h + H_MAGIC, SNAP_MAGIC, 8);
	le32_put(h + H_VERSION, m->version);
	le32_put(h + H_HDR_SIZE, SNAP_HDR_SIZE);
	le32_put(h + H_ARCH, m->arch);
	le32_put(h + H_FLAGS, m->flags);
	le64_put(h + H_ID, m->id);
	le64_put(h + H_PARENT, m->parent);
	le64_put(h + H_CREATED, m->created);
	le64_put(h + H_TOTAL, m->total);
	le32_put(h + H_NSECT, nsect);
	le32_put(h + H_DATA_OFF, (uint32_t)data_off);
	snap_cfg_encode(&m->cfg, h + H_CFG, h + H_CFG_PCI);
	snap_cfg_hash_raw(h + H_CFG, h + H_CFG_PCI, h + H_CFG_HASH);
	memcpy(h + H_PARENT_DIG, m->parent_digest, 32);
	strncpy((char *)h + H_DESC, m->desc, SNAP_DESC_MAX - 1);
	strncpy((char *)h + H_NAME, m->name, SNAP_NAME_MAX - 1);
}

int snap_writer_finish(struct snap_writer *w, struct snap_meta *out)
{
	uint8_t head[SNAP_HDR_SIZE + SNAP_MAX_SECTIONS * SNAP_SECT_SIZE];
	int rc = close_section(w);

	if (rc)
		return rc;
	if (w->err)
		return w->err;
	w->meta.version = SNAP_VERSION;
	w->meta.total = w->pos;
	header_encode(&w->meta, w->nsect, w->data_off, head);
	memset(head + SNAP_HDR_SIZE, 0, w->data_off - SNAP_HDR_SIZE);
	for (unsigned i = 0; i < w->nsect; i++) {
		uint8_t *e = head + SNAP_HDR_SIZE + i * SNAP_SECT_SIZE;

		le32_put(e + S_TYPE, w->sect[i].type);
		le32_put(e + S_INDEX, w->sect[i].index);
		le64_put(e + S_OFF, w->sect[i].off);
		le64_put(e + S_SIZE, w->sect[i].size);
		le32_put(e + S_CRC, w->sect[i].crc);
	}
	sha256_update(&w->sha, head, w->data_off);
	sha256_final(&w->sha, head + H_DIGEST);
	memcpy(w->meta.digest, head + H_DIGEST, 32);
	memcpy(w->meta.cfg_hash, head + H_CFG_HASH, 32);
	rc = sink_write(w, 0, head, w->data_off);
	if (!rc && out)
		*out = w->meta;
	return rc;
}

/* ---- reader ---- */

/* The VM name: printable ASCII up to a NUL, zero after it (so the bytes are canonical). */
static bool name_ok(const uint8_t *p)
{
	const uint8_t *end = memchr(p, 0, SNAP_NAME_MAX);

	if (!end)
		return false;
	for (const uint8_t *q = p; q < end; q++) {
		if (*q < 0x20 || *q > 0x7e)
			return false;
	}
	for (const uint8_t *q = end; q < p + SNAP_NAME_MAX; q++) {
		if (*q)
			return false;
	}
	return true;
}

static int parse_header(const uint8_t *h, uint64_t avail, struct snap_meta *m, unsigned *nsect,
			uint64_t *data_off)
{
	uint8_t hash[32];

	if (memcmp(h + H_MAGIC, SNAP_MAGIC, 8))
		return -ENOEXEC;
	memset(m, 0, sizeof(*m));
	m->version = le32_get(h + H_VERSION);
	if (m->version != SNAP_VERSION)
		return -EPROTONOSUPPORT;
	m->arch = le32_get(h + H_ARCH);
	if (m->arch != SNAP_ARCH_AARCH64)
		return -ENOTSUP;
	m->flags = le32_get(h + H_FLAGS);
	m->id = le64_get(h + H_ID);
	m->parent = le64_get(h + H_PARENT);
	m->created = le64_get(h + H_CREATED);
	m->total = le64_get(h + H_TOTAL);
	*nsect = le32_get(h + H_NSECT);
	*data_off = le32_get(h + H_DATA_OFF);
	if (le32_get(h + H_HDR_SIZE) != SNAP_HDR_SIZE || (m->flags & ~SNAP_FLAG_INCR) || !m->id ||
	    !(m->flags & SNAP_FLAG_INCR) != !m->parent || m->parent == m->id)
		return -EINVAL;
	if (!*nsect || *nsect > SNAP_MAX_SECTIONS || *data_off < snap_data_off(*nsect) ||
	    *data_off > snap_data_off(SNAP_MAX_SECTIONS) || !IS_ALIGNED(*data_off, SNAP_HDR_SIZE) ||
	    m->total < *data_off)
		return -EINVAL;
	if (m->total > avail)
		return -ENODATA;
	snap_cfg_decode(h + H_CFG, h + H_CFG_PCI, &m->cfg);
	if (snap_cfg_check(&m->cfg) || le32_get(h + H_CFG + 60))
		return -EINVAL;
	snap_cfg_hash_raw(h + H_CFG, h + H_CFG_PCI, hash);
	if (memcmp(hash, h + H_CFG_HASH, 32))
		return -EBADMSG;
	memcpy(m->cfg_hash, hash, 32);
	memcpy(m->parent_digest, h + H_PARENT_DIG, 32);
	memcpy(m->digest, h + H_DIGEST, 32);
	if (!memchr(h + H_DESC, 0, SNAP_DESC_MAX))
		return -EINVAL;
	memcpy(m->desc, h + H_DESC, SNAP_DESC_MAX);
	if (!name_ok(h + H_NAME))
		return -EINVAL;
	memcpy(m->name, h + H_NAME, SNAP_NAME_MAX);
	for (unsigned i = H_RESERVED; i < H_DIGEST; i++) {
		if (h[i])
			return -EINVAL;
	}
	return 0;
}

/* Expected size of a fixed-size section, 0 for the memory sections. */
static uint64_t sect_size(const struct snap_meta *m, uint32_t type)
{
	switch (type) {
	case SNAP_SECT_VCPU:
		return SNAP_VCPU_BYTES;
	case SNAP_SECT_VGIC:
		return snap_vgic_bytes(m->cfg.nvcpus);
	case SNAP_SECT_UART:
		return SNAP_UART_BYTES;
	case SNAP_SECT_MEM_FULL:
		return SNAP_MEM_HDR + m->cfg.ram_size;
	default:
		return 0;
	}
}

static int check_section(const struct snap_meta *m, const struct snap_section *s, uint64_t prev_end,
			 uint32_t *seen_vcpus, unsigned count[8])
{
	uint64_t want;

	if (s->type < SNAP_SECT_VCPU || s->type > SNAP_SECT_VPCI || !IS_ALIGNED(s->off, 8) ||
	    s->off < prev_end || s->size > m->total || s->off > m->total - s->size)
		return -EINVAL;
	want = sect_size(m, s->type);
	if (want && s->size != want)
		return -EINVAL;
	if (s->type == SNAP_SECT_MEM_DELTA &&
	    s->size < SNAP_MEM_HDR + snap_bitmap_bytes(m->cfg.ram_size / SNAP_PAGE_SIZE))
		return -EINVAL;
	/* Its content is checked by snap_vpci_decode; here only its bounds. */
	if (s->type == SNAP_SECT_VPCI &&
	    (s->size < SNAP_VPCI_HDR + (uint64_t)m->cfg.npci * SNAP_VPCI_FN_BYTES ||
	     s->size > SNAP_VPCI_MAX_BYTES || !IS_ALIGNED(s->size, 8)))
		return -EINVAL;
	if (s->type == SNAP_SECT_VCPU) {
		if (s->index >= m->cfg.nvcpus || (*seen_vcpus & BIT(s->index)))
			return -EINVAL;
		*seen_vcpus |= BIT(s->index);
	} else if (s->index) {
		return -EINVAL;
	}
	count[s->type]++;
	return 0;
}

int snap_parse(const uint8_t *buf, size_t n, uint64_t avail, struct snap_meta *m,
	       struct snap_section *tab, unsigned *nsect)
{
	unsigned count[8] = { 0 };
	uint32_t seen = 0;
	uint64_t data_off, end;
	bool incr;
	int rc;

	if (n < SNAP_HDR_SIZE || avail < SNAP_HDR_SIZE)
		return -ENODATA;
	rc = parse_header(buf, avail, m, nsect, &data_off);
	if (rc)
		return rc;
	if (n < data_off)
		return -ENODATA;
	end = data_off;
	for (unsigned i = 0; i < *nsect; i++) {
		const uint8_t *e = buf + SNAP_HDR_SIZE + i * SNAP_SECT_SIZE;

		tab[i] = (struct snap_section){ le32_get(e + S_TYPE), le32_get(e + S_INDEX),
						le64_get(e + S_OFF), le64_get(e + S_SIZE),
						le32_get(e + S_CRC) };
		if (le32_get(e + 28))
			return -EINVAL;
		rc = check_section(m, &tab[i], end, &seen, count);
		if (rc)
			return rc;
		end = tab[i].off + tab[i].size;
	}
	incr = m->flags & SNAP_FLAG_INCR;
	if (ALIGN_UP(end, 8) != m->total || count[SNAP_SECT_VCPU] != m->cfg.nvcpus ||
	    count[SNAP_SECT_VGIC] != 1 || count[SNAP_SECT_UART] > 1 ||
	    count[SNAP_SECT_VPCI] != (m->cfg.npci != 0) || count[SNAP_SECT_MEM_FULL] != !incr ||
	    count[SNAP_SECT_MEM_DELTA] != incr)
		return -EINVAL;
	return 0;
}

static const char *err_what(int rc)
{
	return snap_strerror(rc);
}

/* Stream [data_off, total): CRC32C per section, SHA-256 over all, then the header. */
static int verify_stream(const struct snap_source *src, const struct snap_meta *m,
			 const struct snap_section *tab, unsigned nsect, uint8_t *head,
			 uint64_t data_off)
{
	struct sha256_ctx sha;
	uint32_t crc[SNAP_MAX_SECTIONS] = { 0 };
	uint8_t *chunk = malloc(STREAM_CHUNK), digest[32];
	int rc = 0;

	if (!chunk)
		return -ENOMEM;
	sha256_init(&sha);
	for (uint64_t pos = data_off; pos < m->total && !rc;) {
		size_t n = (size_t)MIN((uint64_t)STREAM_CHUNK, m->total - pos);

		rc = src->read(src->ctx, pos, chunk, n);
		if (rc)
			break;
		sha256_update(&sha, chunk, n);
		for (unsigned i = 0; i < nsect; i++) {
			uint64_t a = MAX(pos, tab[i].off),
				 b = MIN(pos + n, tab[i].off + tab[i].size);

			if (a < b)
				crc[i] = crc32c(crc[i], chunk + (a - pos), (size_t)(b - a));
		}
		pos += n;
	}
	free(chunk);
	if (rc)
		return rc;
	for (unsigned i = 0; i < nsect; i++) {
		if (crc[i] != tab[i].crc) {
			log_err("snapshot %llu: section %u (%s) at %#llx: CRC32C %08x, table says "
				"%08x",
				(unsigned long long)m->id, i, snap_sect_name(tab[i].type),
				(unsigned long long)tab[i].off, crc[i], tab[i].crc);
			return -EBADMSG;
		}
	}
	memset(head + H_DIGEST, 0, 32);
	sha256_update(&sha, head, data_off);
	sha256_final(&sha, digest);
	if (memcmp(digest, m->digest, 32)) {
		log_err("snapshot %llu: SHA-256 over the image does not match its header",
			(unsigned long long)m->id);
		return -EBADMSG;
	}
	return 0;
}

int snap_verify(const struct snap_source *src, struct snap_meta *m, struct snap_section *tab,
		unsigned *nsect)
{
	uint8_t head[SNAP_HDR_SIZE + SNAP_MAX_SECTIONS * SNAP_SECT_SIZE];
	size_t n = (size_t)MIN(src->size, (uint64_t)sizeof(head));
	int rc;

	if (n < SNAP_HDR_SIZE) {
		log_err("snapshot: image of %llu bytes is shorter than its header: %s",
			(unsigned long long)src->size, err_what(-ENODATA));
		return -ENODATA;
	}
	rc = src->read(src->ctx, 0, head, n);
	if (rc)
		return rc;
	rc = snap_parse(head, n, src->size, m, tab, nsect);
	if (rc) {
		log_err("snapshot: header/section table refused: %s (%d)", err_what(rc), rc);
		return rc;
	}
	return verify_stream(src, m, tab, *nsect, head, le32_get(head + H_DATA_OFF));
}

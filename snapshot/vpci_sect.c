// SPDX-License-Identifier: MIT
/*
 * The vpci snapshot section (docs/snapshot.md, format version 2): the
 * guest-visible state of the VM's virtual PCI host bridge. Header: function
 * count (4), host bridge config bytes (4: always 0, the bridge emulates no
 * host bridge function, hv/vpci.c), reserved (8). Per assigned function,
 * SNAP_VPCI_FN_BYTES:
 *	0  virtual device, kind, guest command (u16)
 *	4  physical vendor, device (u16 each)
 *	8  physical segment (u16), bus, devfn
 *	12 interrupt line, cache line size, latency timer, 0
 *	16 BAR kinds (6 bytes), 0 (2)
 *	24 guest BAR addresses (6 x u64)
 *	72 BAR sizes (6 x u64)
 *	120 blob length (u32), 0 (u32)
 * then the blob (kind SNAP_PCI_HANDLER), zero padded to 8 bytes.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/snapshot.h>

#define F_BAR_KIND 16
#define F_BAR	   24
#define F_BAR_SIZE 72
#define F_BLOB_LEN 120

static size_t fn_bytes(const struct snap_vpci_fn *f)
{
	return SNAP_VPCI_FN_BYTES + ALIGN_UP((size_t)f->blob_len, (size_t)8);
}

size_t snap_vpci_bytes(const struct snap_vpci *v)
{
	size_t n = SNAP_VPCI_HDR;

	for (unsigned i = 0; i < v->nfn && i < SNAP_MAX_PCI; i++)
		n += fn_bytes(&v->fn[i]);
	return n;
}

static void fn_encode(const struct snap_vpci_fn *f, uint8_t *p)
{
	memset(p, 0, fn_bytes(f));
	p[0] = f->vdev;
	p[1] = f->kind;
	le16_put(p + 2, f->cmd);
	le16_put(p + 4, f->vendor);
	le16_put(p + 6, f->device);
	le16_put(p + 8, f->seg);
	p[10] = f->bus;
	p[11] = f->devfn;
	p[12] = f->int_line;
	p[13] = f->cache_line;
	p[14] = f->latency;
	for (unsigned i = 0; i < SNAP_VPCI_BARS; i++) {
		p[F_BAR_KIND + i] = f->bar_kind[i];
		le64_put(p + F_BAR + 8 * i, f->bar[i]);
		le64_put(p + F_BAR_SIZE + 8 * i, f->bar_size[i]);
	}
	le32_put(p + F_BLOB_LEN, f->blob_len);
	memcpy(p + SNAP_VPCI_FN_BYTES, f->blob, MIN(f->blob_len, (uint32_t)SNAP_VPCI_BLOB_MAX));
}

void snap_vpci_encode(const struct snap_vpci *v, uint8_t *p)
{
	memset(p, 0, SNAP_VPCI_HDR);
	le32_put(p, v->nfn);
	p += SNAP_VPCI_HDR;
	for (unsigned i = 0; i < v->nfn && i < SNAP_MAX_PCI; i++) {
		fn_encode(&v->fn[i], p);
		p += fn_bytes(&v->fn[i]);
	}
}

static bool zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return false;
	}
	return true;
}

/* BARs as the bridge can hold them: a HI half follows a MEM64, sizes are powers of two. */
static int bars_check(const struct snap_vpci_fn *f)
{
	for (unsigned i = 0; i < SNAP_VPCI_BARS; i++) {
		uint64_t sz = f->bar_size[i];

		if (f->bar_kind[i] > SNAP_BAR_HI)
			return -EINVAL;
		if (f->bar_kind[i] == SNAP_BAR_NONE || f->bar_kind[i] == SNAP_BAR_HI) {
			if (f->bar[i] || sz)
				return -EINVAL;
			if (f->bar_kind[i] == SNAP_BAR_HI &&
			    (!i || f->bar_kind[i - 1] != SNAP_BAR_MEM64))
				return -EINVAL;
			continue;
		}
		if (!sz || (sz & (sz - 1)) || (f->bar[i] & (sz - 1)))
			return -EINVAL;
		/* Below 4 GiB; bar + sz could wrap past 2^64, so compare against 4 GiB - sz. */
		if (f->bar_kind[i] == SNAP_BAR_MEM32 &&
		    (sz > BIT_ULL(32) || f->bar[i] > BIT_ULL(32) - sz))
			return -EINVAL;
		if (f->bar_kind[i] == SNAP_BAR_MEM64 &&
		    (i + 1 == SNAP_VPCI_BARS || f->bar_kind[i + 1] != SNAP_BAR_HI))
			return -EINVAL;
	}
	return 0;
}

static int fn_decode(const uint8_t *p, size_t left, struct snap_vpci_fn *f, size_t *used)
{
	if (left < SNAP_VPCI_FN_BYTES)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->vdev = p[0];
	f->kind = p[1];
	f->cmd = le16_get(p + 2);
	f->vendor = le16_get(p + 4);
	f->device = le16_get(p + 6);
	f->seg = le16_get(p + 8);
	f->bus = p[10];
	f->devfn = p[11];
	f->int_line = p[12];
	f->cache_line = p[13];
	f->latency = p[14];
	for (unsigned i = 0; i < SNAP_VPCI_BARS; i++) {
		f->bar_kind[i] = p[F_BAR_KIND + i];
		f->bar[i] = le64_get(p + F_BAR + 8 * i);
		f->bar_size[i] = le64_get(p + F_BAR_SIZE + 8 * i);
	}
	f->blob_len = le32_get(p + F_BLOB_LEN);
	if (p[15] || !zero(p + F_BAR_KIND + SNAP_VPCI_BARS, 2) || le32_get(p + F_BLOB_LEN + 4))
		return -EINVAL;
	if (f->vdev > 31 || (f->cmd & ~SNAP_VPCI_CMD_MASK) || bars_check(f))
		return -EINVAL;
	if (f->kind != SNAP_PCI_IDLE && f->kind != SNAP_PCI_HANDLER)
		return -EINVAL; /* an unknown kind */
	if (f->blob_len > SNAP_VPCI_BLOB_MAX || (f->kind == SNAP_PCI_IDLE && f->blob_len))
		return -EINVAL;
	*used = fn_bytes(f);
	if (*used > left ||
	    !zero(p + SNAP_VPCI_FN_BYTES + f->blob_len, *used - SNAP_VPCI_FN_BYTES - f->blob_len))
		return -EINVAL;
	memcpy(f->blob, p + SNAP_VPCI_FN_BYTES, f->blob_len);
	return 0;
}

int snap_vpci_decode(const uint8_t *p, size_t n, struct snap_vpci *v)
{
	uint32_t seen = 0;
	size_t off = SNAP_VPCI_HDR;

	memset(v, 0, sizeof(*v));
	if (n < SNAP_VPCI_HDR || n > SNAP_VPCI_MAX_BYTES)
		return -EINVAL;
	v->nfn = le32_get(p);
	if (!v->nfn || v->nfn > SNAP_MAX_PCI || le32_get(p + 4) || le64_get(p + 8))
		return -EINVAL;
	for (unsigned i = 0; i < v->nfn; i++) {
		size_t used;
		int rc = fn_decode(p + off, n - off, &v->fn[i], &used);

		if (!rc && (seen & BIT(v->fn[i].vdev)))
			rc = -EINVAL; /* two functions at one virtual address */
		if (rc) {
			log_err("snapshot: vpci section: function %u malformed", i);
			return rc;
		}
		seen |= BIT(v->fn[i].vdev);
		off += used;
	}
	if (off != n) {
		log_err("snapshot: vpci section: %zu bytes after its %u functions", n - off,
			v->nfn);
		return -EINVAL;
	}
	return 0;
}

int snap_vpci_match_config(const struct snap_vpci *v, const struct snap_config *c)
{
	if (v->nfn != c->npci)
		return -EINVAL;
	for (unsigned i = 0; i < v->nfn; i++) {
		if (((uint32_t)v->fn[i].vendor << 16 | v->fn[i].device) != c->pci_id[i]) {
			log_err("snapshot: vpci function %u (%04x:%04x) is not the configuration's "
				"%08x",
				i, v->fn[i].vendor, v->fn[i].device, c->pci_id[i]);
			return -EINVAL;
		}
	}
	return 0;
}

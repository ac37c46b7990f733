// SPDX-License-Identifier: MIT
/*
 * The fake function: MSI 0x40 -> PM 0x50 -> vendor 0x60 -> PCIe 0x70 ->
 * MSI-X 0xb0, multi-function header, INTA, memory decode on (the host's
 * assignment). BAR0 32-bit 1 MiB, BAR2/3 64-bit prefetchable 16 KiB,
 * BAR4 256 bytes (too small to pass).
 */
#include <string.h>
#include "vpci_test.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t fake_read(void *ctx, uint16_t off, unsigned width)
{
	const struct fake_fn *f = ctx;
	uint32_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)f->cfg[off + i] << (8 * i);
	return v;
}

static void fake_write(void *ctx, uint16_t off, unsigned width, uint32_t val)
{
	struct fake_fn *f = ctx;

	for (unsigned i = 0; i < width; i++)
		f->cfg[off + i] = (uint8_t)(val >> (8 * i));
}

static const struct vpci_fn_ops fake_ops = { fake_read, fake_write };

uint16_t fake_cfg16(const struct fake_fn *f, uint16_t off)
{
	return (uint16_t)(f->cfg[off] | f->cfg[off + 1] << 8);
}

static void cap(struct fake_fn *f, uint8_t off, uint8_t id, uint8_t next)
{
	f->cfg[off] = id;
	f->cfg[off + 1] = next;
}

void fake_fn_init(struct fake_fn *f)
{
	memset(f, 0, sizeof(*f));
	put16(f->cfg + PCI_VENDOR_ID, FAKE_VENDOR);
	put16(f->cfg + PCI_DEVICE_ID, FAKE_DEVICE);
	put16(f->cfg + PCI_COMMAND, PCI_CMD_MEM);
	put16(f->cfg + PCI_STATUS, FAKE_STATUS);
	put32(f->cfg + PCI_CLASS_REV, FAKE_CLASS_REV);
	f->cfg[PCI_HEADER_TYPE] = PCI_HDR_MULTIFUNC;
	f->cfg[PCI_CAP_PTR] = 0x40;
	f->cfg[PCI_INT_LINE + 1] = 1;
	put32(f->cfg + 0x100, 0x00010001); /* AER: the guest must not see it */
	cap(f, 0x40, PCI_CAP_ID_MSI, 0x50);
	cap(f, 0x50, PCI_CAP_ID_PM, 0x60);
	cap(f, 0x60, PCI_CAP_ID_VNDR, 0x70);
	cap(f, 0x70, PCI_CAP_ID_EXP, 0xb0);
	put16(f->cfg + 0x72, 0x0002);
	cap(f, 0xb0, PCI_CAP_ID_MSIX, 0);
	f->desc.ops = &fake_ops;
	f->desc.ctx = f;
	f->desc.bar[0].size = FAKE_BAR0_SIZE;
	f->desc.bar[0].hpa = FAKE_BAR0_HPA;
	f->desc.bar[2].size = FAKE_BAR2_SIZE;
	f->desc.bar[2].hpa = FAKE_BAR2_HPA;
	f->desc.bar[2].mem64 = true;
	f->desc.bar[2].prefetch = true;
	f->desc.bar[4].size = 256;
	f->desc.bar[4].hpa = 0x80100000;
}

static int s2_map(void *ctx, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	struct fake_s2 *s = ctx;
	int rc = s->fail_map;

	s->fail_map = 0;
	if (rc)
		return rc;
	if (s->nlive == FAKE_S2_MAX || fake_s2_find(s, gpa))
		return -EEXIST;
	s->live[s->nlive++] = (struct fake_s2_map){ gpa, hpa, size };
	s->maps++;
	return 0;
}

static int s2_unmap(void *ctx, uint64_t gpa, uint64_t size)
{
	struct fake_s2 *s = ctx;

	for (unsigned i = 0; i < s->nlive; i++) {
		if (s->live[i].gpa == gpa && s->live[i].size == size) {
			s->live[i] = s->live[--s->nlive];
			s->unmaps++;
			return 0;
		}
	}
	return -ENOENT;
}

const struct vpci_map_ops fake_s2_ops = { s2_map, s2_unmap };

const struct fake_s2_map *fake_s2_find(const struct fake_s2 *s, uint64_t gpa)
{
	for (unsigned i = 0; i < s->nlive; i++) {
		if (s->live[i].gpa == gpa)
			return &s->live[i];
	}
	return NULL;
}

static uint64_t ecam_off(unsigned dev, unsigned func, uint16_t reg)
{
	return (uint64_t)dev << 15 | (uint64_t)func << 12 | reg;
}

uint32_t cfg_rd(struct vpci *b, unsigned dev, unsigned func, uint16_t reg, unsigned size)
{
	uint64_t v = 0;

	if (vpci_ecam_read(b, ecam_off(dev, func, reg), size, &v))
		return 0xdeadbeef;
	return (uint32_t)v;
}

void cfg_wr(struct vpci *b, unsigned dev, unsigned func, uint16_t reg, unsigned size, uint32_t val)
{
	vpci_ecam_write(b, ecam_off(dev, func, reg), size, val);
}

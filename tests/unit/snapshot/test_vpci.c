// SPDX-License-Identifier: MIT
/*
 * Assigned PCI functions in snapshots (format version 2, docs/snapshot.md):
 * the vpci section through writer and reader, every way it can be refused
 * (sizes, counts, unknown kinds, command bits, BAR layouts, a configuration
 * that does not match), the snapshot-safe policy (a) idle, (b) handler,
 * (c) refused on a fake function, DMA quiesce (Bus Master Enable, PCIe 6.0
 * 7.5.3.5 Transactions Pending), the edu handler on a fake edu, and the
 * virtual bridge's shadow saved and loaded back (hv/vpci_snap.c).
 * SNAP_SEED_DIR=<dir> also writes the fuzz seeds there (full, delta, truncated, vpci).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/pci_regs.h>
#include <vmplat/timer.h>
#include "snap_test.h"
#include "../../../hv/vpci.h"

extern const struct CMUnitTest vpci_tests[];
extern const size_t vpci_ntests;

/* ---- a fake clock: every read advances 1 ms ---- */
static uint64_t fake_ns;

uint64_t timestamp_ns(void)
{
	return fake_ns += 1000000;
}

void udelay(uint64_t us)
{
	fake_ns += us * 1000;
}

/* ---- a fake function: config space with a PCIe capability at 0x40, an edu in BAR 0 ---- */
struct fake_fn {
	uint8_t cfg[256];
	unsigned tp_reads; /* Transactions Pending reads set before it clears; ~0: stuck */
	uint32_t fact, status, irq, live;
	uint64_t dma[4];
	unsigned busy_reads; /* status/cmd reads still busy */
};

static uint32_t ff_cfg_read(void *ctx, uint16_t off, unsigned width)
{
	struct fake_fn *f = ctx;
	uint32_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)f->cfg[off + i] << (8 * i);
	if (off == 0x40 + PCI_EXP_DEVSTA && f->tp_reads) {
		v |= PCI_EXP_DEVSTA_TRPND;
		if (f->tp_reads != ~0u)
			f->tp_reads--;
	}
	return v;
}

static void ff_cfg_write(void *ctx, uint16_t off, unsigned width, uint32_t val)
{
	struct fake_fn *f = ctx;

	for (unsigned i = 0; i < width; i++)
		f->cfg[off + i] = (uint8_t)(val >> (8 * i));
}

static uint32_t fact32(uint32_t n)
{
	uint32_t r = 1;

	while (n > 0)
		r *= n--;
	return r;
}

static uint64_t ff_bar_read(void *ctx, uint32_t off, unsigned width)
{
	struct fake_fn *f = ctx;
	bool busy = f->busy_reads > 0;

	(void)width;
	switch (off) {
	case 0x04:
		return f->live;
	case 0x08:
		return f->fact;
	case 0x20:
		if (busy)
			f->busy_reads--;
		return f->status | busy;
	case 0x24:
		return f->irq;
	case 0x80:
	case 0x88:
	case 0x90:
		return f->dma[(off - 0x80) / 8];
	case 0x98:
		return f->dma[3] | busy;
	default:
		return ~0ULL;
	}
}

static void ff_bar_write(void *ctx, uint32_t off, unsigned width, uint64_t val)
{
	struct fake_fn *f = ctx;

	(void)width;
	if (off == 0x04)
		f->live = ~(uint32_t)val;
	else if (off == 0x08) {
		f->fact = fact32((uint32_t)val);
		f->busy_reads = 3;
	} else if (off == 0x20)
		f->status = (uint32_t)val & 0x80;
	else if (off == 0x60)
		f->irq |= (uint32_t)val;
	else if (off == 0x64)
		f->irq &= ~(uint32_t)val;
	else if (off >= 0x80 && off < 0x98)
		f->dma[(off - 0x80) / 8] = val;
}

static const struct snap_pci_ops ff_ops = { ff_cfg_read, ff_cfg_write, ff_bar_read, ff_bar_write };

static void fake_init(struct fake_fn *f, struct snap_pci_dev *d, uint16_t vendor, uint16_t device,
		      uint16_t guest_cmd)
{
	memset(f, 0, sizeof(*f));
	ff_cfg_write(f, PCI_VENDOR_ID, 4, (uint32_t)device << 16 | vendor);
	ff_cfg_write(f, PCI_COMMAND, 2, guest_cmd | PCI_CMD_MEM);
	ff_cfg_write(f, PCI_STATUS, 2, PCI_STATUS_CAP_LIST);
	ff_cfg_write(f, PCI_CAP_PTR, 1, 0x40);
	ff_cfg_write(f, 0x40, 2, PCI_CAP_ID_EXP); /* last in the list */
	*d = (struct snap_pci_dev){ "0000:01:00.0", vendor, device, guest_cmd, &ff_ops, f };
}

/* ---- the section ---- */
static void sample(struct snap_vpci *v)
{
	memset(v, 0, sizeof(*v));
	v->nfn = 2;
	v->fn[0] = (struct snap_vpci_fn){ .vdev = 0,
					  .kind = SNAP_PCI_HANDLER,
					  .cmd = 0x6,
					  .vendor = 0x1234,
					  .device = 0x11e8,
					  .bus = 1,
					  .int_line = 35,
					  .cache_line = 16,
					  .latency = 0 };
	v->fn[0].bar_kind[0] = SNAP_BAR_MEM32;
	v->fn[0].bar[0] = 0x10000000;
	v->fn[0].bar_size[0] = 1 << 20;
	v->fn[0].blob_len = 13; /* padded to 16 in the image */
	memcpy(v->fn[0].blob, "edu registers", 13);
	v->fn[1] = (struct snap_vpci_fn){
		.vdev = 1, .kind = SNAP_PCI_IDLE, .vendor = 0x1b36, .device = 0x0010, .bus = 2
	};
	v->fn[1].bar_kind[0] = SNAP_BAR_MEM64;
	v->fn[1].bar_kind[1] = SNAP_BAR_HI;
	v->fn[1].bar[0] = 0x100000000ULL;
	v->fn[1].bar_size[0] = 16384;
}

static struct snap_section tab[SNAP_MAX_SECTIONS];

static int image_vpci(struct membuf *mb, const struct snap_vpci *v, struct snap_meta *m,
		      unsigned *n)
{
	static uint8_t ram[TEST_RAM];
	struct snap_sink sink;
	struct snap_source src;
	int rc;

	memset(mb, 0, sizeof(*mb));
	membuf_sink(mb, &sink);
	test_ram_fill(ram, 5);
	rc = test_write_image_vpci(&sink, 11, 0, ram, NULL, v, m);
	if (rc)
		return rc;
	membuf_source(mb, &src);
	return snap_verify(&src, m, tab, n);
}

static const struct snap_section *vpci_sect(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (tab[i].type == SNAP_SECT_VPCI)
			return &tab[i];
	}
	return NULL;
}

static void test_vpci_section_round_trip(void **state)
{
	static struct snap_vpci v, back;
	struct snap_config cfg;
	struct membuf mb;
	struct snap_meta m;
	const struct snap_section *s;
	unsigned n;

	(void)state;
	sample(&v);
	assert_int_equal(image_vpci(&mb, &v, &m, &n), 0);
	assert_int_equal(m.version, 2);
	assert_int_equal(m.cfg.npci, 2);
	assert_int_equal(m.cfg.pci_id[1], 0x1b360010);
	s = vpci_sect(n);
	assert_non_null(s);
	assert_int_equal(s->size, SNAP_VPCI_HDR + 2 * SNAP_VPCI_FN_BYTES + 16);
	assert_int_equal(snap_vpci_decode(mb.data + s->off, s->size, &back), 0);
	assert_memory_equal(&back, &v, sizeof(v));
	assert_int_equal(snap_vpci_match_config(&back, &m.cfg), 0);
	test_config_vpci(&cfg, &v);
	assert_int_equal(snap_check_config(&m, &cfg), 0);
	/* Another device behind the bridge: a different VM configuration. */
	cfg.pci_id[1] = 0x1af41001;
	assert_int_equal(snap_check_config(&m, &cfg), -EXDEV);
	test_config(&cfg); /* no bridge at all */
	assert_int_equal(snap_check_config(&m, &cfg), -EXDEV);
	free(mb.data);
}

/* Each change to an encoded section is refused by the decoder. */
static void test_vpci_section_refusals(void **state)
{
	static struct snap_vpci v, back;
	static uint8_t buf[SNAP_VPCI_MAX_BYTES], bad[SNAP_VPCI_MAX_BYTES];
	const size_t f1 = SNAP_VPCI_HDR + SNAP_VPCI_FN_BYTES + 16; /* second function */
	struct snap_config cfg;
	size_t n;
	static const struct {
		size_t off;
		uint8_t val;
	} flips[] = {
		{ 0, 0 },			     /* no functions */
		{ 0, SNAP_MAX_PCI + 1 },	     /* too many */
		{ 4, 1 },			     /* host bridge config bytes */
		{ 12, 1 },			     /* reserved */
		{ SNAP_VPCI_HDR + 0, 32 },	     /* virtual device past 31 */
		{ SNAP_VPCI_HDR + 1, 3 },	     /* unknown kind */
		{ SNAP_VPCI_HDR + 1, 0 },	     /* kind 0 */
		{ SNAP_VPCI_HDR + 2, 0x07 },	     /* I/O space: not a bit the bridge keeps */
		{ SNAP_VPCI_HDR + 15, 1 },	     /* reserved */
		{ SNAP_VPCI_HDR + 16, 4 },	     /* unknown BAR kind */
		{ SNAP_VPCI_HDR + 17, SNAP_BAR_HI }, /* HI after a MEM32 */
		{ SNAP_VPCI_HDR + 24, 0x10 },	     /* BAR not aligned to its size */
		{ SNAP_VPCI_HDR + 72 + 2, 0x30 },    /* BAR size not a power of two */
		{ SNAP_VPCI_HDR + 121, 2 },	     /* blob longer than the maximum */
		{ SNAP_VPCI_HDR + 124, 1 },	     /* reserved */
		{ SNAP_VPCI_HDR + SNAP_VPCI_FN_BYTES + 14, 1 }, /* blob padding not zero */
		{ f1 + 0, 0 },					/* two functions at device 0 */
		{ f1 + 1, SNAP_PCI_HANDLER },			/* ok kind, but then... */
		{ f1 + 120, 8 },				/* an idle function with a blob */
		{ f1 + 17, SNAP_BAR_MEM32 },			/* a MEM64 without its upper half */
	};

	(void)state;
	sample(&v);
	n = snap_vpci_bytes(&v);
	snap_vpci_encode(&v, buf);
	assert_int_equal(snap_vpci_decode(buf, n, &back), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(flips); i++) {
		int rc;

		memcpy(bad, buf, n);
		bad[flips[i].off] = flips[i].val;
		rc = snap_vpci_decode(bad, n, &back);
		if (flips[i].off == f1 + 1) {
			assert_int_equal(rc,
					 0); /* a handler kind with an empty blob is well formed */
			continue;
		}
		if (rc != -EINVAL)
			fail_msg("change %u (byte %zu = %#x) accepted", i, flips[i].off,
				 flips[i].val);
	}
	/* Sizes: short, trailing bytes, more than any section can hold. */
	assert_int_equal(snap_vpci_decode(buf, n - 8, &back), -EINVAL);
	assert_int_equal(snap_vpci_decode(buf, n + 8, &back), -EINVAL);
	assert_int_equal(snap_vpci_decode(buf, SNAP_VPCI_HDR - 1, &back), -EINVAL);
	assert_int_equal(snap_vpci_decode(buf, SNAP_VPCI_MAX_BYTES + 8, &back), -EINVAL);
	/* The section's functions against the image's configuration. */
	assert_int_equal(snap_vpci_decode(buf, n, &back), 0);
	test_config_vpci(&cfg, &v);
	assert_int_equal(snap_vpci_match_config(&back, &cfg), 0);
	cfg.pci_id[0] = 0x12341111;
	assert_int_equal(snap_vpci_match_config(&back, &cfg), -EINVAL);
	cfg.npci = 1;
	assert_int_equal(snap_vpci_match_config(&back, &cfg), -EINVAL);
}

/* The reader's structure rules for section 6 and the configuration's PCI ids. */
static void test_reader_vpci_structure(void **state)
{
	static struct snap_vpci v;
	struct membuf mb;
	struct snap_meta m;
	unsigned n;
	struct snap_writer *w = malloc(sizeof(*w));
	struct snap_sink sink;
	struct snap_source src;
	struct snap_meta wm = { .arch = SNAP_ARCH_AARCH64, .id = 4 };
	static uint8_t ram[TEST_RAM];

	(void)state;
	sample(&v);
	/* A configuration with PCI ids but no host bridge device kind. */
	assert_int_equal(image_vpci(&mb, &v, &m, &n), 0);
	mb.data[64 + 20] = 3; /* ndevs 4 -> 3: the bridge's kind gone, npci still 2 */
	assert_int_equal(snap_parse(mb.data, mb.size, mb.size, &m, tab, &n), -EINVAL);
	free(mb.data);
	/* npci past the maximum. */
	assert_int_equal(image_vpci(&mb, &v, &m, &n), 0);
	mb.data[64 + 56] = SNAP_MAX_PCI + 1;
	assert_int_equal(snap_parse(mb.data, mb.size, mb.size, &m, tab, &n), -EINVAL);
	free(mb.data);
	/* A configuration with a bridge but no vpci section. */
	memset(&mb, 0, sizeof(mb));
	membuf_sink(&mb, &sink);
	test_config_vpci(&wm.cfg, &v);
	assert_int_equal(test_write_image(&sink, 4, 0, ram, NULL, &m), 0);
	free(mb.data);
	memset(&mb, 0, sizeof(mb));
	assert_int_equal(snap_writer_begin(w, &wm, 2, &sink), 0);
	assert_int_equal(snap_writer_section(w, SNAP_SECT_VGIC, 0), 0);
	assert_int_equal(snap_writer_data(w, ram, snap_vgic_bytes(2)), 0);
	assert_int_equal(snap_writer_finish(w, &m), 0);
	membuf_source(&mb, &src);
	assert_int_equal(snap_verify(&src, &m, tab, &n), -EINVAL);
	free(mb.data);
	free(w);
}

/* ---- policy and quiesce ---- */
static void test_policy_idle_handler_refused(void **state)
{
	struct fake_fn f;
	struct snap_pci_dev d;
	const struct snap_pci_handler *h;

	(void)state;
	/* (a) untouched by the guest, with or without a handler. */
	fake_init(&f, &d, 0x1b36, 0x0010, 0);
	assert_int_equal(snap_pci_classify(&d, &h), SNAP_PCI_IDLE);
	d.guest_cmd = PCI_CMD_INTX_OFF; /* not an enable */
	assert_int_equal(snap_pci_classify(&d, &h), SNAP_PCI_IDLE);
	fake_init(&f, &d, 0x1234, 0x11e8, 0);
	assert_int_equal(snap_pci_classify(&d, &h), SNAP_PCI_IDLE);
	/* (b) enabled, a handler for its ids. */
	d.guest_cmd = PCI_CMD_MEM | PCI_CMD_MASTER;
	assert_int_equal(snap_pci_classify(&d, &h), SNAP_PCI_HANDLER);
	assert_ptr_equal(h, &snap_pci_edu);
	/* (c) enabled (any of I/O, memory, bus master), no handler: refused, named. */
	for (uint16_t bit = PCI_CMD_IO; bit <= PCI_CMD_MASTER; bit <<= 1) {
		fake_init(&f, &d, 0x1b36, 0x0010, bit);
		env_last_err[0] = 0;
		assert_int_equal(snap_pci_classify(&d, &h), -EPERM);
		assert_non_null(strstr(env_last_err, "0000:01:00.0 (1b36:0010)"));
		assert_non_null(strstr(env_last_err, "not snapshot-safe"));
	}
}

static void test_quiesce_clears_bus_master_and_waits(void **state)
{
	struct fake_fn f;
	struct snap_pci_dev d;
	uint16_t cmd;

	(void)state;
	fake_init(&f, &d, 0x1b36, 0x0010, PCI_CMD_MASTER);
	f.tp_reads = 5;
	assert_int_equal(snap_pci_quiesce(&d, NULL, &cmd), 0);
	assert_int_equal(cmd, PCI_CMD_MASTER | PCI_CMD_MEM);
	assert_int_equal(ff_cfg_read(&f, PCI_COMMAND, 2), PCI_CMD_MEM); /* bus master off */
	assert_int_equal(f.tp_reads, 0);
	snap_pci_unquiesce(&d, cmd);
	assert_int_equal(ff_cfg_read(&f, PCI_COMMAND, 2), PCI_CMD_MASTER | PCI_CMD_MEM);
	/* Transactions Pending never clears: -EBUSY after the bound, command put back. */
	f.tp_reads = ~0u;
	fake_ns = 0;
	env_last_err[0] = 0;
	assert_int_equal(snap_pci_quiesce(&d, NULL, &cmd), -EBUSY);
	assert_true(fake_ns >= SNAP_PCI_TP_TIMEOUT_NS);
	assert_non_null(strstr(env_last_err, "Transactions Pending"));
	assert_int_equal(ff_cfg_read(&f, PCI_COMMAND, 2), PCI_CMD_MASTER | PCI_CMD_MEM);
	/* Conventional PCI (no capability list): nothing to wait for. */
	f.cfg[PCI_STATUS] = 0;
	assert_int_equal(snap_pci_quiesce(&d, NULL, &cmd), 0);
}

/* ---- the edu handler ---- */
static void test_edu_save_restore(void **state)
{
	struct fake_fn a, b;
	struct snap_pci_dev da, db;
	uint8_t blob[SNAP_VPCI_BLOB_MAX];
	uint32_t len = 0;
	uint16_t cmd;

	(void)state;
	fake_init(&a, &da, 0x1234, 0x11e8, PCI_CMD_MEM | PCI_CMD_MASTER);
	ff_bar_write(&a, 0x08, 4, 7); /* 7! = 5040, computing for 3 status reads */
	ff_bar_write(&a, 0x04, 4, 0x12345678);
	ff_bar_write(&a, 0x20, 4, 0x80);
	ff_bar_write(&a, 0x60, 4, 0x100);
	ff_bar_write(&a, 0x80, 8, 0x40000);
	ff_bar_write(&a, 0x88, 8, 0x40001000);
	ff_bar_write(&a, 0x90, 8, 64);
	a.dma[3] = 0x2; /* a transfer to RAM ran before */
	assert_int_equal(snap_pci_quiesce(&da, &snap_pci_edu, &cmd), 0);
	assert_int_equal(a.busy_reads, 0); /* waited for the computation */
	assert_int_equal(snap_pci_edu.save(&da, blob, &len), 0);
	assert_int_equal(len, 48);
	assert_int_equal(le32_get(blob), 5040);
	/* Another device state (as after a reset and a guest that went on). */
	fake_init(&b, &db, 0x1234, 0x11e8, PCI_CMD_MEM | PCI_CMD_MASTER);
	ff_bar_write(&b, 0x08, 4, 3);
	b.busy_reads = 0;
	b.irq = 0x1;
	assert_int_equal(snap_pci_edu.restore(&db, blob, len), 0);
	assert_int_equal(b.fact, 5040);
	assert_int_equal(b.live, ~0x12345678u);
	assert_int_equal(b.status, 0x80);
	assert_int_equal(b.irq, 0x100);
	assert_int_equal(b.dma[0], 0x40000);
	assert_int_equal(b.dma[1], 0x40001000);
	assert_int_equal(b.dma[2], 64);
	/* Results that wrap and 0 (n >= 34) are reachable; others are no factorial. */
	le32_put(blob, fact32(20));
	assert_int_equal(snap_pci_edu.restore(&db, blob, len), 0);
	assert_int_equal(b.fact, fact32(20));
	le32_put(blob, 0);
	assert_int_equal(snap_pci_edu.restore(&db, blob, len), 0);
	assert_int_equal(b.fact, 0);
	le32_put(blob, 5041);
	assert_int_equal(snap_pci_edu.restore(&db, blob, len), -EINVAL);
	assert_int_equal(snap_pci_edu.restore(&db, blob, 47), -EINVAL);
	/* A computation that never ends: bounded. */
	b.busy_reads = ~0u;
	fake_ns = 0;
	assert_int_equal(snap_pci_edu.quiesce(&db), -ETIMEDOUT);
}

/* ---- the virtual bridge's shadow (hv/vpci_snap.c) ---- */
struct maplog {
	unsigned maps, unmaps;
	uint64_t gpa;
	paddr_t hpa;
};

static int ml_map(void *ctx, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	struct maplog *l = ctx;

	(void)size;
	l->maps++;
	l->gpa = gpa;
	l->hpa = hpa;
	return 0;
}

static int ml_unmap(void *ctx, uint64_t gpa, uint64_t size)
{
	struct maplog *l = ctx;

	(void)gpa;
	(void)size;
	l->unmaps++;
	return 0;
}

static const struct vpci_map_ops ml_ops = { ml_map, ml_unmap };

static uint32_t vf_read(void *ctx, uint16_t off, unsigned width)
{
	return ff_cfg_read(ctx, off, width);
}

static void vf_write(void *ctx, uint16_t off, unsigned width, uint32_t val)
{
	ff_cfg_write(ctx, off, width, val);
}

static const struct vpci_fn_ops vf_ops = { vf_read, vf_write };

static void bridge(struct vpci *b, struct maplog *l, struct fake_fn *f)
{
	struct vpci_fn_desc d = { .ops = &vf_ops, .ctx = f };

	d.bar[0].size = 1 << 20;
	d.bar[0].hpa = 0x10000000;
	d.bar[2].mem64 = true;
	d.bar[2].size = 16384;
	d.bar[2].hpa = 0x8000000000ULL;
	memset(l, 0, sizeof(*l));
	vpci_init(b, VPCI_GUEST_MMIO_BASE, VPCI_GUEST_MMIO_SIZE, &ml_ops, l);
	assert_int_equal(vpci_add_fn(b, 0, &d), 0);
}

static void test_bridge_shadow_save_load(void **state)
{
	static struct vpci a, b;
	struct fake_fn fa, fb;
	struct snap_pci_dev d;
	struct maplog la, lb;
	struct snap_vpci_fn r;
	struct vpci_fn *f;

	(void)state;
	fake_init(&fa, &d, 0x1234, 0x11e8, 0);
	fa.cfg[PCI_COMMAND] = 0;
	fb = fa;
	bridge(&a, &la, &fa);
	/* The guest places its BARs, sets its interrupt line and turns on decode + DMA. */
	vpci_ecam_write(&a, PCI_BAR0, 4, 0x10100000);
	vpci_ecam_write(&a, PCI_BAR0 + 8, 4, 0x10200000);
	vpci_ecam_write(&a, PCI_BAR0 + 12, 4, 0);
	vpci_ecam_write(&a, PCI_INT_LINE, 1, 36);
	vpci_ecam_write(&a, 0x0c, 1, 16);
	vpci_ecam_write(&a, PCI_COMMAND, 2, PCI_CMD_MEM | PCI_CMD_MASTER);
	assert_int_equal(la.maps, 2);
	memset(&r, 0, sizeof(r));
	vpci_fn_snap_save(vpci_fn_by_dev(&a, 0), &r);
	assert_int_equal(r.cmd, PCI_CMD_MEM | PCI_CMD_MASTER);
	assert_int_equal(r.bar[0], 0x10100000);
	assert_int_equal(r.bar[2], 0x10200000);
	assert_int_equal(r.bar_kind[3], SNAP_BAR_HI);
	/* A fresh bridge over a reset function: loading gives the guest the same config. */
	bridge(&b, &lb, &fb);
	f = vpci_fn_by_dev(&b, 0);
	assert_int_equal(vpci_fn_snap_load(&b, f, &r), 0);
	for (uint16_t reg = 0; reg < 0x40; reg += 4) {
		uint64_t va, vb;

		vpci_ecam_read(&a, reg, 4, &va);
		vpci_ecam_read(&b, reg, 4, &vb);
		if (va != vb)
			fail_msg("config dword %#x: saved %#llx, restored %#llx", reg,
				 (unsigned long long)va, (unsigned long long)vb);
	}
	assert_int_equal(lb.maps, 2); /* both BARs mapped in stage 2 again */
	assert_int_equal(lb.gpa, 0x10200000);
	assert_int_equal(lb.hpa, 0x8000000000ULL);
	assert_int_equal(ff_cfg_read(&fb, PCI_COMMAND, 2) & PCI_CMD_MASTER, PCI_CMD_MASTER);
	/* A function with another BAR layout is not the one saved. */
	r.bar_size[0] = 1 << 21;
	assert_int_equal(vpci_fn_snap_load(&b, f, &r), -EXDEV);
}

/* SNAP_SEED_DIR=<dir>: the fuzz seeds (tests/fuzz/corpus/snapshot) in the current format. */
static void seed(const char *name, const uint8_t *p, size_t n)
{
	struct membuf mb = { (uint8_t *)p, n, n };
	struct snap_source src;
	struct snap_meta m;
	char path[512];
	unsigned ns;
	FILE *f;

	membuf_source(&mb, &src);
	assert_int_equal(snap_verify(&src, &m, tab, &ns), strstr(name, "trunc") ? -ENODATA : 0);
	if (!getenv("SNAP_SEED_DIR"))
		return;
	snprintf(path, sizeof(path), "%s/%s", getenv("SNAP_SEED_DIR"), name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

static void test_write_fuzz_seeds(void **state)
{
	static uint8_t ram[TEST_RAM], dirty[8] = { 0x05 };
	static struct snap_vpci v;
	struct membuf mb = { 0 };
	struct snap_sink sink;
	struct snap_meta m;
	unsigned n;

	(void)state;
	membuf_sink(&mb, &sink);
	test_ram_fill(ram, 1);
	assert_int_equal(test_write_image(&sink, 1, 0, ram, NULL, &m), 0);
	seed("full.snap", mb.data, mb.size);
	seed("truncated.snap", mb.data, mb.size / 2);
	mb.size = 0;
	assert_int_equal(test_write_image(&sink, 2, 1, ram, dirty, &m), 0);
	seed("delta.snap", mb.data, mb.size);
	free(mb.data);
	sample(&v);
	assert_int_equal(image_vpci(&mb, &v, &m, &n), 0);
	seed("vpci.snap", mb.data, mb.size);
	free(mb.data);
}

const struct CMUnitTest vpci_tests[] = {
	cmocka_unit_test(test_vpci_section_round_trip),
	cmocka_unit_test(test_vpci_section_refusals),
	cmocka_unit_test(test_reader_vpci_structure),
	cmocka_unit_test(test_policy_idle_handler_refused),
	cmocka_unit_test(test_quiesce_clears_bus_master_and_waits),
	cmocka_unit_test(test_edu_save_restore),
	cmocka_unit_test(test_bridge_shadow_save_load),
	cmocka_unit_test(test_write_fuzz_seeds),
};
const size_t vpci_ntests = ARRAY_SIZE(vpci_tests);

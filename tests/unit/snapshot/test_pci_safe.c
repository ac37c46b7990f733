// SPDX-License-Identifier: MIT
/*
 * Assigned PCI functions in snapshots (docs/snapshot.md): the snapshot-safe
 * policy (a) idle, (b) handler, (c) refused on a fake function, DMA
 * quiesce (Bus Master Enable, PCIe 6.0 7.5.3.5 Transactions Pending), the
 * edu handler on a fake edu, and the virtual bridge's shadow saved and
 * loaded back (hv/vpci_snap.c).
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

extern const struct CMUnitTest pci_safe_tests[];
extern const size_t pci_safe_ntests;

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
const struct CMUnitTest pci_safe_tests[] = {
	cmocka_unit_test(test_policy_idle_handler_refused),
	cmocka_unit_test(test_quiesce_clears_bus_master_and_waits),
	cmocka_unit_test(test_edu_save_restore),
	cmocka_unit_test(test_bridge_shadow_save_load),
};
const size_t pci_safe_ntests = ARRAY_SIZE(pci_safe_tests);

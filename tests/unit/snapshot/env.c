// SPDX-License-Identifier: MIT
/* Host stand-ins for the firmware services and shared helpers of the snapshot tests. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include "snap_test.h"

unsigned env_errors;
char env_last_err[256];

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (lvl == LOG_ERR) {
		env_errors++;
		vsnprintf(env_last_err, sizeof(env_last_err), fmt, ap);
	}
	va_end(ap);
	if (getenv("SNAP_TEST_VERBOSE")) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
}

void console_printf(const char *fmt, ...)
{
	(void)fmt;
}

static int mb_write(void *ctx, uint64_t off, const void *buf, size_t n)
{
	struct membuf *m = ctx;

	if (off + n > m->cap) {
		size_t cap = (off + n) * 2;

		m->data = realloc(m->data, cap);
		memset(m->data + m->cap, 0, cap - m->cap);
		m->cap = cap;
	}
	memcpy(m->data + off, buf, n);
	if (off + n > m->size)
		m->size = off + n;
	return 0;
}

static int mb_read(void *ctx, uint64_t off, void *buf, size_t n)
{
	struct membuf *m = ctx;

	if (off > m->size || n > m->size - off)
		return -61; /* ENODATA */
	memcpy(buf, m->data + off, n);
	return 0;
}

void membuf_sink(struct membuf *m, struct snap_sink *s)
{
	s->ctx = m;
	s->write = mb_write;
}

void membuf_source(struct membuf *m, struct snap_source *s)
{
	s->ctx = m;
	s->size = m->size;
	s->read = mb_read;
}

void test_config(struct snap_config *c)
{
	memset(c, 0, sizeof(*c));
	c->ram_ipa = 0x40000000;
	c->ram_size = TEST_RAM;
	c->nvcpus = 2;
	c->ndevs = 3;
	c->dev[0] = SNAP_DEV_VGICD;
	c->dev[1] = SNAP_DEV_VGICR;
	c->dev[2] = SNAP_DEV_PL011;
}

void test_ram_fill(uint8_t *ram, uint64_t seed)
{
	for (uint64_t i = 0; i < TEST_RAM; i += 8) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		le64_put(ram + i, seed);
	}
}

uint64_t test_image_max(void)
{
	return snap_data_off(6) + SNAP_VPCI_MAX_BYTES + 2 * SNAP_VCPU_BYTES + snap_vgic_bytes(2) +
	       SNAP_UART_BYTES + snap_mem_delta_size(TEST_PAGES, TEST_PAGES) + 64;
}

static int write_state(struct snap_writer *w, uint64_t id)
{
	uint8_t buf[4096];
	struct snap_vgic g;
	struct snap_uart u = { 0x301, 0x10, 0x70, 13, 1, 0x12, 1000 + id, 3, true, "ab\n" };
	int rc = 0;

	for (unsigned c = 0; c < 2 && !rc; c++) {
		struct snap_vcpu v;

		memset(&v, 0, sizeof(v));
		v.id = c;
		v.power = 2;
		for (unsigned i = 0; i < 31; i++)
			v.x[i] = id * 1000 + c * 100 + i;
		v.pc = 0x40080000 + id;
		v.q[31][1] = ~id;
		v.sys[5] = 0x1234;
		v.cntvct = id << 20;
		snap_vcpu_encode(&v, buf);
		rc = snap_writer_section(w, SNAP_SECT_VCPU, c);
		if (!rc)
			rc = snap_writer_data(w, buf, SNAP_VCPU_BYTES);
	}
	memset(&g, 0, sizeof(g));
	g.nvcpus = 2;
	g.ctlr = 0x12;
	g.spi[1].flags = 0x9;
	g.spi[1].prio = 0xa0;
	g.cpu[1].lr[3] = 0x50a0000000000021ULL;
	snap_vgic_encode(&g, buf);
	if (!rc)
		rc = snap_writer_section(w, SNAP_SECT_VGIC, 0);
	if (!rc)
		rc = snap_writer_data(w, buf, snap_vgic_bytes(2));
	snap_uart_encode(&u, buf);
	if (!rc)
		rc = snap_writer_section(w, SNAP_SECT_UART, 0);
	if (!rc)
		rc = snap_writer_data(w, buf, SNAP_UART_BYTES);
	return rc;
}

static int write_mem(struct snap_writer *w, const uint8_t *ram, const uint8_t *dirty)
{
	uint8_t h[SNAP_MEM_HDR];
	uint64_t nset = 0;
	int rc;

	for (unsigned p = 0; p < TEST_PAGES; p++)
		nset += !dirty || (dirty[p / 8] >> (p % 8) & 1);
	le64_put(h, 0x40000000);
	le64_put(h + 8, TEST_PAGES);
	le64_put(h + 16, nset);
	rc = snap_writer_section(w, dirty ? SNAP_SECT_MEM_DELTA : SNAP_SECT_MEM_FULL, 0);
	if (!rc)
		rc = snap_writer_data(w, h, sizeof(h));
	if (!rc && dirty)
		rc = snap_writer_data(w, dirty, snap_bitmap_bytes(TEST_PAGES));
	for (unsigned p = 0; p < TEST_PAGES && !rc; p++) {
		if (!dirty || (dirty[p / 8] >> (p % 8) & 1))
			rc = snap_writer_data(w, ram + p * SNAP_PAGE_SIZE, SNAP_PAGE_SIZE);
	}
	return rc;
}

void test_config_vpci(struct snap_config *c, const struct snap_vpci *v)
{
	test_config(c);
	c->dev[c->ndevs++] = SNAP_DEV_VPCI;
	c->npci = v->nfn;
	for (unsigned i = 0; i < v->nfn; i++)
		c->pci_id[i] = (uint32_t)v->fn[i].vendor << 16 | v->fn[i].device;
}

static int write_vpci(struct snap_writer *w, const struct snap_vpci *v)
{
	static uint8_t buf[SNAP_VPCI_MAX_BYTES];
	int rc = snap_writer_section(w, SNAP_SECT_VPCI, 0);

	snap_vpci_encode(v, buf);
	if (!rc)
		rc = snap_writer_data(w, buf, snap_vpci_bytes(v));
	return rc;
}

int test_write_image(const struct snap_sink *sink, uint64_t id, uint64_t parent, const uint8_t *ram,
		     const uint8_t *dirty, struct snap_meta *out)
{
	return test_write_image_vpci(sink, id, parent, ram, dirty, NULL, out);
}

int test_write_image_vpci(const struct snap_sink *sink, uint64_t id, uint64_t parent,
			  const uint8_t *ram, const uint8_t *dirty, const struct snap_vpci *v,
			  struct snap_meta *out)
{
	static struct snap_writer w;
	struct snap_meta m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.arch = SNAP_ARCH_AARCH64;
	m.id = id;
	m.parent = parent;
	m.flags = parent ? SNAP_FLAG_INCR : 0;
	m.created = 1700000000 + id;
	if (v)
		test_config_vpci(&m.cfg, v);
	else
		test_config(&m.cfg);
	snprintf(m.desc, sizeof(m.desc), "test snapshot %llu", (unsigned long long)id);
	snprintf(m.name, sizeof(m.name), "vm-%llu", (unsigned long long)id);
	rc = snap_writer_begin(&w, &m, 6, sink);
	if (!rc)
		rc = write_state(&w, id);
	if (!rc && v)
		rc = write_vpci(&w, v);
	if (!rc)
		rc = write_mem(&w, ram, dirty);
	if (!rc)
		rc = snap_writer_finish(&w, out);
	return rc;
}

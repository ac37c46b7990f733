// SPDX-License-Identifier: MIT
/*
 * Snapshot sections (docs/snapshot.md): vCPU state, virtual GIC state,
 * PL011 registers and receive FIFO as fixed little-endian layouts, and guest memory (full,
 * or a page bitmap followed by the pages set in it) applied to RAM with
 * every count checked against the VM the reader restores into.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/snapshot.h>

#define VIRQ_BYTES    16
#define VGIC_CPU_SIZE (32 * VIRQ_BYTES + 8 + 16 + SNAP_NLR * 8)
#define VIRQ_FLAGS    0x3f /* enabled, pending, active, group1, edge, queued */
#define RUN_PAGES     16   /* pages per read when applying memory */

static uint8_t *put64(uint8_t *p, uint64_t v)
{
	le64_put(p, v);
	return p + 8;
}

static const uint8_t *get64(const uint8_t *p, uint64_t *v)
{
	*v = le64_get(p);
	return p + 8;
}

void snap_vcpu_encode(const struct snap_vcpu *v, uint8_t *p)
{
	le32_put(p, v->id);
	le32_put(p + 4, v->power);
	p += 8;
	for (unsigned i = 0; i < 31; i++)
		p = put64(p, v->x[i]);
	p = put64(p, v->pc);
	p = put64(p, v->pstate);
	for (unsigned i = 0; i < 32; i++) {
		p = put64(p, v->q[i][0]);
		p = put64(p, v->q[i][1]);
	}
	p = put64(p, v->fpsr);
	p = put64(p, v->fpcr);
	for (unsigned i = 0; i < SNAP_NSYSREGS; i++)
		p = put64(p, v->sys[i]);
	p = put64(p, v->cntv_ctl);
	p = put64(p, v->cntv_cval);
	p = put64(p, v->cntvct);
	p = put64(p, v->on_entry);
	put64(p, v->on_context);
}

int snap_vcpu_decode(const uint8_t *p, size_t n, struct snap_vcpu *v)
{
	if (n != SNAP_VCPU_BYTES)
		return -EINVAL;
	v->id = le32_get(p);
	v->power = le32_get(p + 4);
	if (v->id >= SNAP_MAX_VCPUS || v->power > 2)
		return -EINVAL;
	p += 8;
	for (unsigned i = 0; i < 31; i++)
		p = get64(p, &v->x[i]);
	p = get64(p, &v->pc);
	p = get64(p, &v->pstate);
	for (unsigned i = 0; i < 32; i++) {
		p = get64(p, &v->q[i][0]);
		p = get64(p, &v->q[i][1]);
	}
	p = get64(p, &v->fpsr);
	p = get64(p, &v->fpcr);
	for (unsigned i = 0; i < SNAP_NSYSREGS; i++)
		p = get64(p, &v->sys[i]);
	p = get64(p, &v->cntv_ctl);
	p = get64(p, &v->cntv_cval);
	p = get64(p, &v->cntvct);
	p = get64(p, &v->on_entry);
	get64(p, &v->on_context);
	return 0;
}

size_t snap_vgic_bytes(unsigned nvcpus)
{
	return 8 + SNAP_NSPI * VIRQ_BYTES + (size_t)nvcpus * VGIC_CPU_SIZE;
}

static uint8_t *virq_put(uint8_t *p, const struct snap_virq *q)
{
	memset(p, 0, VIRQ_BYTES);
	p[0] = q->prio;
	p[1] = q->flags;
	le64_put(p + 8, q->route);
	return p + VIRQ_BYTES;
}

static const uint8_t *virq_get(const uint8_t *p, struct snap_virq *q, int *rc)
{
	q->prio = p[0];
	q->flags = p[1];
	q->route = le64_get(p + 8);
	if ((q->flags & ~VIRQ_FLAGS) || p[2] || le32_get(p + 4))
		*rc = -EINVAL;
	return p + VIRQ_BYTES;
}

void snap_vgic_encode(const struct snap_vgic *g, uint8_t *p)
{
	le32_put(p, g->ctlr);
	le32_put(p + 4, g->nvcpus);
	p += 8;
	for (unsigned i = 0; i < SNAP_NSPI; i++)
		p = virq_put(p, &g->spi[i]);
	for (unsigned c = 0; c < g->nvcpus; c++) {
		for (unsigned i = 0; i < 32; i++)
			p = virq_put(p, &g->cpu[c].priv[i]);
		le32_put(p, g->cpu[c].waker);
		le32_put(p + 4, 0);
		p = put64(p + 8, g->cpu[c].vmcr);
		p = put64(p, g->cpu[c].ap1r0);
		for (unsigned i = 0; i < SNAP_NLR; i++)
			p = put64(p, g->cpu[c].lr[i]);
	}
}

int snap_vgic_decode(const uint8_t *p, size_t n, struct snap_vgic *g)
{
	int rc = 0;

	if (n < 8)
		return -EINVAL;
	memset(g, 0, sizeof(*g));
	g->ctlr = le32_get(p);
	g->nvcpus = le32_get(p + 4);
	if (!g->nvcpus || g->nvcpus > SNAP_MAX_VCPUS || n != snap_vgic_bytes(g->nvcpus))
		return -EINVAL;
	p += 8;
	for (unsigned i = 0; i < SNAP_NSPI; i++)
		p = virq_get(p, &g->spi[i], &rc);
	for (unsigned c = 0; c < g->nvcpus; c++) {
		for (unsigned i = 0; i < 32; i++)
			p = virq_get(p, &g->cpu[c].priv[i], &rc);
		g->cpu[c].waker = le32_get(p);
		p = get64(p + 8, &g->cpu[c].vmcr);
		p = get64(p, &g->cpu[c].ap1r0);
		for (unsigned i = 0; i < SNAP_NLR; i++)
			p = get64(p, &g->cpu[c].lr[i]);
	}
	return rc;
}

void snap_uart_encode(const struct snap_uart *u, uint8_t *p)
{
	le32_put(p, u->cr);
	le32_put(p + 4, u->imsc);
	le32_put(p + 8, u->lcr_h);
	le32_put(p + 12, u->ibrd);
	le32_put(p + 16, u->fbrd);
	le32_put(p + 20, u->ifls);
	le64_put(p + 24, u->tx_bytes);
	le32_put(p + 32, u->rx_count);
	le32_put(p + 36, u->rx_timeout);
	memset(p + 40, 0, SNAP_UART_FIFO);
	memcpy(p + 40, u->rx, MIN(u->rx_count, (uint32_t)SNAP_UART_FIFO));
}

int snap_uart_decode(const uint8_t *p, size_t n, struct snap_uart *u)
{
	if (n != SNAP_UART_BYTES)
		return -EINVAL;
	u->cr = le32_get(p);
	u->imsc = le32_get(p + 4);
	u->lcr_h = le32_get(p + 8);
	u->ibrd = le32_get(p + 12);
	u->fbrd = le32_get(p + 16);
	u->ifls = le32_get(p + 20);
	u->tx_bytes = le64_get(p + 24);
	u->rx_count = le32_get(p + 32);
	u->rx_timeout = le32_get(p + 36) != 0;
	/* PL011 registers are 16 bits wide at most (DDI 0183 3.2). */
	if ((u->cr | u->imsc | u->lcr_h | u->ibrd | u->fbrd | u->ifls) >> 16)
		return -EINVAL;
	if (u->rx_count > SNAP_UART_FIFO || le32_get(p + 36) > 1)
		return -EINVAL;
	memcpy(u->rx, p + 40, SNAP_UART_FIFO);
	for (unsigned i = u->rx_count; i < SNAP_UART_FIFO; i++) {
		if (u->rx[i])
			return -EINVAL; /* bytes past the count are zero */
	}
	return 0;
}

/* ---- memory ---- */

uint64_t snap_bitmap_bytes(uint64_t npages)
{
	return ALIGN_UP((npages + 7) / 8, 8ULL);
}

uint64_t snap_mem_delta_size(uint64_t npages, uint64_t nset)
{
	return SNAP_MEM_HDR + snap_bitmap_bytes(npages) + nset * SNAP_PAGE_SIZE;
}

static int mem_header(const struct snap_source *src, const struct snap_section *s, uint64_t ram_ipa,
		      uint64_t npages, uint64_t *nset)
{
	uint8_t h[SNAP_MEM_HDR];
	int rc = src->read(src->ctx, s->off, h, sizeof(h));

	if (rc)
		return rc;
	*nset = le64_get(h + 16);
	if (le64_get(h) != ram_ipa || le64_get(h + 8) != npages || *nset > npages) {
		log_err("snapshot: %s section describes %llu pages at %#llx (%llu set); the VM "
			"has %llu at %#llx",
			snap_sect_name(s->type), (unsigned long long)le64_get(h + 8),
			(unsigned long long)le64_get(h), (unsigned long long)*nset,
			(unsigned long long)npages, (unsigned long long)ram_ipa);
		return -EINVAL;
	}
	return 0;
}

/* Pages [first, first+count) from the section at offset off, in runs. */
static int read_run(const struct snap_source *src, uint64_t off, uint8_t *ram, uint64_t first,
		    uint64_t count)
{
	return src->read(src->ctx, off, ram + first * SNAP_PAGE_SIZE,
			 (size_t)(count * SNAP_PAGE_SIZE));
}

static int apply_full(const struct snap_source *src, const struct snap_section *s, uint8_t *ram,
		      uint64_t npages, void (*progress)(void *, uint64_t), void *ctx)
{
	for (uint64_t p = 0; p < npages; p += RUN_PAGES * 16) {
		uint64_t n = MIN(npages - p, (uint64_t)RUN_PAGES * 16);
		int rc = read_run(src, s->off + SNAP_MEM_HDR + p * SNAP_PAGE_SIZE, ram, p, n);

		if (rc)
			return rc;
		if (progress)
			progress(ctx, (p + n) * SNAP_PAGE_SIZE);
	}
	return 0;
}

static bool bit(const uint8_t *bm, uint64_t i)
{
	return bm[i / 8] & (1u << (i % 8));
}

static int bitmap_check(const uint8_t *bm, uint64_t npages, uint64_t nset)
{
	uint64_t set = 0;

	for (uint64_t i = 0; i < snap_bitmap_bytes(npages) * 8; i++) {
		if (bit(bm, i) && i >= npages)
			return -EINVAL;
		set += bit(bm, i);
	}
	return set == nset ? 0 : -EINVAL;
}

static int apply_delta(const struct snap_source *src, const struct snap_section *s, uint8_t *ram,
		       uint64_t npages, uint64_t nset, void (*progress)(void *, uint64_t),
		       void *ctx)
{
	uint64_t bmb = snap_bitmap_bytes(npages), off = s->off + SNAP_MEM_HDR + bmb, done = 0;
	uint8_t *bm = malloc(bmb);
	int rc;

	if (!bm)
		return -ENOMEM;
	rc = src->read(src->ctx, s->off + SNAP_MEM_HDR, bm, (size_t)bmb);
	if (!rc && bitmap_check(bm, npages, nset)) {
		log_err("snapshot: page bitmap does not hold the %llu pages its header counts",
			(unsigned long long)nset);
		rc = -EINVAL;
	}
	for (uint64_t p = 0; p < npages && !rc;) {
		uint64_t n = 0;

		while (p + n < npages && bit(bm, p + n) && n < RUN_PAGES)
			n++;
		if (!n) {
			p++;
			continue;
		}
		rc = read_run(src, off, ram, p, n);
		off += n * SNAP_PAGE_SIZE;
		done += n;
		p += n;
		if (progress && !rc)
			progress(ctx, done * SNAP_PAGE_SIZE);
	}
	free(bm);
	return rc;
}

int snap_mem_apply(const struct snap_source *src, const struct snap_section *s, uint64_t ram_ipa,
		   uint64_t ram_size, uint8_t *ram, void (*progress)(void *ctx, uint64_t done),
		   void *ctx)
{
	uint64_t npages = ram_size / SNAP_PAGE_SIZE, nset;
	int rc = mem_header(src, s, ram_ipa, npages, &nset);

	if (rc)
		return rc;
	if (s->type == SNAP_SECT_MEM_FULL) {
		if (nset != npages || s->size != SNAP_MEM_HDR + ram_size)
			return -EINVAL;
		return apply_full(src, s, ram, npages, progress, ctx);
	}
	if (s->type != SNAP_SECT_MEM_DELTA || s->size != snap_mem_delta_size(npages, nset)) {
		log_err("snapshot: memory section of %llu bytes does not match its %llu pages",
			(unsigned long long)s->size, (unsigned long long)nset);
		return -EINVAL;
	}
	return apply_delta(src, s, ram, npages, nset, progress, ctx);
}

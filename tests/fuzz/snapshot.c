// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the snapshot reader (snapshot/format.c, sections.c).
 * The input is an image: verified as it is, and again with its section
 * CRCs and SHA-256 recomputed, so mutations get past the checksums into
 * the section decoders (vCPU, vGIC, UART, vpci) and the memory applier (RAM
 * up to 1 MiB). Seeds: format version 2, written by the host tests
 * (SNAP_SEED_DIR=tests/fuzz/corpus/snapshot build/host/snapshot/test_snapshot).
 *   build/fuzz/snapshot -max_total_time=60 build/fuzz/corpus-snapshot tests/fuzz/corpus/snapshot
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/crc32c.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/snapshot.h>

#define FUZZ_RAM_MAX (1 << 20)

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct img {
	uint8_t *p;
	size_t n;
};

static int img_read(void *ctx, uint64_t off, void *buf, size_t n)
{
	struct img *m = ctx;

	if (off > m->n || n > m->n - off)
		abort(); /* the reader must stay inside what it was told */
	memcpy(buf, m->p + off, n);
	return 0;
}

static struct snap_section tab[SNAP_MAX_SECTIONS];

/* Recompute the section CRCs and the digest (format rules in snapshot.h). */
static void fixup(uint8_t *p, size_t n, const struct snap_meta *m, unsigned nsect)
{
	uint64_t data_off = le32_get(p + 60);
	struct sha256_ctx c;

	for (unsigned i = 0; i < nsect; i++)
		le32_put(p + SNAP_HDR_SIZE + i * SNAP_SECT_SIZE + 24,
			 crc32c(0, p + tab[i].off, (size_t)tab[i].size));
	memset(p + 480, 0, 32);
	sha256_init(&c);
	sha256_update(&c, p + data_off, (size_t)(m->total - data_off));
	sha256_update(&c, p, (size_t)data_off);
	sha256_final(&c, p + 480);
	(void)n;
}

static void use(struct img *m, const struct snap_meta *meta, unsigned nsect)
{
	struct snap_source src = { m, m->n, img_read };
	struct snap_vcpu v;
	struct snap_vgic g;
	struct snap_uart u;
	static struct snap_vpci pv;
	uint8_t *ram;

	for (unsigned i = 0; i < nsect; i++) {
		const uint8_t *s = m->p + tab[i].off;

		if (tab[i].type == SNAP_SECT_VCPU)
			snap_vcpu_decode(s, (size_t)tab[i].size, &v);
		else if (tab[i].type == SNAP_SECT_VGIC)
			snap_vgic_decode(s, (size_t)tab[i].size, &g);
		else if (tab[i].type == SNAP_SECT_UART)
			snap_uart_decode(s, (size_t)tab[i].size, &u);
		else if (tab[i].type == SNAP_SECT_VPCI) {
			if (!snap_vpci_decode(s, (size_t)tab[i].size, &pv))
				snap_vpci_match_config(&pv, &meta->cfg);
		} else if (meta->cfg.ram_size <= FUZZ_RAM_MAX) {
			ram = calloc(1, (size_t)meta->cfg.ram_size);
			snap_mem_apply(&src, &tab[i], meta->cfg.ram_ipa, meta->cfg.ram_size, ram,
				       NULL, NULL);
			free(ram);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct img m = { malloc(size ? size : 1), size };
	struct snap_source src = { &m, size, img_read };
	struct snap_meta meta;
	unsigned nsect;

	memcpy(m.p, data, size);
	if (!snap_verify(&src, &meta, tab, &nsect))
		use(&m, &meta, nsect);
	if (!snap_parse(m.p, size, size, &meta, tab, &nsect)) {
		fixup(m.p, size, &meta, nsect);
		if (snap_verify(&src, &meta, tab, &nsect))
			abort(); /* a fixed-up image that parses must verify */
		use(&m, &meta, nsect);
	}
	free(m.p);
	return 0;
}

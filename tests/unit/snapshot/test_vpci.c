// SPDX-License-Identifier: MIT
/*
 * The vpci section of format version 2 (docs/snapshot.md): through writer
 * and reader with the functions' ids in the configuration, every way it can
 * be refused (sizes, counts, unknown kinds, command bits, BAR layouts, a
 * configuration that does not match), the reader's structure rules for it.
 * SNAP_SEED_DIR=<dir> also writes the fuzz seeds there (full, delta,
 * truncated, vpci).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "snap_test.h"

extern const struct CMUnitTest vpci_tests[];
extern const size_t vpci_ntests;

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

/* A 32-bit BAR ends at or below 4 GiB; base + size wrapping past 2^64 must not hide that. */
static void test_vpci_mem32_bar_wrapping_is_rejected(void **state)
{
	static struct snap_vpci v, back;
	static uint8_t buf[SNAP_VPCI_MAX_BYTES];

	(void)state;
	sample(&v);
	v.fn[0].bar[0] = BIT_ULL(32) - (1 << 20); /* the last MiB below 4 GiB: fits */
	snap_vpci_encode(&v, buf);
	assert_int_equal(snap_vpci_decode(buf, snap_vpci_bytes(&v), &back), 0);
	v.fn[0].bar[0] = BIT_ULL(63);
	v.fn[0].bar_size[0] = BIT_ULL(63); /* aligned, power of two, sum wraps to 0 */
	snap_vpci_encode(&v, buf);
	assert_int_equal(snap_vpci_decode(buf, snap_vpci_bytes(&v), &back), -EINVAL);
	v.fn[0].bar[0] = 0;
	v.fn[0].bar_size[0] = BIT_ULL(33); /* larger than the 32-bit space itself */
	snap_vpci_encode(&v, buf);
	assert_int_equal(snap_vpci_decode(buf, snap_vpci_bytes(&v), &back), -EINVAL);
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
	cmocka_unit_test(test_vpci_mem32_bar_wrapping_is_rejected),
	cmocka_unit_test(test_reader_vpci_structure),
	cmocka_unit_test(test_write_fuzz_seeds),
};
const size_t vpci_ntests = ARRAY_SIZE(vpci_tests);

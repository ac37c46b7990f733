// SPDX-License-Identifier: MIT
/*
 * Snapshot image format: writer -> reader round trip (metadata, vCPU, vGIC,
 * UART sections, memory full and incremental), and each way an image can
 * be bad: truncated at every interesting length, every header and table
 * byte flipped, sampled data bytes flipped, wrong magic/version/arch, an
 * inconsistent header, a bitmap that does not match its page count, a
 * different VM configuration.
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

extern const struct CMUnitTest format_tests[];
extern const size_t format_ntests;

static struct snap_section tab[SNAP_MAX_SECTIONS];

static void make_full(struct membuf *mb, uint8_t *ram, struct snap_meta *m)
{
	struct snap_sink sink;

	memset(mb, 0, sizeof(*mb));
	membuf_sink(mb, &sink);
	test_ram_fill(ram, 42);
	assert_int_equal(test_write_image(&sink, 7, 0, ram, NULL, m), 0);
}

static int verify(struct membuf *mb, size_t size, struct snap_meta *m, unsigned *n)
{
	struct snap_source src;

	membuf_source(mb, &src);
	src.size = size;
	return snap_verify(&src, m, tab, n);
}

static const struct snap_section *find(unsigned n, uint32_t type, uint32_t index)
{
	for (unsigned i = 0; i < n; i++) {
		if (tab[i].type == type && tab[i].index == index)
			return &tab[i];
	}
	return NULL;
}

static void test_round_trip_full(void **state)
{
	uint8_t *ram = malloc(TEST_RAM), *back = calloc(1, TEST_RAM);
	struct membuf mb;
	struct snap_meta w, r;
	struct snap_config cfg;
	struct snap_vcpu v;
	struct snap_vgic g;
	struct snap_uart u;
	struct snap_source src;
	const struct snap_section *s;
	unsigned n;

	(void)state;
	make_full(&mb, ram, &w);
	assert_int_equal(w.total, mb.size);
	assert_int_equal(verify(&mb, mb.size, &r, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(r.id, 7);
	assert_int_equal(r.parent, 0);
	assert_int_equal(r.created, 1700000007);
	assert_string_equal(r.desc, "test snapshot 7");
	assert_string_equal(r.name, "vm-7");
	assert_memory_equal(r.digest, w.digest, 32);
	test_config(&cfg);
	assert_int_equal(snap_check_config(&r, &cfg), 0);
	s = find(n, SNAP_SECT_VCPU, 1);
	assert_non_null(s);
	assert_int_equal(snap_vcpu_decode(mb.data + s->off, s->size, &v), 0);
	assert_int_equal(v.id, 1);
	assert_int_equal(v.x[30], 7 * 1000 + 100 + 30);
	assert_int_equal(v.pc, 0x40080007);
	assert_int_equal(v.q[31][1], ~7ULL);
	assert_int_equal(v.cntvct, 7ULL << 20);
	s = find(n, SNAP_SECT_VGIC, 0);
	assert_int_equal(snap_vgic_decode(mb.data + s->off, s->size, &g), 0);
	assert_int_equal(g.cpu[1].lr[3], 0x50a0000000000021ULL);
	assert_int_equal(g.spi[1].prio, 0xa0);
	s = find(n, SNAP_SECT_UART, 0);
	assert_int_equal(snap_uart_decode(mb.data + s->off, s->size, &u), 0);
	assert_int_equal(u.tx_bytes, 1007);
	membuf_source(&mb, &src);
	assert_int_equal(snap_mem_apply(&src, find(n, SNAP_SECT_MEM_FULL, 0), 0x40000000, TEST_RAM,
					back, NULL, NULL),
			 0);
	assert_memory_equal(back, ram, TEST_RAM);
	free(mb.data);
	free(ram);
	free(back);
}

static void test_incremental_applies_only_dirty_pages(void **state)
{
	uint8_t *ram = malloc(TEST_RAM), *back = calloc(1, TEST_RAM);
	uint8_t dirty[8] = { 0 };
	unsigned ndirty = 0;
	struct membuf base, delta;
	struct snap_meta mb, md, r;
	struct snap_sink sink;
	struct snap_source src;
	unsigned n;

	(void)state;
	make_full(&base, ram, &mb);
	for (unsigned p = 3; p < TEST_PAGES; p += 7) {
		memset(ram + p * SNAP_PAGE_SIZE, (int)p, SNAP_PAGE_SIZE);
		dirty[p / 8] |= 1 << (p % 8);
		ndirty++;
	}
	memset(&delta, 0, sizeof(delta));
	membuf_sink(&delta, &sink);
	assert_int_equal(test_write_image(&sink, 8, 7, ram, dirty, &md), 0);
	assert_int_equal(verify(&delta, delta.size, &r, &n), 0);
	assert_int_equal(r.parent, 7);
	assert_true(r.flags & SNAP_FLAG_INCR);
	/* Pages 3, 10, ...: the memory section holds exactly those. */
	assert_int_equal(ndirty, (TEST_PAGES - 3 + 6) / 7);
	assert_int_equal(find(n, SNAP_SECT_MEM_DELTA, 0)->size,
			 snap_mem_delta_size(TEST_PAGES, ndirty));
	membuf_source(&base, &src);
	assert_int_equal(verify(&base, base.size, &r, &n), 0);
	assert_int_equal(snap_mem_apply(&src, find(n, SNAP_SECT_MEM_FULL, 0), 0x40000000, TEST_RAM,
					back, NULL, NULL),
			 0);
	assert_int_equal(verify(&delta, delta.size, &r, &n), 0);
	membuf_source(&delta, &src);
	assert_int_equal(snap_mem_apply(&src, find(n, SNAP_SECT_MEM_DELTA, 0), 0x40000000, TEST_RAM,
					back, NULL, NULL),
			 0);
	assert_memory_equal(back, ram, TEST_RAM);
	/* The delta applied to another VM's RAM base is refused. */
	assert_int_equal(snap_mem_apply(&src, find(n, SNAP_SECT_MEM_DELTA, 0), 0x80000000, TEST_RAM,
					back, NULL, NULL),
			 -EINVAL);
	free(base.data);
	free(delta.data);
	free(ram);
	free(back);
}

static void test_truncated_images_are_refused(void **state)
{
	uint8_t *ram = malloc(TEST_RAM);
	struct membuf mb;
	struct snap_meta m, r;
	size_t lens[] = { 0, 100, 511, 512, 1023, 0 };
	unsigned n;

	(void)state;
	make_full(&mb, ram, &m);
	lens[5] = mb.size - 1;
	for (unsigned i = 0; i < ARRAY_SIZE(lens); i++)
		assert_int_equal(verify(&mb, lens[i], &r, &n), -ENODATA);
	free(mb.data);
	free(ram);
}

static void test_every_header_byte_flip_is_caught(void **state)
{
	uint8_t *ram = malloc(TEST_RAM);
	struct membuf mb;
	struct snap_meta m, r;
	unsigned n;
	uint64_t head = snap_data_off(5);

	(void)state;
	make_full(&mb, ram, &m);
	for (uint64_t i = 0; i < head; i++) {
		mb.data[i] ^= 0x01;
		assert_int_not_equal(verify(&mb, mb.size, &r, &n), 0);
		mb.data[i] ^= 0x01;
	}
	for (uint64_t i = head; i < mb.size; i += 997) {
		mb.data[i] ^= 0x80;
		assert_int_equal(verify(&mb, mb.size, &r, &n), -EBADMSG);
		mb.data[i] ^= 0x80;
	}
	assert_int_equal(verify(&mb, mb.size, &r, &n), 0);
	free(mb.data);
	free(ram);
}

static void test_magic_version_arch_errors(void **state)
{
	uint8_t *ram = malloc(TEST_RAM);
	struct membuf mb;
	struct snap_meta m, r;
	unsigned n;

	(void)state;
	make_full(&mb, ram, &m);
	mb.data[0] = 'X';
	assert_int_equal(verify(&mb, mb.size, &r, &n), -ENOEXEC);
	mb.data[0] = 'V';
	mb.data[8] = 1; /* version 1: no vpci section, a shorter uart */
	assert_int_equal(verify(&mb, mb.size, &r, &n), -EPROTONOSUPPORT);
	mb.data[8] = 3;
	assert_int_equal(verify(&mb, mb.size, &r, &n), -EPROTONOSUPPORT);
	mb.data[8] = SNAP_VERSION;
	mb.data[16] = SNAP_ARCH_X86_64;
	assert_int_equal(verify(&mb, mb.size, &r, &n), -ENOTSUP);
	mb.data[16] = SNAP_ARCH_AARCH64;
	/* The VM name at 320: printable up to its NUL, zero after it. */
	assert_int_equal(memcmp(mb.data + 320, "vm-7", 5), 0);
	mb.data[321] = 0x07;
	assert_int_equal(verify(&mb, mb.size, &r, &n), -EINVAL);
	mb.data[321] = 'm';
	mb.data[340] = 'x';
	assert_int_equal(verify(&mb, mb.size, &r, &n), -EINVAL);
	memset(mb.data + 320, 'x', SNAP_NAME_MAX);
	assert_int_equal(verify(&mb, mb.size, &r, &n), -EINVAL);
	memset(mb.data + 320, 0, SNAP_NAME_MAX);
	memcpy(mb.data + 320, "vm-7", 4);
	mb.data[2000] ^= 1; /* inside the data: the section CRC names it */
	env_last_err[0] = 0;
	assert_int_equal(verify(&mb, mb.size, &r, &n), -EBADMSG);
	assert_non_null(strstr(env_last_err, "CRC32C"));
	free(mb.data);
	free(ram);
}

static void test_incremental_without_parent_is_malformed(void **state)
{
	uint8_t *ram = malloc(TEST_RAM);
	struct snap_writer *w = malloc(sizeof(*w));
	struct membuf mb = { 0 };
	struct snap_sink sink;
	struct snap_meta m = { .arch = SNAP_ARCH_AARCH64, .id = 3, .flags = SNAP_FLAG_INCR }, r;
	unsigned n;

	(void)state;
	test_config(&m.cfg);
	membuf_sink(&mb, &sink);
	assert_int_equal(snap_writer_begin(w, &m, 1, &sink), 0);
	assert_int_equal(snap_writer_section(w, SNAP_SECT_UART, 0), 0);
	assert_int_equal(snap_writer_data(w, "0123456789abcdef0123456789abcdef", 32), 0);
	assert_int_equal(snap_writer_finish(w, &m), 0);
	assert_int_equal(verify(&mb, mb.size, &r, &n), -EINVAL);
	free(mb.data);
	free(w);
	free(ram);
}

static void test_bitmap_not_matching_count_is_refused(void **state)
{
	struct snap_writer *w = malloc(sizeof(*w));
	struct membuf mb = { 0 };
	struct snap_sink sink;
	struct snap_source src;
	struct snap_meta m = { .arch = SNAP_ARCH_AARCH64,
			       .id = 9,
			       .parent = 8,
			       .flags = SNAP_FLAG_INCR },
			 r;
	uint8_t hdr[SNAP_MEM_HDR], bm[8] = { 0x3 }, page[SNAP_PAGE_SIZE] = { 0 }, buf[4096];
	uint8_t *ram = calloc(1, TEST_RAM);
	struct snap_vcpu v = { 0 };
	struct snap_vgic g = { .nvcpus = 2 };
	unsigned n;

	(void)state;
	test_config(&m.cfg);
	membuf_sink(&mb, &sink);
	assert_int_equal(snap_writer_begin(w, &m, 4, &sink), 0);
	for (unsigned c = 0; c < 2; c++) {
		v.id = c;
		snap_vcpu_encode(&v, buf);
		snap_writer_section(w, SNAP_SECT_VCPU, c);
		snap_writer_data(w, buf, SNAP_VCPU_BYTES);
	}
	snap_vgic_encode(&g, buf);
	snap_writer_section(w, SNAP_SECT_VGIC, 0);
	snap_writer_data(w, buf, snap_vgic_bytes(2));
	le64_put(hdr, 0x40000000);
	le64_put(hdr + 8, TEST_PAGES);
	le64_put(hdr + 16, 1); /* but two bits are set */
	snap_writer_section(w, SNAP_SECT_MEM_DELTA, 0);
	snap_writer_data(w, hdr, sizeof(hdr));
	snap_writer_data(w, bm, sizeof(bm));
	snap_writer_data(w, page, sizeof(page));
	assert_int_equal(snap_writer_finish(w, &m), 0);
	assert_int_equal(verify(&mb, mb.size, &r, &n), 0); /* checksums are fine */
	membuf_source(&mb, &src);
	assert_int_equal(snap_mem_apply(&src, find(n, SNAP_SECT_MEM_DELTA, 0), 0x40000000, TEST_RAM,
					ram, NULL, NULL),
			 -EINVAL);
	free(mb.data);
	free(w);
	free(ram);
}

static void test_different_config_is_refused(void **state)
{
	uint8_t *ram = malloc(TEST_RAM);
	struct membuf mb;
	struct snap_meta m;
	struct snap_config c;

	(void)state;
	make_full(&mb, ram, &m);
	test_config(&c);
	c.nvcpus = 1;
	assert_int_equal(snap_check_config(&m, &c), -EXDEV);
	test_config(&c);
	c.ram_size *= 2;
	assert_int_equal(snap_check_config(&m, &c), -EXDEV);
	test_config(&c);
	c.dev[2] = SNAP_DEV_VPCI;
	assert_int_equal(snap_check_config(&m, &c), -EXDEV);
	free(mb.data);
	free(ram);
}

static void test_section_decoders_check_fields(void **state)
{
	uint8_t buf[SNAP_VCPU_BYTES];
	struct snap_vcpu v = { .id = 1, .power = 7 };
	struct snap_uart u = { .cr = 0x10000 };
	struct snap_vgic g = { .nvcpus = 1 };
	uint8_t gb[2048];

	(void)state;
	snap_vcpu_encode(&v, buf);
	assert_int_equal(snap_vcpu_decode(buf, sizeof(buf), &v), -EINVAL);
	assert_int_equal(snap_vcpu_decode(buf, sizeof(buf) - 1, &v), -EINVAL);
	snap_uart_encode(&u, buf);
	assert_int_equal(snap_uart_decode(buf, SNAP_UART_BYTES, &u), -EINVAL);
	g.spi[5].flags = 0x80;
	snap_vgic_encode(&g, gb);
	assert_int_equal(snap_vgic_decode(gb, snap_vgic_bytes(1), &g), -EINVAL);
	assert_int_equal(snap_vgic_decode(gb, snap_vgic_bytes(2), &g), -EINVAL);
}

const struct CMUnitTest format_tests[] = {
	cmocka_unit_test(test_round_trip_full),
	cmocka_unit_test(test_incremental_applies_only_dirty_pages),
	cmocka_unit_test(test_truncated_images_are_refused),
	cmocka_unit_test(test_every_header_byte_flip_is_caught),
	cmocka_unit_test(test_magic_version_arch_errors),
	cmocka_unit_test(test_incremental_without_parent_is_malformed),
	cmocka_unit_test(test_bitmap_not_matching_count_is_refused),
	cmocka_unit_test(test_different_config_is_refused),
	cmocka_unit_test(test_section_decoders_check_fields),
};
const size_t format_ntests = ARRAY_SIZE(format_tests);

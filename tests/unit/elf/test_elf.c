// SPDX-License-Identifier: MIT
/*
 * boot/elf.c on real static ELF64 files (x86_64 and aarch64, built at test
 * time by sources.mk) and on malformed variants of them: header checks
 * (gABI "ELF Header"), program header bounds, PT_LOAD placement into free
 * RAM of a struct pmm with the bss zeroed, entry point.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/boot.h>
#include <vmplat/mm.h>

#define RAM_BASE 0x400000ull
#define RAM_SIZE (1ull << 20)

struct file {
	uint8_t *data;
	size_t size;
};

static uint8_t *ram; /* simulated physical memory at RAM_BASE */
static struct pmm pmm;
static char why[160];

static struct file load(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct file fl;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	fl.size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	fl.data = malloc(fl.size);
	assert_int_equal(fread(fl.data, 1, fl.size, f), fl.size);
	fclose(f);
	return fl;
}

static void *map(void *ctx, paddr_t pa, uint64_t len)
{
	(void)ctx;
	if (pa < RAM_BASE || pa + len > RAM_BASE + RAM_SIZE)
		return NULL;
	return ram + (pa - RAM_BASE);
}

static int setup(void **state)
{
	(void)state;
	ram = malloc(RAM_SIZE);
	memset(ram, 0xaa, RAM_SIZE);
	pmm_init(&pmm);
	assert_int_equal(pmm_add(&pmm, RAM_BASE, RAM_SIZE), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* Parse, place, and compare every segment byte with the file; bss must be 0. */
static void place_and_check(const char *path, uint16_t machine)
{
	struct file f = load(path);
	struct elf_info info;
	uint64_t free_before = pmm.free_bytes;

	assert_int_equal(elf_parse(f.data, f.size, machine, &info, why, sizeof(why)), 0);
	assert_int_equal(info.machine, machine);
	assert_true(info.nseg >= 2);
	assert_int_equal(info.entry, le64_get(f.data + 24));
	assert_int_equal(elf_place(&info, f.data, f.size, &pmm, map, NULL, why, sizeof(why)), 0);
	for (unsigned i = 0; i < info.nseg; i++) {
		const struct elf_segment *s = &info.seg[i];
		const uint8_t *dst = ram + (s->paddr - RAM_BASE);

		assert_memory_equal(dst, f.data + s->offset, s->filesz);
		for (uint64_t j = s->filesz; j < s->memsz; j++)
			assert_int_equal(dst[j], 0);
	}
	/* the payload's pages are no longer free: a second placement is refused */
	assert_true(pmm.free_bytes < free_before);
	assert_int_equal(elf_place(&info, f.data, f.size, &pmm, map, NULL, why, sizeof(why)),
			 -ENOEXEC);
	assert_non_null(strstr(why, "not free RAM"));
	free(f.data);
}

static void test_x86_64_payload_is_placed(void **state)
{
	(void)state;
	place_and_check("build/elf-test/x86_64.elf", EM_X86_64);
}

static void test_aarch64_payload_is_placed(void **state)
{
	(void)state;
	place_and_check("build/elf-test/aarch64.elf", EM_AARCH64);
}

static void test_machine_for_arch(void **state)
{
	(void)state;
	assert_int_equal(elf_machine_for("x86_64"), EM_X86_64);
	assert_int_equal(elf_machine_for("aarch64"), EM_AARCH64);
	assert_int_equal(elf_machine_for("riscv64"), 0);
}

static void expect_refused(const struct file *f, size_t size, uint16_t machine, const char *what)
{
	struct elf_info info;

	assert_int_equal(elf_parse(f->data, size, machine, &info, why, sizeof(why)), -ENOEXEC);
	if (!strstr(why, what))
		fail_msg("reason '%s' lacks '%s'", why, what);
}

/* One header byte changed on a fresh copy of the x86_64 payload. */
static void mutate(const struct file *orig, size_t off, const void *val, size_t n, const char *what)
{
	struct file f = { malloc(orig->size), orig->size };

	memcpy(f.data, orig->data, f.size);
	memcpy(f.data + off, val, n);
	expect_refused(&f, f.size, EM_X86_64, what);
	free(f.data);
}

static void test_bad_headers_are_refused(void **state)
{
	struct file f = load("build/elf-test/x86_64.elf");
	uint8_t b;
	uint16_t h;
	uint64_t q;

	(void)state;
	expect_refused(&f, f.size, EM_AARCH64, "wrong architecture");
	expect_refused(&f, 40, EM_X86_64, "bad magic"); /* shorter than a header */
	mutate(&f, 0, "\177ELG", 4, "bad magic");
	b = 1, mutate(&f, 4, &b, 1, "class 1");
	b = 2, mutate(&f, 5, &b, 1, "little-endian");
	b = 0, mutate(&f, 6, &b, 1, "EV_CURRENT");
	h = 3, mutate(&f, 16, &h, 2, "ET_EXEC"); /* ET_DYN */
	h = 0, mutate(&f, 52, &h, 2, "e_ehsize");
	h = 32, mutate(&f, 54, &h, 2, "e_phentsize");
	h = 0, mutate(&f, 56, &h, 2, "program headers");
	h = 0xffff, mutate(&f, 56, &h, 2, "program headers");
	q = f.size - 8, mutate(&f, 32, &q, 8, "outside the file");
	q = ~0ull - 4, mutate(&f, 32, &q, 8, "outside the file");
	/* truncated before the program headers end */
	expect_refused(&f, 64 + 56, EM_X86_64, "outside the file");
	free(f.data);
}

/* Offset of program header i's field off in the x86_64 payload. */
static size_t ph(const struct file *f, unsigned i, size_t off)
{
	return (size_t)le64_get(f->data + 32) + i * 56 + off;
}

static void test_bad_segments_are_refused(void **state)
{
	struct file f = load("build/elf-test/x86_64.elf");
	struct file g = { malloc(f.size), f.size };
	struct elf_info info;
	uint64_t q;

	(void)state;
	/* p_filesz > p_memsz */
	q = 1ull << 20, mutate(&f, ph(&f, 0, 32), &q, 8, "p_filesz > p_memsz");
	/* address wraps */
	q = ~0ull - 0x10, mutate(&f, ph(&f, 0, 24), &q, 8, "wraps");

	/* segment bytes past the end of the file */
	memcpy(g.data, f.data, f.size);
	q = f.size, memcpy(g.data + ph(&g, 3, 8), &q, 8);
	assert_int_equal(elf_parse(g.data, g.size, EM_X86_64, &info, why, sizeof(why)), 0);
	assert_int_equal(elf_place(&info, g.data, g.size, &pmm, map, NULL, why, sizeof(why)),
			 -ENOEXEC);
	assert_non_null(strstr(why, "past the end"));

	/* a segment outside RAM */
	memcpy(g.data, f.data, f.size);
	q = 0x10000000, memcpy(g.data + ph(&g, 3, 24), &q, 8);
	assert_int_equal(elf_parse(g.data, g.size, EM_X86_64, &info, why, sizeof(why)), 0);
	assert_int_equal(elf_place(&info, g.data, g.size, &pmm, map, NULL, why, sizeof(why)),
			 -ENOEXEC);
	assert_non_null(strstr(why, "not free RAM"));
	assert_int_equal(pmm.free_bytes, RAM_SIZE); /* nothing reserved on failure */

	/* the entry point outside every segment */
	memcpy(g.data, f.data, f.size);
	q = 0x900000, memcpy(g.data + 24, &q, 8);
	assert_int_equal(elf_parse(g.data, g.size, EM_X86_64, &info, why, sizeof(why)), 0);
	assert_int_equal(elf_place(&info, g.data, g.size, &pmm, map, NULL, why, sizeof(why)),
			 -ENOEXEC);
	assert_non_null(strstr(why, "entry"));
	free(g.data);
	free(f.data);
}

static void test_head_only_first_look(void **state)
{
	struct file f = load("build/elf-test/aarch64.elf");
	struct elf_info info;

	(void)state;
	/* the loader's check() sees only the head: headers are enough */
	assert_int_equal(elf_parse(f.data, 0x200, EM_AARCH64, &info, why, sizeof(why)), 0);
	free(f.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_x86_64_payload_is_placed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aarch64_payload_is_placed, setup, teardown),
		cmocka_unit_test(test_machine_for_arch),
		cmocka_unit_test(test_bad_headers_are_refused),
		cmocka_unit_test_setup_teardown(test_bad_segments_are_refused, setup, teardown),
		cmocka_unit_test(test_head_only_first_look),
	};

	return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}

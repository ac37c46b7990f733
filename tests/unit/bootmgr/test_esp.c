// SPDX-License-Identifier: MIT
/*
 * boot/esp_entries.c: what esp_collect() reads from an ESP (a fake esp_ops
 * over an in-memory file list, case-insensitive like FAT), its limits and
 * errors, path lookup, and the scan merging ESP entries with the ISO's
 * (boot/entries.c): same id from both, source "esp", the ESP's loader.conf,
 * booting an ESP entry loads the ESP's bytes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <cmocka.h>
#include <vmplat/boot.h>
#include <vmplat/mm.h>
#include "bootmgr_env.h"
#include "bootmgr_tests.h"

/* A file of the fake ESP; data NULL: size only, and reading it fails the test. */
struct fake_file {
	const char *path;
	const void *data;
	uint64_t size;
};

/* Data of a large file of zeros: read without touching memory. */
static const uint8_t zeros[1];

struct fake_esp {
	const struct fake_file *f;
	unsigned n;
	const char *fail_read; /* this path reads with -EIO */
	bool no_memory;	       /* alloc fails */
	unsigned allocs;
	void *block;
	uint64_t block_size;
};

static const struct fake_file *fake_lookup(struct fake_esp *esp, const char *path)
{
	for (unsigned i = 0; i < esp->n; i++)
		if (!strcasecmp(esp->f[i].path, path))
			return &esp->f[i];
	return NULL;
}

static int fake_list(void *ctx, const char *dir, int (*fn)(void *arg, const char *name), void *arg)
{
	struct fake_esp *esp = ctx;
	size_t n = strlen(dir);
	int found = 0, rc = 0;

	for (unsigned i = 0; !rc && i < esp->n; i++) {
		const char *p = esp->f[i].path;

		if (strncasecmp(p, dir, n) || p[n] != '/' || strchr(p + n + 1, '/'))
			continue;
		found = 1;
		rc = fn(arg, p + n + 1);
	}
	return found ? rc : -ENOENT;
}

static int fake_size(void *ctx, const char *path, uint64_t *size)
{
	const struct fake_file *f = fake_lookup(ctx, path);

	if (!f)
		return -ENOENT;
	*size = f->size;
	return 0;
}

static int fake_read(void *ctx, const char *path, void *buf, uint64_t size)
{
	struct fake_esp *esp = ctx;
	const struct fake_file *f = fake_lookup(esp, path);

	assert_non_null(f);
	if (esp->fail_read && !strcasecmp(esp->fail_read, path))
		return -EIO;
	if (!f->data)
		fail_msg("%s was read: it should have been left out", path);
	if (f->data == zeros)
		return 0; /* the block is fresh anonymous memory: zeros already */
	assert_true(size <= f->size);
	memcpy(buf, f->data, size);
	return 0;
}

/* Lazily backed: a budget-sized block costs nothing until written. */
static void *fake_alloc(void *ctx, uint64_t size)
{
	struct fake_esp *esp = ctx;
	void *p;

	if (esp->no_memory)
		return NULL;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		 -1, 0);
	assert_true(p != MAP_FAILED);
	esp->allocs++;
	esp->block = p;
	esp->block_size = size;
	return p;
}

static int collect(struct fake_esp *esp)
{
	struct esp_ops ops = { esp, fake_list, fake_size, fake_read, fake_alloc };

	return esp_collect(&ops);
}

/* The table points into the block: unmap it only after forgetting the table. */
static void release(struct fake_esp *esp)
{
	esp_reset();
	if (esp->block)
		munmap(esp->block, esp->block_size);
	esp->block = NULL;
}

static uint8_t kernel[20000];

static void make_kernel(void)
{
	for (uint64_t i = 0; i < sizeof(kernel); i++)
		kernel[i] = env_pattern(i);
}

#define TXT(s) s, sizeof(s) - 1

static const char demo_conf[] = "title Demo ESP\nlinux /demo/k.bin\ninitrd /Demo/I.IMG\n"
				"options esp=1\narchitecture x64\n";
static const char esp_initrd[] = "ESP-INITRD-BYTES";

void test_esp_collect_entry_files(void **state)
{
	const struct fake_file files[] = {
		{ "/loader/entries/demo.conf", TXT(demo_conf) },
		{ "/loader/loader.conf", TXT("default demo\n") },
		{ "/demo/k.bin", kernel, sizeof(kernel) },
		{ "/demo/i.img", TXT(esp_initrd) },
		{ "/demo/unused.bin", NULL, 1u << 30 }, /* named by no entry: never read */
		{ "/loader/entries/notes.txt", NULL, 10 },
	};
	struct fake_esp esp = { .f = files, .n = ARRAY_SIZE(files) };
	const struct esp_file *f;

	(void)state;
	env_reset(NULL, 0);
	make_kernel();
	assert_int_equal(collect(&esp), 4); /* entry, kernel, initrd, loader.conf */
	assert_int_equal(esp.allocs, 1);
	f = esp_find("\\DEMO\\K.BIN"); /* FAT: any case, either separator */
	assert_non_null(f);
	assert_int_equal(f->size, sizeof(kernel));
	assert_memory_equal(f->data, kernel, sizeof(kernel));
	f = esp_find("demo//./i.img");
	assert_non_null(f);
	assert_memory_equal(f->data, esp_initrd, sizeof(esp_initrd) - 1);
	assert_non_null(esp_find("/loader/loader.conf"));
	assert_null(esp_find("/demo/unused.bin"));
	assert_null(esp_find("/loader/entries/notes.txt"));
	assert_null(esp_find("/loader/../demo/k.bin")); /* ".." never leaves $BOOT */
	release(&esp);
}

void test_esp_limits(void **state)
{
	static const char conf[] = "title Limits\nlinux /demo/k.bin\ninitrd /big/a\ninitrd /big/b\n"
				   "initrd /big/toobig\ninitrd /../etc/passwd\n";
	const struct fake_file files[] = {
		{ "/loader/entries/limits.conf", TXT(conf) },
		{ "/demo/k.bin", kernel, sizeof(kernel) },
		{ "/big/a", zeros, BOOT_ESP_FILE_MAX },			     /* fits: kept */
		{ "/big/b", NULL, BOOT_ESP_BUDGET - BOOT_ESP_FILE_MAX + 1 }, /* passes the budget */
		{ "/big/toobig", NULL, BOOT_ESP_FILE_MAX + 1 },
	};
	struct fake_esp esp = { .f = files, .n = ARRAY_SIZE(files) };
	char msg[160];

	(void)state;
	env_reset(NULL, 0);
	make_kernel();
	assert_int_equal(collect(&esp), 3); /* entry, kernel, /big/a */
	assert_non_null(esp_find("/big/a"));
	assert_null(esp_find("/big/b"));
	assert_null(esp_find("/big/toobig"));
	snprintf(msg, sizeof(msg), "initrd /big/toobig: %llu bytes, more than the %llu allowed",
		 (unsigned long long)BOOT_ESP_FILE_MAX + 1, (unsigned long long)BOOT_ESP_FILE_MAX);
	assert_true(env_out_has(msg));
	assert_true(env_out_has("initrd /big/b:") && env_out_has("-byte budget"));
	assert_true(env_out_has("initrd /../etc/passwd: not a path inside the ESP"));
	release(&esp);
}

void test_esp_conf_count_limit(void **state)
{
	static char names[BOOT_ESP_MAX_CONFS + 3][40];
	struct fake_file files[BOOT_ESP_MAX_CONFS + 3];
	struct fake_esp esp = { .f = files, .n = ARRAY_SIZE(files) };
	char msg[80];

	(void)state;
	env_reset(NULL, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(names[i], sizeof(names[i]), "/loader/entries/e%02u.conf", i);
		files[i] = (struct fake_file){ names[i], TXT("title x\nlinux /none\n") };
	}
	assert_int_equal(collect(&esp), BOOT_ESP_MAX_CONFS);
	snprintf(msg, sizeof(msg), "%u entries past the first %u ignored", 3u, BOOT_ESP_MAX_CONFS);
	assert_true(env_out_has(msg));
	assert_true(env_out_has("linux /none: no such file"));
	release(&esp);
}

void test_esp_other_arch_not_read(void **state)
{
	const struct fake_file files[] = {
		{ "/loader/entries/arm.conf", TXT("title Arm\nlinux /k/arm\narchitecture aa64\n") },
		{ "/k/arm", NULL, 4096 }, /* reading it fails the test */
	};
	struct fake_esp esp = { .f = files, .n = ARRAY_SIZE(files) };

	(void)state;
	env_reset(NULL, 0);
	assert_int_equal(collect(&esp), 1);
	assert_null(esp_find("/k/arm"));
	release(&esp);
}

void test_esp_errors(void **state)
{
	const struct fake_file files[] = {
		{ "/loader/entries/demo.conf", TXT(demo_conf) },
		{ "/demo/k.bin", kernel, sizeof(kernel) },
		{ "/demo/i.img", TXT(esp_initrd) },
	};
	const struct fake_file none[] = { { "/EFI/BOOT/BOOTX64.EFI", TXT("MZ") } };
	struct fake_esp esp = { .f = files, .n = ARRAY_SIZE(files), .fail_read = "/Demo/I.IMG" };

	(void)state;
	env_reset(NULL, 0);
	make_kernel();
	assert_int_equal(collect(&esp), 2);
	assert_true(env_out_has("boot: esp: /Demo/I.IMG: read error, left out"));
	assert_null(esp_find("/demo/i.img"));
	assert_non_null(esp_find("/demo/k.bin"));
	release(&esp);
	esp = (struct fake_esp){ .f = files, .n = ARRAY_SIZE(files), .no_memory = true };
	assert_int_equal(collect(&esp), -ENOMEM);
	assert_int_equal(esp_count(), 0);
	esp = (struct fake_esp){ .f = none, .n = ARRAY_SIZE(none) };
	assert_int_equal(collect(&esp), -ENOENT);
	assert_int_equal(esp_count(), 0);
	assert_int_equal(esp.allocs, 0);
}

/* "good" on the ESP too: both listed, told apart by source; the ESP's files boot. */
void test_esp_merged_with_iso(void **state)
{
	static const char good[] = "title Good on ESP\nsort-key a\nlinux /demo/k.bin\n"
				   "initrd /demo/i.img\noptions from=esp\narchitecture x64\n";
	const struct fake_file files[] = {
		{ "/loader/entries/good.conf", TXT(good) },
		{ "/loader/entries/espbad.conf", TXT("title ESP missing\nlinux /demo/gone\n") },
		{ "/loader/loader.conf", TXT("default good\ntimeout 2\n") },
		{ "/demo/k.bin", kernel, sizeof(kernel) },
		{ "/demo/i.img", TXT(esp_initrd) },
	};
	struct fake_esp esp = { .f = files, .n = ARRAY_SIZE(files) };
	struct boot_entry *iso, *e;

	(void)state;
	env_reset(NULL, 0);
	make_kernel();
	assert_int_equal(collect(&esp), 5);
	env_scan();
	assert_int_equal(boot_config.n, 13); /* the ISO's 11 and 2 */
	assert_string_equal(boot_config.source, "vblk0+esp");
	assert_int_equal(boot_config.conf.timeout_s, 2); /* the ESP's loader.conf wins */
	iso = boot_entry_lookup("vblk0:good");
	e = boot_entry_lookup("esp:good");
	assert_non_null(iso);
	assert_non_null(e);
	assert_ptr_not_equal(iso, e);
	assert_string_equal(iso->title, "Good");
	assert_string_equal(e->title, "Good on ESP");
	assert_null(e->fs);
	assert_int_equal(e->status, BOOT_READY);
	e = boot_entry_lookup("esp:espbad");
	assert_int_equal(e->status, BOOT_MISSING_FILE);
	assert_string_equal(e->reason, "kernel /demo/gone: no such file");

	boot_entry_boot(boot_entry_lookup("esp:good"), NULL);
	assert_int_equal(env_boot.calls, 1);
	assert_true(env_boot.kernel_ok);
	assert_int_equal(env_boot.kernel_size, sizeof(kernel));
	assert_string_equal(env_boot.cmdline, "from=esp");
	assert_int_equal(env_boot.initrd_size, sizeof(esp_initrd) - 1);
	assert_memory_equal(env_boot.initrd_head, esp_initrd, 16);
	assert_true(env_out_has("boot: good (Good on ESP) from esp with the linux loader"));

	env_reset((const struct env_key[]){ { 0, 'q' } }, 1);
	boot_menu_run();
	assert_true(env_out_has("vmplat boot menu (vblk0+esp)"));
	assert_true(env_out_has("Good on ESP (esp)"));
	assert_true(env_out_has("Good (vblk0)"));
	release(&esp);
	env_scan(); /* back to the ISO alone for the tests after this one */
	assert_int_equal(boot_config.n, 11);
}

// SPDX-License-Identifier: MIT
/*
 * Host stand-ins for the boot-manager tests: console (output captured,
 * keys scripted against a fake clock that ndelay advances), log, a page
 * pool of host memory in pmm_global (phys_to_virt is the identity), one
 * block device over the ISO mkiso.sh made, and fake x86_64 "linux" and
 * "elf" loaders that check a "VMPLATK" magic and record what boot() got.
 */
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>
#include "bootmgr_env.h"

struct platform platform = { .arch = "x86_64" };
struct pmm pmm_global;
struct env_boot env_boot;
uint64_t env_now_ns;

static char *out;
static size_t out_len, out_cap;
static const struct env_key *keys;
static size_t nkeys, next_key;
static unsigned long getc_calls;
static uint8_t *pool;
static uint8_t *iso;
static size_t iso_len;
static struct blk_dev dev = { .name = "vblk0", .sector_size = 2048 };

/* ---- console and log ---- */
void console_write(const char *s, size_t n)
{
	if (out_len + n + 1 > out_cap) {
		out_cap = (out_len + n + 1) * 2;
		out = realloc(out, out_cap);
		assert_non_null(out);
	}
	memcpy(out + out_len, s, n);
	out_len += n;
	out[out_len] = '\0';
	if (getenv("BOOTMGR_VERBOSE"))
		fwrite(s, 1, n, stderr);
}

void console_printf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	char buf[1024];
	int n;

	if (lvl > LOG_INFO)
		return;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
	console_write("\n", 1);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

/* Keys in script order, each once the clock reached its time; 'q' after the last. */
int console_getc(void)
{
	if (++getc_calls > 10000000ul)
		fail_msg("menu keeps polling: script exhausted without leaving");
	if (next_key >= nkeys)
		return 'q';
	if (env_now_ns < keys[next_key].at_ns)
		return -1;
	return keys[next_key++].c;
}

uint64_t timestamp_ns(void)
{
	return env_now_ns;
}

void ndelay(uint64_t ns)
{
	env_now_ns += ns;
}

/* ---- pages ---- */
paddr_t page_alloc_aligned(uint64_t npages, uint64_t align)
{
	paddr_t pa = pmm_alloc_aligned(&pmm_global, npages, align);

	if (pa != INVALID_PADDR)
		memset(phys_to_virt(pa), 0, npages * PAGE_SIZE);
	return pa;
}

paddr_t page_alloc(uint64_t npages)
{
	return page_alloc_aligned(npages, PAGE_SIZE);
}

void page_free(paddr_t pa, uint64_t npages)
{
	assert_int_equal(pmm_free(&pmm_global, pa, npages), 0);
}

/* ---- one block device over the ISO ---- */
unsigned blk_count(void)
{
	return 1;
}

struct blk_dev *blk_get(unsigned i)
{
	return i == 0 ? &dev : NULL;
}

int blk_read_bytes(struct blk_dev *d, uint64_t off, uint64_t len, void *buf)
{
	assert_ptr_equal(d, &dev);
	if (off > iso_len || len > iso_len - off)
		return -ERANGE;
	memcpy(buf, iso + off, len);
	return 0;
}

static void load_iso(void)
{
	char exe[4096], path[4200];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	FILE *f;

	assert_true(n > 0);
	exe[n] = '\0';
	/* build/host{,-asan}/bootmgr/test_bootmgr -> build/bootmgr-test/boot.iso */
	snprintf(path, sizeof(path), "%s/../../bootmgr-test/boot.iso", dirname(exe));
	f = fopen(getenv("BOOTMGR_ISO") ? getenv("BOOTMGR_ISO") : path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	iso_len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	iso = malloc(iso_len);
	assert_non_null(iso);
	assert_int_equal(fread(iso, 1, iso_len, f), iso_len);
	fclose(f);
	dev.sectors = iso_len / dev.sector_size;
}

/* ---- fake loaders ---- */
uint8_t env_pattern(uint64_t i)
{
	static const char magic[] = "VMPLATK1";

	return i < 8 ? (uint8_t)magic[i] : (uint8_t)((i * 31 + (i >> 12)) & 0xff);
}

static int fake_check(const uint8_t *head, size_t len, uint64_t file_size, char *why,
		      size_t why_len)
{
	if (len < 8 || file_size < 8 || memcmp(head, "VMPLATK", 7)) {
		snprintf(why, why_len, "no VMPLATK magic");
		return -ENOEXEC;
	}
	return 0;
}

static int elf_check(const uint8_t *head, size_t len, uint64_t file_size, char *why, size_t why_len)
{
	(void)file_size;
	if (len < 4 || memcmp(head, "\177ELF", 4)) {
		snprintf(why, why_len, "not an ELF file");
		return -ENOEXEC;
	}
	return 0;
}

static int fake_boot(struct boot_entry *e, struct boot_image *k, struct boot_image *initrd,
		     const char *cmdline, struct boot_image *dtb)
{
	const uint8_t *kd = k->data;

	(void)dtb;
	env_boot.calls++;
	env_boot.at_ns = env_now_ns;
	snprintf(env_boot.id, sizeof(env_boot.id), "%s", e->id);
	snprintf(env_boot.cmdline, sizeof(env_boot.cmdline), "%s", cmdline);
	env_boot.kernel_size = k->size;
	env_boot.initrd_size = initrd ? initrd->size : 0;
	memset(env_boot.initrd_head, 0, sizeof(env_boot.initrd_head));
	if (initrd)
		memcpy(env_boot.initrd_head, initrd->data,
		       MIN(initrd->size, sizeof(env_boot.initrd_head)));
	env_boot.kernel_ok = true;
	for (uint64_t i = 0; i < k->size; i++)
		if (kd[i] != env_pattern(i))
			env_boot.kernel_ok = false;
	return -EIO; /* a handoff that failed: the manager goes back to the menu */
}

const struct boot_loader boot_loader_linux_x86_64 = {
	.name = "linux", .arch = "x86_64", .check = fake_check, .boot = fake_boot
};
const struct boot_loader boot_loader_elf = { .name = "elf", .check = elf_check, .boot = fake_boot };

/* ---- helpers ---- */
void env_reset(const struct env_key *k, size_t n)
{
	out_len = 0;
	if (out)
		out[0] = '\0';
	keys = k;
	nkeys = n;
	next_key = 0;
	getc_calls = 0;
	env_now_ns = NSEC_PER_SEC;
	memset(&env_boot, 0, sizeof(env_boot));
	boot_timeline_set(BOOT_T_ENTRY_CHOSEN, 0);
	platform.cmdline[0] = '\0';
	if (!pool) {
		pool = aligned_alloc(2u << 20, POOL_BYTES);
		assert_non_null(pool);
		load_iso();
	}
	pmm_init(&pmm_global);
	assert_int_equal(pmm_add(&pmm_global, (paddr_t)(uintptr_t)pool, POOL_BYTES), 0);
}

const char *env_output(void)
{
	return out ? out : "";
}

bool env_out_has(const char *s)
{
	return strstr(env_output(), s) != NULL;
}

unsigned env_count(const char *s)
{
	unsigned n = 0;

	for (const char *p = env_output(); (p = strstr(p, s)); p += strlen(s))
		n++;
	return n;
}

void env_scan(void)
{
	assert_int_equal(boot_scan(), 0);
}

struct boot_entry *env_entry(const char *id)
{
	for (unsigned i = 0; i < boot_config.n; i++)
		if (!strcmp(boot_config.entries[i].id, id))
			return &boot_config.entries[i];
	fail_msg("no entry %s", id);
	return NULL;
}

// SPDX-License-Identifier: MIT
/*
 * A VM from a boot manager entry (docs/hypervisor-linux.md): `vm start
 * <entry-id> [cpus=N] [mem=M]` reads the BLS entry's kernel and initrd(s)
 * from its ISO (boot_load_file, boot_load_initrds), inflates a gzip'd Image
 * (gunzip, boot/inflate.c, the arm64 loader's helper), and loads them with
 * the entry's options into a fresh VM (hv_vm_load: Image per booting.rst,
 * generated DTB). Defaults: 2 vCPUs, 256 MiB of guest RAM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include "hv_priv.h"
#include "vm_boot.h"

#define VM_BOOT_DEF_CPUS 2
#define VM_BOOT_DEF_MEM	 (256 * MiB)
#define VM_BOOT_MIN_MEM	 (16 * MiB)
#define VM_BOOT_MAX_MEM	 (4096ULL * MiB)

static struct hv_boot_opts opts = { VM_BOOT_DEF_CPUS, VM_BOOT_DEF_MEM };

/* "256M", "1G", "65536K" or plain bytes; 0 on a bad number. */
static uint64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	uint64_t unit = 1;

	if (end == s)
		return 0;
	switch (*end) {
	case 'K':
	case 'k':
		unit = KiB;
		end++;
		break;
	case 'M':
	case 'm':
		unit = MiB;
		end++;
		break;
	case 'G':
	case 'g':
		unit = 1024 * MiB;
		end++;
		break;
	default:
		break;
	}
	if (*end || v > VM_BOOT_MAX_MEM / unit)
		return 0;
	return v * unit;
}

int hv_boot_opt(const char *arg)
{
	if (!strncmp(arg, "cpus=", 5)) {
		char *end;
		unsigned long n = strtoul(arg + 5, &end, 10);

		if (*end || !n || n > HV_MAX_VCPUS)
			return -EINVAL;
		opts.ncpus = (unsigned)n;
		return 0;
	}
	if (!strncmp(arg, "mem=", 4)) {
		uint64_t m = parse_size(arg + 4);

		if (m < VM_BOOT_MIN_MEM || !IS_ALIGNED(m, 2 * MiB))
			return -EINVAL;
		opts.mem = m;
		return 0;
	}
	return -ENOENT;
}

void hv_boot_opts_reset(void)
{
	opts = (struct hv_boot_opts){ VM_BOOT_DEF_CPUS, VM_BOOT_DEF_MEM };
}

struct boot_entry *hv_boot_entry_find(const char *id)
{
	struct boot_entry *e = boot_entry_lookup(id);

	if (!e && !boot_scan()) /* no volume scanned yet (noboot), or a new one */
		e = boot_entry_lookup(id);
	return e;
}

/* The Image bytes: the file itself, or a gunzip'd copy in fresh pages (*own set). */
static int image_bytes(const struct boot_image *k, struct boot_image *out)
{
	const char *why = "";
	uint64_t size;
	size_t n;
	int rc;

	*out = *k;
	out->npages = 0; /* not ours to free */
	if (!gzip_is(k->data, k->size))
		return 0;
	size = gzip_isize(k->data, k->size);
	if (!size || size > INFLATE_MAX_OUT) {
		log_err("vm: %s: gzip'd Image of %llu bytes not usable", k->path,
			(unsigned long long)size);
		return -EINVAL;
	}
	out->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	out->paddr = page_alloc(out->npages);
	if (out->paddr == INVALID_PADDR) {
		out->npages = 0;
		log_err("vm: no memory to inflate %s (%llu KiB)", k->path,
			(unsigned long long)(size / KiB));
		return -ENOMEM;
	}
	out->data = phys_to_virt(out->paddr);
	n = size;
	rc = gunzip(k->data, k->size, out->data, &n, &why);
	out->size = n;
	if (rc) {
		log_err("vm: gunzip %s: %s", k->path, why);
		boot_image_free(out);
		return rc;
	}
	log_info("vm: %s gunzip'd: %llu -> %llu bytes", k->path, (unsigned long long)k->size,
		 (unsigned long long)n);
	return 0;
}

static int load_files(struct boot_entry *e, struct boot_image *k, struct boot_image *img,
		      struct boot_image *initrd)
{
	int rc;

	memset(k, 0, sizeof(*k));
	memset(img, 0, sizeof(*img));
	memset(initrd, 0, sizeof(*initrd));
	if (!e->linux_path[0]) {
		log_err("vm: entry %s has no `linux` kernel", e->id);
		return -ENOEXEC;
	}
	rc = boot_load_file(e->fs, e->linux_path, 0, k);
	if (!rc)
		rc = image_bytes(k, img);
	if (!rc)
		rc = boot_load_initrds(e, initrd);
	return rc;
}

int hv_boot_entry_vm(struct boot_entry *e, struct hv_vm **out)
{
	struct hv_vm_config cfg = { e->id, opts.ncpus, opts.mem };
	struct boot_image k, img, initrd;
	struct hv_guest_image gi;
	struct hv_vm *vm = NULL;
	int rc;

	*out = NULL;
	rc = load_files(e, &k, &img, &initrd);
	if (!rc)
		rc = hv_vm_create(&cfg, &vm);
	if (!rc) {
		gi = (struct hv_guest_image){ img.data, img.size, initrd.data, initrd.size,
					      e->options };
		rc = hv_vm_load(vm, &gi);
	}
	if (!rc)
		console_printf("vm %s: %s (%llu bytes) + initrd %llu bytes, %u vCPUs, %llu MiB, "
			       "options \"%s\"\n",
			       vm->name, e->linux_path, (unsigned long long)img.size,
			       (unsigned long long)initrd.size, vm->nvcpus,
			       (unsigned long long)(vm->ram_size / MiB), e->options);
	boot_image_free(&initrd);
	boot_image_free(&img);
	boot_image_free(&k);
	if (rc && vm) {
		hv_vm_stop(vm);
		hv_vm_destroy(vm);
		vm = NULL;
	}
	*out = vm;
	return rc;
}

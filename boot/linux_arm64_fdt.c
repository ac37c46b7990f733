// SPDX-License-Identifier: MIT
/*
 * The device tree an arm64 kernel gets (booting.rst 2 "Setup the device
 * tree", Documentation/devicetree/bindings/chosen.txt): a copy of vmplat's
 * DTB (or the entry's `devicetree`) with /chosen bootargs,
 * linux,initrd-start/end and rng-seed set through libfdt. Memory nodes,
 * /memreserve/ and /reserved-memory stay as given: vmplat keeps nothing
 * after the handoff. Portable: host-tested against host libfdt.
 *
 * Built for both arches (boot.h), but only images with libfdt on the
 * include path (aarch64, host tests) can edit a DTB; elsewhere the
 * functions say so with -ENOTSUP.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/handoff.h>

#if __has_include(<libfdt.h>)
#include <libfdt.h>

#define FDT_EDIT_SLACK 1024 /* new /chosen node, property names, alignment */

/* /chosen properties a firmware may have left that would mislead the kernel:
 * vmplat offers no EFI services (chosen.txt, "linux,uefi-*"). */
static const char *const stale_props[] = {
	"linux,uefi-system-table",   "linux,uefi-mmap-start",	 "linux,uefi-mmap-size",
	"linux,uefi-mmap-desc-size", "linux,uefi-mmap-desc-ver", "linux,elfcorehdr",
	"linux,usable-memory-range",
};

size_t arm64_fdt_room(const void *src, const struct arm64_fdt_args *a)
{
	size_t n = fdt_totalsize(src) + FDT_EDIT_SLACK;

	if (a->bootargs)
		n += strlen(a->bootargs) + 1;
	return ALIGN_UP(n + a->rng_seed_len, (size_t)8);
}

static int chosen_node(void *fdt)
{
	int off = fdt_path_offset(fdt, "/chosen");

	if (off == -FDT_ERR_NOTFOUND)
		off = fdt_add_subnode(fdt, 0, "chosen");
	return off;
}

static int set_chosen(void *fdt, int off, const struct arm64_fdt_args *a)
{
	int rc = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(stale_props) && (rc == 0 || rc == -FDT_ERR_NOTFOUND);
	     i++)
		rc = fdt_delprop(fdt, off, stale_props[i]);
	if (rc && rc != -FDT_ERR_NOTFOUND)
		return rc;
	if (a->bootargs)
		rc = fdt_setprop_string(fdt, off, "bootargs", a->bootargs);
	else
		rc = fdt_delprop(fdt, off, "bootargs");
	if (rc && rc != -FDT_ERR_NOTFOUND)
		return rc;
	if (a->initrd_end > a->initrd_start) {
		/* u64 cells: the kernel reads either width (chosen.txt). */
		rc = fdt_setprop_u64(fdt, off, "linux,initrd-start", a->initrd_start);
		if (!rc)
			rc = fdt_setprop_u64(fdt, off, "linux,initrd-end", a->initrd_end);
	} else {
		rc = fdt_delprop(fdt, off, "linux,initrd-start");
		if (!rc || rc == -FDT_ERR_NOTFOUND)
			rc = fdt_delprop(fdt, off, "linux,initrd-end");
		if (rc == -FDT_ERR_NOTFOUND)
			rc = 0;
	}
	if (!rc && a->rng_seed && a->rng_seed_len)
		rc = fdt_setprop(fdt, off, "rng-seed", a->rng_seed, (int)a->rng_seed_len);
	return rc;
}

/*
 * libfdt 1.6.1 loops forever in fdt_check_full when a property length wraps
 * fdt_next_tag's int offset back onto the same or an earlier tag (see
 * arch/aarch64/fdt_platform.c). Each tag must move forward (DTSpec 5.4.1),
 * which bounds the walk to totalsize / 4 steps.
 */
static bool tags_advance(const void *fdt, size_t len)
{
	int off = 0, next = 0;

	if (fdt_check_header(fdt) || fdt_totalsize(fdt) > len)
		return true; /* fdt_check_full refuses it without walking */
	/* Pre-16 blobs: its fdt_check_full dereferences NULL when fdt_get_name
	 * fails on a root name without '/' (DTSpec 5.2 wants version 17). */
	if (fdt_version(fdt) < 16)
		return false;
	for (uint32_t n = 0; n <= fdt_totalsize(fdt) / FDT_TAGSIZE; n++) {
		if (fdt_next_tag(fdt, off, &next) == FDT_END)
			return true;
		if (next <= off)
			return false;
		off = next;
	}
	return false;
}

int arm64_fdt_prepare(const void *src, size_t src_len, void *dst, size_t dst_len,
		      const struct arm64_fdt_args *a, const char **why)
{
	int rc, off;

	if (src_len < sizeof(struct fdt_header) || !tags_advance(src, src_len) ||
	    fdt_check_full(src, src_len)) {
		*why = "devicetree fails fdt_check_full";
		return -EINVAL;
	}
	if (dst_len > INT32_MAX || dst_len > ARM64_DTB_MAX) {
		*why = "devicetree buffer larger than the 2 MiB booting.rst allows";
		return -EINVAL;
	}
	if (a->initrd_end < a->initrd_start) {
		*why = "initrd end below its start";
		return -EINVAL;
	}
	rc = fdt_open_into(src, dst, (int)dst_len);
	if (rc) {
		*why = rc == -FDT_ERR_NOSPACE ? "no room for the devicetree copy" :
						"devicetree cannot be opened";
		return rc == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
	}
	off = chosen_node(dst);
	rc = off < 0 ? off : set_chosen(dst, off, a);
	if (!rc)
		rc = fdt_pack(dst);
	if (rc) {
		*why = rc == -FDT_ERR_NOSPACE ? "no room for the /chosen edits" : fdt_strerror(rc);
		return rc == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
	}
	if (fdt_check_full(dst, dst_len)) {
		*why = "edited devicetree fails fdt_check_full";
		return -EINVAL;
	}
	return 0;
}

#else /* no libfdt in this image (x86_64) */

size_t arm64_fdt_room(const void *src, const struct arm64_fdt_args *a)
{
	(void)src;
	(void)a;
	return 0;
}

int arm64_fdt_prepare(const void *src, size_t src_len, void *dst, size_t dst_len,
		      const struct arm64_fdt_args *a, const char **why)
{
	(void)src;
	(void)src_len;
	(void)dst;
	(void)dst_len;
	(void)a;
	*why = "no libfdt in this image";
	return -ENOTSUP;
}
#endif

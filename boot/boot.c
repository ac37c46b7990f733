// SPDX-License-Identifier: MIT
/*
 * Booting one entry: re-check it, load kernel, initrds and devicetree with
 * the timeline marked, hand them to the arch loader. An entry that failed a
 * check is never booted; a loader failure frees everything and returns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>

/* The loader for e's kernel, from its first bytes. */
static const struct boot_loader *pick_loader(struct boot_entry *e)
{
	uint8_t *head = malloc(BOOT_CHECK_BYTES);
	const struct boot_loader *l = NULL;
	struct boot_file f;
	int64_t got;

	if (head && !boot_file_open(e->fs, boot_entry_kernel(e), &f)) {
		got = boot_file_read(&f, 0, head, (size_t)MIN(f.size, BOOT_CHECK_BYTES));
		if (got > 0)
			l = e->elf_path[0] ? boot_loader_find("elf") :
					     boot_loader_for(head, (size_t)got);
		boot_file_close(&f);
	}
	free(head);
	return l;
}

static int load_all(struct boot_entry *e, const struct boot_loader *l, struct boot_image *k,
		    struct boot_image *initrd, struct boot_image *dtb)
{
	int rc;

	rc = boot_load_file(e->fs, boot_entry_kernel(e), l->kernel_align, k);
	if (rc)
		return boot_entry_fail(e, rc == -ENOENT ? BOOT_MISSING_FILE : BOOT_BAD_IMAGE,
				       "kernel %s: load failed (%d)", boot_entry_kernel(e), rc);
	boot_timeline_set(BOOT_T_KERNEL_LOADED, timestamp_ns());
	rc = boot_load_initrds(e, initrd);
	if (rc)
		return boot_entry_fail(e, rc == -ENOENT ? BOOT_MISSING_FILE : BOOT_BAD_IMAGE,
				       "initrd: load failed (%d)", rc);
	boot_timeline_set(BOOT_T_INITRD_LOADED, timestamp_ns());
	if (e->devicetree[0]) {
		rc = boot_load_file(e->fs, e->devicetree, 0, dtb);
		if (rc)
			return boot_entry_fail(e, BOOT_MISSING_FILE,
					       "devicetree %s: load failed (%d)", e->devicetree,
					       rc);
	}
	return 0;
}

int boot_entry_boot(struct boot_entry *e, const char *options)
{
	struct boot_image k = { 0 }, initrd = { 0 }, dtb = { 0 };
	const struct boot_loader *l;
	int rc;

	boot_timeline_set(BOOT_T_ENTRY_CHOSEN, timestamp_ns());
	if (boot_entry_check(e)) {
		console_printf("boot: %s: not booting, %s: %s\n", e->id,
			       boot_status_name(e->status), e->reason);
		return -EINVAL;
	}
	l = pick_loader(e);
	if (!l) /* checked just above; only a read error gets here */
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "kernel unreadable");
	console_printf("boot: %s (%s) from %s with the %s loader\n  cmdline: \"%s\"\n", e->id,
		       e->title, e->source, l->name, options ? options : e->options);
	rc = load_all(e, l, &k, &initrd, &dtb);
	if (!rc)
		rc = l->boot(e, &k, initrd.data ? &initrd : NULL, options ? options : e->options,
			     e->devicetree[0] ? &dtb : NULL);
	/* Only failures come back here. */
	if (!rc || e->status == BOOT_READY)
		boot_entry_fail(e, BOOT_BAD_IMAGE, "loader %s failed (%d)", l->name, rc);
	console_printf("boot: %s: %s: %s\n", e->id, boot_status_name(e->status), e->reason);
	boot_image_free(&k);
	boot_image_free(&initrd);
	boot_image_free(&dtb);
	return rc ? rc : -EIO;
}

/* "<source>:<id>" names one of two entries with the same id (ISO and ESP). */
static bool id_matches(const struct boot_entry *e, const char *s)
{
	size_t n = strlen(e->source);

	return !strcmp(e->id, s) ||
	       (n && !strncmp(s, e->source, n) && s[n] == ':' && !strcmp(e->id, s + n + 1));
}

/* Menu numbers count the entries shown: all but other-arch ones. */
struct boot_entry *boot_entry_lookup(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);
	unsigned shown = 0;

	for (unsigned i = 0; i < boot_config.n; i++) {
		struct boot_entry *e = &boot_config.entries[i];

		if (id_matches(e, s))
			return e;
		if (e->status != BOOT_WRONG_ARCH && *s && !*end && ++shown == n)
			return e;
	}
	return NULL;
}

void boot_manager_start(void)
{
	char id[BOOT_ID_MAX];
	struct boot_entry *e;

	boot_timeline_mark(BOOT_T_DEVICES_READY);
	if (cmdline_has(platform.cmdline, "noboot") || cmdline_has(platform.cmdline, "selftest"))
		return;
	if (boot_scan())
		return; /* no volume with /loader/entries: the shell as before */
	console_printf("boot: %u entries on %s\n", boot_config.n, boot_config.source);
	if (!cmdline_get(platform.cmdline, "boot", id, sizeof(id))) {
		e = boot_entry_lookup(id);
		if (e)
			boot_entry_boot(e, NULL);
		else
			console_printf("boot: boot=%s: no such entry\n", id);
	}
	boot_menu_run();
}

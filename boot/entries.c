// SPDX-License-Identifier: MIT
/*
 * Finding boot entries: the first block device holding an ISO9660 volume
 * with /loader/entries (UAPI.1: $BOOT/loader/entries, one .conf per entry),
 * then the ESP's entries read before ExitBootServices (boot/esp_entries.c);
 * entry files parsed, checked (referenced files exist, the loader accepts
 * the kernel) and sorted; /loader/loader.conf read when present.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/blk_iso.h>
#include <vmplat/boot.h>
#include <vmplat/iso9660.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>

struct boot_config boot_config;

/* A small whole file (entry or loader.conf) as NUL-terminated text. */
static char *read_text(struct iso_fs *fs, const char *path, size_t *len, int *err)
{
	struct boot_file f;
	char *buf = NULL;
	int64_t got;

	*err = boot_file_open(fs, path, &f);
	if (!*err && f.size > BOOT_CONF_MAX)
		*err = -EFBIG;
	if (!*err && !(buf = malloc(f.size + 1)))
		*err = -ENOMEM;
	if (!*err) {
		got = boot_file_read(&f, 0, buf, (size_t)f.size);
		*err = got == (int64_t)f.size ? 0 : got < 0 ? (int)got : -EIO;
		*len = (size_t)f.size;
		buf[f.size] = '\0';
	}
	boot_file_close(&f);
	if (*err) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

/* Does path exist as a regular file? */
static bool file_exists(struct iso_fs *fs, const char *path, uint64_t *size)
{
	struct boot_file f;
	bool ok = !boot_file_open(fs, path, &f);

	if (ok && size)
		*size = f.size;
	boot_file_close(&f);
	return ok;
}

static int check_files(struct boot_entry *e, uint64_t *ksize)
{
	uint64_t total = 0, sz;

	if (!file_exists(e->fs, boot_entry_kernel(e), ksize))
		return boot_entry_fail(e, BOOT_MISSING_FILE, "kernel %s: no such file",
				       boot_entry_kernel(e));
	for (unsigned i = 0; i < e->ninitrd; i++) {
		if (!file_exists(e->fs, e->initrd[i], &sz))
			return boot_entry_fail(e, BOOT_MISSING_FILE, "initrd %s: no such file",
					       e->initrd[i]);
		total += sz;
	}
	if (e->devicetree[0] && !file_exists(e->fs, e->devicetree, NULL))
		return boot_entry_fail(e, BOOT_MISSING_FILE, "devicetree %s: no such file",
				       e->devicetree);
	if (total > pmm_global.free_bytes)
		return boot_entry_fail(e, BOOT_BAD_IMAGE,
				       "initrd %llu bytes, larger than free memory (%llu bytes)",
				       (unsigned long long)total,
				       (unsigned long long)pmm_global.free_bytes);
	return 0;
}

int boot_entry_check(struct boot_entry *e)
{
	const struct boot_loader *l;
	char why[BOOT_REASON_MAX] = "";
	struct boot_file f = { 0 };
	uint64_t ksize = 0;
	uint8_t *head = NULL;
	int64_t got = 0;
	int rc;

	if (e->status == BOOT_BAD_ENTRY || e->status == BOOT_WRONG_ARCH)
		goto out;
	e->status = BOOT_READY;
	e->reason[0] = '\0';
	if (check_files(e, &ksize))
		goto out;
	head = malloc(BOOT_CHECK_BYTES);
	if (!head || boot_file_open(e->fs, boot_entry_kernel(e), &f) ||
	    (got = boot_file_read(&f, 0, head, (size_t)MIN(ksize, BOOT_CHECK_BYTES))) < 0) {
		boot_entry_fail(e, BOOT_MISSING_FILE, "kernel %s: cannot read",
				boot_entry_kernel(e));
		goto out;
	}
	/* An `elf` key always means the ELF loader: its check names what is wrong. */
	l = e->elf_path[0] ? boot_loader_find("elf") : boot_loader_for(head, (size_t)got);
	if (!l) {
		boot_entry_fail(e, BOOT_BAD_IMAGE, "%s: no %s loader in this build",
				boot_entry_kernel(e), platform.arch);
	} else {
		rc = l->check(head, (size_t)got, ksize, why, sizeof(why));
		if (rc)
			boot_entry_fail(e, BOOT_BAD_IMAGE, "%s: %s", boot_entry_kernel(e), why);
	}
out:
	boot_file_close(&f);
	free(head);
	return e->status == BOOT_READY ? 0 : -EINVAL;
}

/* Gather "*.conf" names of /loader/entries (bounded by BOOT_MAX_ENTRIES). */
struct names {
	char (*name)[ISO_NAME_MAX + 1];
	unsigned n, skipped;
};

static int collect(void *arg, const struct iso_entry *e)
{
	struct names *nm = arg;
	size_t len = strlen(e->name);

	if (e->type != ISO_TYPE_FILE || len <= 5 || strcmp(e->name + len - 5, ".conf"))
		return 0;
	if (nm->n >= BOOT_MAX_ENTRIES) {
		nm->skipped++;
		return 0;
	}
	memcpy(nm->name[nm->n++], e->name, len + 1);
	return 0;
}

static void load_entry(struct iso_fs *fs, const char *name, struct boot_entry *e)
{
	char path[ISO_NAME_MAX + 32];
	size_t len = 0;
	int err;
	char *text;

	snprintf(path, sizeof(path), "/loader/entries/%s", name);
	text = read_text(fs, path, &len, &err);
	if (!text) {
		memset(e, 0, sizeof(*e));
		bls_entry_id(name, e->id, sizeof(e->id));
		boot_entry_fail(e, BOOT_BAD_ENTRY, "%s: cannot read (%d)", path, err);
	} else if (bls_parse_entry(e, path, text, len)) {
		log_err("boot: %s", e->reason);
	}
	free(text);
	e->fs = fs;
	if (e->status == BOOT_READY && !bls_arch_matches(e, platform.arch))
		boot_entry_fail(e, BOOT_WRONG_ARCH, "architecture %s, this machine is %s",
				e->architecture, bls_arch_name(platform.arch));
}

static void read_loader_conf(struct iso_fs *fs)
{
	size_t len = 0;
	int err;
	char *text = read_text(fs, "/loader/loader.conf", &len, &err);

	loader_conf_parse(&boot_config.conf, text ? text : "", text ? len : 0);
	free(text);
}

/* Entries of one mounted volume into boot_config; -ENOENT without /loader/entries. */
static int scan_volume(struct iso_fs *fs, struct blk_dev *d)
{
	struct iso_entry *dir = malloc(sizeof(*dir));
	struct names nm = { calloc(BOOT_MAX_ENTRIES, ISO_NAME_MAX + 1), 0, 0 };
	int rc = dir && nm.name ? iso_resolve(fs, "/loader/entries", dir) : -ENOMEM;

	if (!rc && dir->type != ISO_TYPE_DIR)
		rc = -ENOTDIR;
	if (!rc)
		rc = iso_readdir(fs, dir, collect, &nm);
	if (!rc && !(boot_config.entries = calloc(nm.n ? nm.n : 1, sizeof(struct boot_entry))))
		rc = -ENOMEM;
	if (!rc) {
		if (nm.skipped)
			log_warn("boot: %s: %u entries past the first %u ignored", d->name,
				 nm.skipped, BOOT_MAX_ENTRIES);
		for (unsigned i = 0; i < nm.n; i++) {
			struct boot_entry *e = &boot_config.entries[i];

			load_entry(fs, nm.name[i], e);
			snprintf(e->source, sizeof(e->source), "%s", d->name);
			boot_entry_check(e);
		}
		boot_config.n = nm.n;
		boot_config.fs = fs;
		snprintf(boot_config.source, sizeof(boot_config.source), "%s", d->name);
		read_loader_conf(fs);
	}
	free(dir);
	free(nm.name);
	return rc;
}

bool boot_sources_mixed(void)
{
	for (unsigned i = 1; i < boot_config.n; i++)
		if (strcmp(boot_config.entries[i].source, boot_config.entries[0].source))
			return true;
	return false;
}

/* ESP entry files kept by esp_collect(): "/loader/entries/<id>.conf". */
static bool esp_is_entry(const struct esp_file *f)
{
	char id[BOOT_ID_MAX];

	return !strncmp(f->path, "/loader/entries/", 16) && !strchr(f->path + 16, '/') &&
	       !bls_entry_id(f->path, id, sizeof(id));
}

/*
 * Append the ESP's entries (source "esp", fs NULL: files from the ESP table)
 * to whatever the ISO gave; same ids stay apart by source. The ESP's
 * loader.conf, when it has one, is the machine's own: it wins over the ISO's.
 * 0, or -ENOENT when the ESP has no entries.
 */
static int scan_esp(void)
{
	const struct esp_file *conf = esp_find("/loader/loader.conf");
	struct boot_entry *all;
	unsigned n = 0;
	size_t len;

	for (unsigned i = 0; i < esp_count(); i++)
		n += esp_is_entry(esp_at(i));
	if (!n)
		return -ENOENT;
	all = realloc(boot_config.entries, (boot_config.n + n) * sizeof(*all));
	if (!all)
		return -ENOMEM;
	boot_config.entries = all;
	for (unsigned i = 0; i < esp_count(); i++) {
		const struct esp_file *f = esp_at(i);
		struct boot_entry *e = &all[boot_config.n];

		if (!esp_is_entry(f))
			continue;
		load_entry(NULL, f->path + 16, e);
		snprintf(e->source, sizeof(e->source), "%s", BOOT_ESP_SOURCE);
		boot_entry_check(e);
		boot_config.n++;
	}
	if (conf)
		loader_conf_parse(&boot_config.conf, (const char *)conf->data, (size_t)conf->size);
	else if (!boot_config.fs)
		loader_conf_parse(&boot_config.conf, "", 0);
	len = strlen(boot_config.source);
	snprintf(boot_config.source + len, sizeof(boot_config.source) - len, "%s%s", len ? "+" : "",
		 BOOT_ESP_SOURCE);
	return 0;
}

int boot_scan(void)
{
	struct iso_fs *fs = calloc(1, sizeof(*fs));
	int rc = -ENOENT;

	if (!fs)
		return -ENOMEM;
	free(boot_config.entries);
	if (boot_config.fs) {
		iso_unmount(boot_config.fs);
		free(boot_config.fs);
	}
	memset(&boot_config, 0, sizeof(boot_config));
	for (unsigned i = 0; rc && i < blk_count(); i++) {
		struct blk_dev *d = blk_get(i);
		struct iso_read_ops ops = blk_iso_ops(d);

		if (d->gone || !blk_has_iso9660(d) || iso_mount(fs, &ops))
			continue;
		rc = scan_volume(fs, d);
		if (rc)
			iso_unmount(fs);
	}
	if (rc)
		free(fs);
	if (!scan_esp())
		rc = 0;
	if (!rc)
		boot_entries_sort(boot_config.entries, boot_config.n);
	return rc;
}

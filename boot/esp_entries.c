// SPDX-License-Identifier: MIT
/*
 * Boot entries on the ESP (UAPI.1 "Boot Loader Specification": $BOOT may be
 * the EFI system partition). The ESP is only reachable through UEFI boot
 * services, which vmplat leaves early, so everything the entries need is read
 * before that: /loader/entries/<id>.conf, /loader/loader.conf and the files
 * each entry of this arch names. Two passes through struct esp_ops: plan
 * (names, sizes, limits) and then one allocation the page allocator never
 * sees, filled file by file. The table maps a path to its bytes; boot/load.c
 * reads entries whose fs is NULL from it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>

#define ESP_ALIGN 16u

static struct esp_file files[BOOT_ESP_MAX_FILES];
static unsigned nfiles;

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* FAT names compare case-insensitively (FAT32 spec 1.03, section 7). */
static bool same_path(const char *a, const char *b)
{
	for (; *a && fold(*a) == fold(*b); a++, b++)
		;
	return *a == *b;
}

/*
 * BLS paths are absolute within $BOOT with '/' separators; UEFI file paths use
 * '\\'. Normalize to "/a/b": one leading '/', no empty or "." components;
 * ".." (leaving $BOOT) and over-long paths are refused with -EINVAL.
 */
static int normalize(const char *in, char *out, size_t len)
{
	size_t o = 0;

	while (*in) {
		const char *c = in;
		size_t n;

		while (*c == '/' || *c == '\\')
			c++;
		for (n = 0; c[n] && c[n] != '/' && c[n] != '\\'; n++)
			;
		in = c + n;
		if (!n || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return -EINVAL;
		if (o + 1 + n >= len)
			return -EINVAL;
		out[o++] = '/';
		memcpy(out + o, c, n);
		o += n;
	}
	if (!o)
		return -EINVAL;
	out[o] = '\0';
	return 0;
}

static struct esp_file *lookup(const char *norm)
{
	for (unsigned i = 0; i < nfiles; i++)
		if (same_path(files[i].path, norm))
			return &files[i];
	return NULL;
}

const struct esp_file *esp_find(const char *path)
{
	char norm[BOOT_FIELD_MAX];
	struct esp_file *f;

	if (normalize(path, norm, sizeof(norm)))
		return NULL;
	f = lookup(norm);
	return f && f->data ? f : NULL;
}

unsigned esp_count(void)
{
	return nfiles;
}

const struct esp_file *esp_at(unsigned i)
{
	return i < nfiles ? &files[i] : NULL;
}

void esp_reset(void)
{
	memset(files, 0, sizeof(files));
	nfiles = 0;
}

/* What the planning pass has reserved so far (sizes rounded to ESP_ALIGN). */
struct plan {
	const struct esp_ops *ops;
	uint64_t total;
};

/* Plan one file: checked against every limit; said once when left out.
 * 0 (planned: files[nfiles - 1]), -EEXIST (planned before) or -errno. */
static int plan_file(struct plan *p, const char *path, uint64_t max, const char *what)
{
	struct esp_file *f;
	uint64_t size;
	int rc;

	if (nfiles >= BOOT_ESP_MAX_FILES) {
		log_err("boot: esp: %s %s: more than %u files, left out", what, path,
			BOOT_ESP_MAX_FILES);
		return -ENOSPC;
	}
	f = &files[nfiles];
	if (normalize(path, f->path, sizeof(f->path))) {
		log_err("boot: esp: %s %s: not a path inside the ESP", what, path);
		return -EINVAL;
	}
	if (lookup(f->path))
		return -EEXIST; /* named by an earlier entry: planned once */
	rc = p->ops->size(p->ops->ctx, f->path, &size);
	if (rc) {
		log_warn("boot: esp: %s %s: %s (%d)", what, f->path,
			 rc == -ENOENT ? "no such file" : "not readable", rc);
		return rc;
	}
	if (size > max) {
		log_err("boot: esp: %s %s: %llu bytes, more than the %llu allowed, left out", what,
			f->path, (unsigned long long)size, (unsigned long long)max);
		return -EFBIG;
	}
	if (ALIGN_UP(size, ESP_ALIGN) > BOOT_ESP_BUDGET - p->total) {
		log_err("boot: esp: %s %s: %llu bytes, past the %llu-byte budget (%llu used), "
			"left out",
			what, f->path, (unsigned long long)size,
			(unsigned long long)BOOT_ESP_BUDGET, (unsigned long long)p->total);
		return -EFBIG;
	}
	f->size = size;
	p->total += ALIGN_UP(size, ESP_ALIGN);
	nfiles++;
	return 0;
}

/* The files an entry of this arch names (BLS type #1 keys; vmplat's `elf`). */
static void plan_entry_files(struct plan *p, const struct boot_entry *e)
{
	if (e->linux_path[0])
		plan_file(p, e->linux_path, BOOT_ESP_FILE_MAX, "linux");
	if (e->elf_path[0])
		plan_file(p, e->elf_path, BOOT_ESP_FILE_MAX, "elf");
	for (unsigned i = 0; i < e->ninitrd; i++)
		plan_file(p, e->initrd[i], BOOT_ESP_FILE_MAX, "initrd");
	if (e->devicetree[0])
		plan_file(p, e->devicetree, BOOT_ESP_FILE_MAX, "devicetree");
}

/* Plan an entry file, read it into scratch (BOOT_CONF_MAX + 1 bytes), plan what it names. */
static void plan_conf(struct plan *p, const char *name, char *scratch, struct boot_entry *e)
{
	char path[BOOT_FIELD_MAX];
	const struct esp_file *f;

	if (strlen(name) + sizeof("/loader/entries/") > sizeof(path))
		return;
	strcpy(path, "/loader/entries/");
	strcat(path, name);
	if (plan_file(p, path, BOOT_CONF_MAX, "entry"))
		return;
	f = &files[nfiles - 1];
	if (p->ops->read(p->ops->ctx, f->path, scratch, f->size)) {
		log_err("boot: esp: %s: read error", f->path);
		p->total -= ALIGN_UP(f->size, ESP_ALIGN);
		nfiles--;
		return;
	}
	/* A bad entry is kept as is: the scan marks it with the parser's reason. */
	if (bls_parse_entry(e, f->path, scratch, (size_t)f->size))
		return;
	if (!bls_arch_matches(e, platform.arch)) {
		log_debug("boot: esp: %s: architecture %s, its files not read", f->path,
			  e->architecture);
		return;
	}
	plan_entry_files(p, e);
}

/* Gather "<id>.conf" names (bounded by BOOT_ESP_MAX_CONFS). */
struct conf_names {
	char (*name)[BOOT_ID_MAX + 8];
	unsigned n, skipped;
};

static int add_name(void *arg, const char *name)
{
	struct conf_names *c = arg;
	char id[BOOT_ID_MAX];

	if (bls_entry_id(name, id, sizeof(id)))
		return 0;
	if (c->n >= BOOT_ESP_MAX_CONFS) {
		c->skipped++;
		return 0;
	}
	strcpy(c->name[c->n++], name);
	return 0;
}

/* Second pass: one block for all planned files, each read in full. */
static int fill(const struct esp_ops *ops, uint64_t total)
{
	static const uint8_t empty[1];
	uint8_t *block = total ? ops->alloc(ops->ctx, total) : NULL;
	uint64_t off = 0;
	unsigned kept = 0;

	if (total && !block) {
		log_err("boot: esp: no memory for %llu bytes of ESP files",
			(unsigned long long)total);
		esp_reset();
		return -ENOMEM;
	}
	for (unsigned i = 0; i < nfiles; i++) {
		struct esp_file *f = &files[i];
		uint8_t *dst = block + off;

		off += ALIGN_UP(f->size, ESP_ALIGN);
		if (f->size && ops->read(ops->ctx, f->path, dst, f->size)) {
			log_err("boot: esp: %s: read error, left out", f->path);
			continue;
		}
		f->data = f->size ? dst : empty;
		files[kept++] = *f;
	}
	memset(files + kept, 0, (nfiles - kept) * sizeof(files[0]));
	nfiles = kept;
	return 0;
}

int esp_collect(const struct esp_ops *ops)
{
	struct conf_names cn = { calloc(BOOT_ESP_MAX_CONFS, sizeof(*cn.name)), 0, 0 };
	struct boot_entry *e = malloc(sizeof(*e));
	char *scratch = malloc(BOOT_CONF_MAX + 1);
	struct plan p = { ops, 0 };
	int rc = cn.name && e && scratch ? 0 : -ENOMEM;

	esp_reset();
	if (!rc)
		rc = ops->list(ops->ctx, "/loader/entries", add_name, &cn);
	if (cn.skipped)
		log_warn("boot: esp: %u entries past the first %u ignored", cn.skipped,
			 BOOT_ESP_MAX_CONFS);
	for (unsigned i = 0; !rc && i < cn.n; i++)
		plan_conf(&p, cn.name[i], scratch, e);
	if (!rc) {
		uint64_t size;

		/* Optional: only a present loader.conf is planned (and then checked). */
		if (!ops->size(ops->ctx, "/loader/loader.conf", &size))
			plan_file(&p, "/loader/loader.conf", BOOT_CONF_MAX, "loader.conf");
		rc = fill(ops, p.total);
	}
	free(cn.name);
	free(e);
	free(scratch);
	if (rc)
		esp_reset();
	return rc ? rc : (int)nfiles;
}

// SPDX-License-Identifier: MIT
/*
 * Boot manager (boot/): Boot Loader Specification type #1 entries from an
 * ISO9660 volume, a serial menu, per-arch loaders, a boot timeline.
 *
 *	boot_timeline_mark(BOOT_T_DEVICES_READY);
 *	if (!boot_scan())		finds /loader/entries on a volume
 *		boot_menu_run();	returns only when nothing was booted
 *
 * Loaders: one struct boot_loader per kind, found by name in a link-time
 * list (boot/loaders.c) rather than a registration call. Every boot/ C file is
 * built for both arches, so each loader object exists in both images; the
 * manager uses the one whose arch matches platform.arch (or arch NULL: any).
 *   boot_loader_linux_x86_64   boot/linux_x86_64*.c  (bzImage, 64-bit protocol)
 *   boot_loader_linux_arm64    boot/linux_arm64*.c   (arm64 Image, booting.rst)
 *   boot_loader_elf            boot/elf_loader.c     (static ELF64 payloads)
 * A link without a loader's file gets a weak default with name NULL
 * (boot/loaders.c; likewise a boot_quiesce that does nothing): the boot
 * manager's host test links fakes instead of the real loaders.
 *
 * Order of a boot (boot/boot.c): entry checked (files exist, loader check()
 * on the kernel's first BOOT_CHECK_BYTES) -> kernel loaded (page-allocated,
 * loader->kernel_align) -> initrds loaded and concatenated -> devicetree
 * loaded -> loader->boot(). boot() checks again whatever it relies on,
 * marks BOOT_T_HANDOFF and prints the timeline right before handoff, quiesces
 * the platform (boot_quiesce) and never returns on success; on failure it
 * returns -errno with the entry's reason set (boot_entry_fail), the manager
 * frees the images and goes back to the menu.
 */
#ifndef VMPLAT_BOOT_H
#define VMPLAT_BOOT_H

#include <vmplat/types.h>

struct iso_fs;
struct pmm;

/* Named limits (BLS entry files are small text; anything past these is refused). */
#define BOOT_MAX_ENTRIES    64u
#define BOOT_MAX_INITRDS    8u
#define BOOT_ID_MAX	    128u	 /* entry id (file name without .conf), with NUL */
#define BOOT_FIELD_MAX	    256u	 /* title, version, sort-key, machine-id, paths */
#define BOOT_OPTIONS_MAX    1024u	 /* joined options (kernel command line) */
#define BOOT_LINE_MAX	    1024u	 /* one line of an entry file, without newline */
#define BOOT_CONF_MAX	    (64u * 1024) /* bytes of one .conf file */
#define BOOT_REASON_MAX	    160u
#define BOOT_CHECK_BYTES    (64u * 1024) /* kernel head given to check() before loading */
#define BOOT_PROGRESS_BYTES (1u * MiB)	 /* files larger than this show a progress bar */

enum boot_status {
	BOOT_READY,
	BOOT_MISSING_FILE, /* linux/initrd/devicetree/elf path not on the volume */
	BOOT_BAD_IMAGE,	   /* a loader check failed (magic, truncated, arch, size, DTB) */
	BOOT_WRONG_ARCH,   /* `architecture` names another arch: hidden unless `boot list -a` */
	BOOT_BAD_ENTRY,	   /* malformed entry file (line rejected by the parser) */
};
const char *boot_status_name(enum boot_status s); /* "ready", "missing file", ... */

/* One BLS type #1 entry (/loader/entries/<id>.conf). Strings are NUL-terminated. */
struct boot_entry {
	char id[BOOT_ID_MAX];
	char title[BOOT_FIELD_MAX];
	char version[BOOT_FIELD_MAX];
	char sort_key[BOOT_FIELD_MAX];
	char machine_id[BOOT_FIELD_MAX];
	char linux_path[BOOT_FIELD_MAX]; /* `linux` */
	char elf_path[BOOT_FIELD_MAX];	 /* `elf` (vmplat extension: static ELF64 payload) */
	char initrd[BOOT_MAX_INITRDS][BOOT_FIELD_MAX]; /* concatenated in this order */
	unsigned ninitrd;
	char options[BOOT_OPTIONS_MAX]; /* all `options` lines joined with one space */
	char devicetree[BOOT_FIELD_MAX];
	char architecture[16]; /* as written: "x64", "aa64", ... ("" = any) */
	/* Where it came from. */
	char source[16];   /* block device name ("vblk0") */
	struct iso_fs *fs; /* its volume, mounted while the manager runs */
	enum boot_status status;
	char reason[BOOT_REASON_MAX]; /* why it is not ready ("" when ready) */
};

/* Set status and reason (printf format); returns -EINVAL for "return boot_entry_fail()". */
int boot_entry_fail(struct boot_entry *e, enum boot_status s, const char *fmt, ...) __printf(3, 4);
/* The path of the kernel: elf_path if set, else linux_path. */
const char *boot_entry_kernel(const struct boot_entry *e);

/* A file loaded into page-allocated, identity-mapped memory. */
struct boot_image {
	void *data;	  /* == phys_to_virt(paddr); NULL when empty */
	paddr_t paddr;	  /* page aligned (to the requested alignment) */
	uint64_t size;	  /* bytes of content */
	uint64_t npages;  /* pages allocated (size rounded up; page_free them) */
	const char *path; /* for messages (points into the entry) */
};

/*
 * Read a whole file of an ISO9660 volume into fresh pages aligned to align
 * (0: PAGE_SIZE); a progress bar (bytes, percent) for files over
 * BOOT_PROGRESS_BYTES. -ENOENT (missing), -EISDIR, -ENOMEM (larger than free
 * memory: said with both sizes), -EIO. On error nothing stays allocated.
 */
int boot_load_file(struct iso_fs *fs, const char *path, uint64_t align, struct boot_image *img);
/* All of e->initrd[] concatenated into one image (empty image when none). */
int boot_load_initrds(struct boot_entry *e, struct boot_image *img);
void boot_image_free(struct boot_image *img);

/*
 * A loader for one kind of kernel. check() looks at the first bytes of the
 * file (head, min(BOOT_CHECK_BYTES, file size) bytes; file_size is the whole
 * file) and says whether it can boot it: 0, or -EINVAL/-ENOEXEC with a
 * human reason in why ("bzImage: boot flag 0x0000, want 0xAA55"). boot()
 * gets everything loaded (initrd->data NULL when none; dtb NULL when the
 * entry has no devicetree) and returns only on failure (-errno, entry
 * reason set).
 */
struct boot_loader {
	const char *name;      /* "linux" (the `linux` key) or "elf" */
	const char *arch;      /* platform.arch it runs on: "x86_64", "aarch64"; NULL: any */
	uint64_t kernel_align; /* alignment for the loaded kernel file (0: page) */
	int (*check)(const uint8_t *head, size_t len, uint64_t file_size, char *why,
		     size_t why_len);
	int (*boot)(struct boot_entry *e, struct boot_image *kernel, struct boot_image *initrd,
		    const char *cmdline, struct boot_image *dtb);
};

extern const struct boot_loader boot_loader_linux_x86_64;
extern const struct boot_loader boot_loader_linux_arm64;
extern const struct boot_loader boot_loader_elf;
/* The loader for this arch and kernel: ELF magic -> elf, else "linux". NULL: none. */
const struct boot_loader *boot_loader_for(const uint8_t *head, size_t len);
const struct boot_loader *boot_loader_find(const char *name); /* for platform.arch */

/*
 * Generic pre-handoff quiesce (boot/handoff*.c): stop DMA and interrupts the
 * platform started (bus mastering, MSI, IOMMU, timers, other CPUs) so the
 * next kernel finds a quiet machine. 0 or -errno (then do not hand off).
 */
int boot_quiesce(void);

/*
 * A file of an entry's volume, for reading in pieces: the ISO (fs), or when
 * fs is NULL the ESP files read before ExitBootServices (boot/esp_entries.c).
 * open: 0, -ENOENT, -EISDIR (not a regular file), -ENOMEM. read: bytes read
 * (short only at the end), or -errno.
 */
struct boot_file {
	struct iso_fs *fs;    /* NULL: ESP table */
	struct iso_entry *ie; /* ISO: the resolved entry (allocated) */
	const uint8_t *data;  /* ESP: the file's bytes */
	uint64_t size;
};
int boot_file_open(struct iso_fs *fs, const char *path, struct boot_file *f);
int64_t boot_file_read(const struct boot_file *f, uint64_t off, void *buf, size_t len);
void boot_file_close(struct boot_file *f);

/* ---- ESP files (boot/esp_entries.c, portable; x86_64: arch/x86_64/efi_esp.c) ---- */
/*
 * Before ExitBootServices the x86_64 arch reads /loader/entries/<id>.conf,
 * /loader/loader.conf and every file the entries name (linux, elf, initrd,
 * devicetree) from the ESP through esp_ops into one memory block the page
 * allocator never gets; boot_scan() then adds those entries with source
 * "esp" next to the ISO's. Bounded: at most BOOT_ESP_MAX_CONFS entry files
 * and BOOT_ESP_MAX_FILES files, each file at most BOOT_ESP_FILE_MAX bytes and
 * all of them at most BOOT_ESP_BUDGET bytes; what does not fit is left out
 * with a message saying which limit it passed (its entry then says missing file).
 */
#define BOOT_ESP_MAX_CONFS 16u
#define BOOT_ESP_MAX_FILES 64u
#define BOOT_ESP_FILE_MAX  (128u * MiB)
#define BOOT_ESP_BUDGET	   (192u * MiB)
#define BOOT_ESP_SOURCE	   "esp"

struct esp_ops {
	void *ctx;
	/* fn(arg, name) for each regular file of dir (absolute, '/'); 0, -ENOENT, -errno. */
	int (*list)(void *ctx, const char *dir, int (*fn)(void *arg, const char *name), void *arg);
	/* Size of a regular file: 0, -ENOENT, -EISDIR, -errno. */
	int (*size)(void *ctx, const char *path, uint64_t *size);
	/* Read the first size bytes of the file into buf: 0 or -errno. */
	int (*read)(void *ctx, const char *path, void *buf, uint64_t size);
	/* Memory that outlives boot services and the page allocator (NULL: none). */
	void *(*alloc)(void *ctx, uint64_t size);
};

struct esp_file {
	char path[BOOT_FIELD_MAX]; /* normalized: absolute, '/', no "//" */
	const uint8_t *data;
	uint64_t size;
};

/* Read the entries and what they reference; number of files kept, or -errno
 * (-ENOENT: no /loader/entries; -ENOMEM: alloc failed, nothing kept). */
int esp_collect(const struct esp_ops *ops);
/* A kept file by BLS path (FAT names: case-insensitive; '\' and '/' alike). */
const struct esp_file *esp_find(const char *path);
unsigned esp_count(void);
const struct esp_file *esp_at(unsigned i);
void esp_reset(void); /* forget the table (tests) */

/* ---- boot timeline (boot/timeline.c): timestamp_ns() at each stage ---- */
enum boot_stage {
	BOOT_T_FIRMWARE_ENTRY, /* arch entry (recorded as timestamp 0 of the counter) */
	BOOT_T_DEVICES_READY,  /* PCI, IOMMU, block devices up */
	BOOT_T_ENTRY_CHOSEN,
	BOOT_T_KERNEL_LOADED,
	BOOT_T_INITRD_LOADED,
	BOOT_T_HANDOFF,
	BOOT_T_COUNT,
};
void boot_timeline_mark(enum boot_stage s);		/* first mark of a stage wins */
void boot_timeline_set(enum boot_stage s, uint64_t ns); /* e.g. an earlier timestamp */
uint64_t boot_timeline_ns(enum boot_stage s);		/* 0: not reached */
/* "boot timeline: firmware entry 0.000 s, devices ready 1.234 s (+1.234) ..." */
void boot_timeline_print(void);

/* ---- Boot Loader Specification parsing (portable: boot/bls.c, loaderconf.c, version.c) ---- */
/*
 * Parse one entry file (text, len bytes; fname for messages, id from it).
 * 0, or -EINVAL with e->status BOOT_BAD_ENTRY and e->reason naming the file
 * and line ("/loader/entries/x.conf:3: value missing"). Unknown keys are
 * skipped with a debug note.
 */
int bls_parse_entry(struct boot_entry *e, const char *fname, const char *text, size_t len);
/* The entry id for a file name: basename without ".conf"; -EINVAL if not a .conf name. */
int bls_entry_id(const char *fname, char *id, size_t len);
/* BLS `architecture` name for platform.arch ("x86_64" -> "x64", "aarch64" -> "aa64"). */
const char *bls_arch_name(const char *arch);
/* An entry whose architecture is empty or matches this one. */
bool bls_arch_matches(const struct boot_entry *e, const char *arch);

struct loader_conf {
	char default_pattern[BOOT_ID_MAX]; /* `default`: glob over entry ids ("" none) */
	int timeout_s;			   /* `timeout`; -1 when not given */
	bool menu_force;		   /* timeout "menu-force": wait for a key */
};
/* /loader/loader.conf: default, timeout; other keys ignored. 0 or -EINVAL (logged). */
int loader_conf_parse(struct loader_conf *c, const char *text, size_t len);
/* fnmatch-like: * ? [abc] [a-z] [!x]; no escapes. */
bool boot_glob_match(const char *pattern, const char *s);

/* Version comparison of the BLS (systemd strverscmp_improved): <0, 0, >0. */
int boot_strverscmp(const char *a, const char *b);
/* BLS order: sort-key, machine-id, version (newest first), then id. */
int boot_entry_cmp(const struct boot_entry *a, const struct boot_entry *b);
void boot_entries_sort(struct boot_entry *e, unsigned n);
/* Index of the default entry among n sorted entries (only ready ones count;
 * pattern "" or no match: the first ready), or -1 when none is ready. */
int boot_default_index(const struct boot_entry *e, unsigned n, const char *pattern);

/* ---- ELF64 static payloads (portable: boot/elf.c; ELF-64 Object File Format 1.5) ---- */
#define ELF_MAX_SEGMENTS 16u
#define EM_X86_64	 62
#define EM_AARCH64	 183

struct elf_segment {
	uint64_t offset, filesz, memsz;
	paddr_t paddr;
	uint32_t flags;
};
struct elf_info {
	uint16_t machine;
	uint64_t entry;
	unsigned nseg; /* PT_LOAD segments */
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};
/* EM_* of the running arch ("x86_64", "aarch64"), 0 for anything else. */
uint16_t elf_machine_for(const char *arch);
/* Check the header and program headers of an image of size bytes (size may be
 * just the head for a first look: then only the ELF and program headers are
 * checked). 0 or -ENOEXEC with why. */
int elf_parse(const uint8_t *buf, uint64_t size, uint16_t machine, struct elf_info *out, char *why,
	      size_t why_len);
/*
 * Copy the PT_LOAD segments to their physical addresses and zero their bss,
 * after checking each lies in RAM that pmm has free (reserving it there).
 * map(ctx, pa, len) gives a pointer to write physical memory (identity in
 * firmware, a buffer in tests). 0, -ENOMEM (not free RAM) or -ENOEXEC.
 */
int elf_place(const struct elf_info *info, const uint8_t *buf, uint64_t size, struct pmm *pmm,
	      void *(*map)(void *ctx, paddr_t pa, uint64_t len), void *ctx, char *why,
	      size_t why_len);

/* ---- the manager (boot/entries.c, menu.c, boot.c) ---- */
struct boot_config {
	struct boot_entry *entries; /* sorted; all of them, other-arch ones included */
	unsigned n;
	struct loader_conf conf;
	struct iso_fs *fs;
	char source[16];
};
extern struct boot_config boot_config;

/* Find a volume with /loader/entries, add the ESP's entries (x86_64), read,
 * check and sort them. 0, -ENOENT (neither has entries). */
int boot_scan(void);
/* Re-check one entry (files exist, loader check). */
int boot_entry_check(struct boot_entry *e);
/* Boot an entry with these options (NULL: its own). Returns only on failure. */
int boot_entry_boot(struct boot_entry *e, const char *options);
/* The entry by id, "<source>:<id>" (ISO and ESP may share an id) or its menu
 * number (1-based, visible entries). */
struct boot_entry *boot_entry_lookup(const char *id_or_number);
/* Entries come from more than one source (ISO and ESP): menu and list name it. */
bool boot_sources_mixed(void);
/* Interactive menu (or timeout/default, `boot=<id>`); returns when the user
 * leaves it (ESC/q) or nothing could be booted. */
void boot_menu_run(void);
/* platform_main hook: after devices are ready, unless `selftest` or `noboot`. */
void boot_manager_start(void);

#endif

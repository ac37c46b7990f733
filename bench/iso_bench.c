// SPDX-License-Identifier: MIT
/*
 * ISO9660 host benchmark: path lookups per second and file read MB/s on the
 * same xorriso image (Rock Ridge), vmplat's iso/ against libiso9660, in the
 * same run, printed as ratios (vmplat / libiso9660).
 *
 * host.mk's bench rule links no libraries and no extra sources for this
 * bench, so the iso/ sources are compiled in here and libiso9660 is opened
 * with dlopen (glibc >= 2.34 has it in libc). With
 * BENCH_SRCS_iso_bench := (the iso sources) and -liso9660 in mk/host.mk,
 * build with -DISO_BENCH_LINKED instead.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <vmplat/iso9660.h>
#include <vmplat/log.h>

#ifndef ISO_BENCH_LINKED
#include "../iso/cache.c"
#include "../iso/dir.c"
#include "../iso/dirrec.c"
#include "../iso/eltorito.c"
#include "../iso/file.c"
#include "../iso/joliet.c"
#include "../iso/lookup.c"
#include "../iso/rockridge.c"
#include "../iso/susp.c"
#include "../iso/volume.c"
#endif

#define BENCH_DIR   "build/iso-bench"
#define BENCH_DIRS  32
#define BENCH_FILES 64 /* per directory */
#define BIG_MIB	    64
#define LOOKUPS	    20000
#define CHUNK	    (1u << 20)
#define ISO_BLOCK   2048

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	if (lvl == LOG_ERR)
		vfprintf(stderr, fmt, ap), fputc('\n', stderr);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

/* The few libiso9660 calls used, resolved at run time. */
struct libiso {
	void *(*open_ext)(const char *path, uint8_t mask);
	void *(*ifs_stat)(void *iso, const char *path);
	void (*stat_free)(void *st);
	long (*seek_read)(const void *iso, void *buf, int32_t lsn, long blocks);
	bool (*close)(void *iso);
};

static int libiso_load(struct libiso *l)
{
	void *h = dlopen("libiso9660.so.11", RTLD_NOW);

	if (!h)
		h = dlopen("libiso9660.so", RTLD_NOW);
	if (!h)
		return -ENOENT;
	*(void **)&l->open_ext = dlsym(h, "iso9660_open_ext");
	*(void **)&l->ifs_stat = dlsym(h, "iso9660_ifs_stat");
	*(void **)&l->stat_free = dlsym(h, "iso9660_stat_free");
	*(void **)&l->seek_read = dlsym(h, "iso9660_iso_seek_read");
	*(void **)&l->close = dlsym(h, "iso9660_close");
	return l->open_ext && l->ifs_stat && l->stat_free && l->seek_read && l->close ? 0 : -ENOENT;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int make_image(void)
{
	char path[512];
	FILE *f;

	if (!access(BENCH_DIR "/bench.iso", R_OK))
		return 0;
	if (system("rm -rf " BENCH_DIR " && mkdir -p " BENCH_DIR "/tree"))
		return -EIO;
	for (int d = 0; d < BENCH_DIRS; d++) {
		snprintf(path, sizeof(path), BENCH_DIR "/tree/dir%02d", d);
		mkdir(path, 0755);
		for (int i = 0; i < BENCH_FILES; i++) {
			snprintf(path, sizeof(path), BENCH_DIR "/tree/dir%02d/file_%03d.txt", d, i);
			f = fopen(path, "w");
			if (!f)
				return -EIO;
			fprintf(f, "%d/%d\n", d, i);
			fclose(f);
		}
	}
	if (system("head -c "
		   "64M"
		   " /dev/urandom > " BENCH_DIR "/tree/big.bin") ||
	    system("xorriso -report_about SORRY -as mkisofs -R -J -o " BENCH_DIR
		   "/bench.iso " BENCH_DIR "/tree 2>/dev/null"))
		return -EIO;
	return 0;
}

static int dev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	return pread(*(int *)ctx, buf, len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

static void path_of(unsigned i, char *p, size_t n)
{
	unsigned x = i * 2654435761u; /* spread over all files */

	snprintf(p, n, "/dir%02u/file_%03u.txt", (x >> 8) % BENCH_DIRS, (x >> 16) % BENCH_FILES);
}

static double vmplat_lookups(struct iso_fs *fs)
{
	struct iso_entry e;
	char p[64];
	double t = now();

	for (unsigned i = 0; i < LOOKUPS; i++) {
		path_of(i, p, sizeof(p));
		if (iso_lookup(fs, p, &e))
			exit((fprintf(stderr, "vmplat: %s not found\n", p), 1));
	}
	return LOOKUPS / (now() - t);
}

static double libiso_lookups(struct libiso *l, void *iso)
{
	char p[64];
	double t = now();

	for (unsigned i = 0; i < LOOKUPS; i++) {
		void *st;

		path_of(i, p, sizeof(p));
		st = l->ifs_stat(iso, p);
		if (!st)
			exit((fprintf(stderr, "libiso9660: %s not found\n", p), 1));
		l->stat_free(st);
	}
	return LOOKUPS / (now() - t);
}

static double vmplat_read(struct iso_fs *fs, uint8_t *buf, uint32_t *lba)
{
	struct iso_entry e;
	double t;
	uint64_t off = 0;

	if (iso_lookup(fs, "/big.bin", &e))
		exit(1);
	*lba = e.extents[0].lba;
	t = now();
	while (off < e.size)
		off += (uint64_t)iso_read(fs, &e, off, buf, CHUNK);
	return (double)e.size / (now() - t) / 1e6;
}

static double libiso_read(struct libiso *l, void *iso, uint8_t *buf, uint32_t lba)
{
	uint64_t size = (uint64_t)BIG_MIB << 20, off = 0;
	double t = now();

	for (; off < size; off += CHUNK)
		l->seek_read(iso, buf, (int32_t)(lba + off / ISO_BLOCK), CHUNK / ISO_BLOCK);
	return (double)size / (now() - t) / 1e6;
}

int main(void)
{
	struct iso_read_ops ops;
	struct iso_fs fs;
	struct libiso l;
	struct stat st;
	uint8_t *buf = malloc(CHUNK);
	double vl, ll, vr, lr;
	uint32_t lba;
	void *iso;
	int fd;

	if (make_image() || libiso_load(&l)) {
		fprintf(stderr, "iso_bench: no image (xorriso) or no libiso9660\n");
		return 1;
	}
	fd = open(BENCH_DIR "/bench.iso", O_RDONLY);
	fstat(fd, &st);
	ops = (struct iso_read_ops){ dev_read, &fd, (uint64_t)st.st_size };
	iso = l.open_ext(BENCH_DIR "/bench.iso", 0x08 /* ISO_EXTENSION_ROCK_RIDGE */);
	if (fd < 0 || !buf || !iso || iso_mount(&fs, &ops))
		return 1;
	vmplat_read(&fs, buf, &lba); /* warm the page cache for both */
	vl = vmplat_lookups(&fs);
	ll = libiso_lookups(&l, iso);
	vr = vmplat_read(&fs, buf, &lba);
	lr = libiso_read(&l, iso, buf, lba);
	printf("iso lookups/s   (%u dirs x %u files, RR): vmplat %10.0f  libiso9660 %10.0f  ratio %.2f\n",
	       BENCH_DIRS, BENCH_FILES, vl, ll, vl / ll);
	printf("iso read MB/s   (%u MiB file, 1 MiB reads): vmplat %10.1f  libiso9660 %10.1f  ratio %.2f\n",
	       BIG_MIB, vr, lr, vr / lr);
	printf("iso cache: %llu hits, %llu misses, %llu medium reads\n",
	       (unsigned long long)fs.stats.cache_hits, (unsigned long long)fs.stats.cache_misses,
	       (unsigned long long)fs.stats.reads);
	iso_unmount(&fs);
	l.close(iso);
	close(fd);
	free(buf);
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * Host stand-ins for the iso9660 tests: log, read ops over a file (pread)
 * or a buffer, a small SHA-256 and sha256sum, the image folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vmplat/log.h>
#include "iso_env.h"

char env_last_error[512];
unsigned env_errors;

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (lvl == LOG_ERR) {
		env_errors++;
		snprintf(env_last_error, sizeof(env_last_error), "%s", msg);
	}
	if (getenv("ISO_TEST_VERBOSE"))
		fprintf(stderr, "log: %s\n", msg);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

const char *env_image_dir(void)
{
	static char dir[4096];
	char exe[4096];
	ssize_t n;

	if (dir[0])
		return dir;
	if (getenv("ISO_TEST_IMAGES")) {
		snprintf(dir, sizeof(dir), "%s", getenv("ISO_TEST_IMAGES"));
		return dir;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	/* build/<host|host-asan>/iso9660/test_iso9660 -> build/iso-test */
	snprintf(dir, sizeof(dir), "%s/../../iso-test", dirname(exe));
	return dir;
}

const char *env_image(const char *name)
{
	static char path[4200];

	snprintf(path, sizeof(path), "%s/%s", env_image_dir(), name);
	return path;
}

static int file_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct env_file *f = ctx;
	size_t done = 0;

	f->reads++;
	while (done < len) {
		ssize_t n = pread(f->fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (n <= 0)
			return -EIO;
		done += (size_t)n;
	}
	return 0;
}

int env_file_open(struct env_file *f, const char *path, struct iso_read_ops *ops)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->fd = open(path, O_RDONLY);
	if (f->fd < 0 || fstat(f->fd, &st))
		return -errno;
	f->size = (uint64_t)st.st_size;
	*ops = (struct iso_read_ops){ file_read, f, f->size };
	return 0;
}

void env_file_close(struct env_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct env_mem *m = ctx;

	if (off > m->size || len > m->size - off)
		return -EIO;
	memcpy(buf, m->data + off, len);
	return 0;
}

int env_mem_load(struct env_mem *m, const char *path, size_t max)
{
	FILE *fp = fopen(path, "rb");

	memset(m, 0, sizeof(*m));
	if (!fp)
		return -errno;
	m->data = malloc(max);
	m->size = m->data ? fread(m->data, 1, max, fp) : 0;
	fclose(fp);
	return m->data ? 0 : -ENOMEM;
}

void env_mem_ops(struct env_mem *m, struct iso_read_ops *ops)
{
	*ops = (struct iso_read_ops){ mem_read, m, m->size };
}

/* ---- SHA-256: the firmware's own (core/sha256.c) ---- */
void env_sha_init(struct env_sha *s)
{
	sha256_init(&s->c);
}

void env_sha_update(struct env_sha *s, const void *data, size_t n)
{
	sha256_update(&s->c, data, n);
}

void env_sha_hex(struct env_sha *s, char hex[65])
{
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_final(&s->c, d);
	sha256_hex(d, hex);
}

int env_sha256sum(const char *path, char hex[65])
{
	char cmd[4400];
	FILE *p;
	int ok;

	snprintf(cmd, sizeof(cmd), "sha256sum '%s'", path);
	p = popen(cmd, "r");
	if (!p)
		return -errno;
	ok = fscanf(p, "%64s", hex) == 1;
	pclose(p);
	return ok ? 0 : -EIO;
}

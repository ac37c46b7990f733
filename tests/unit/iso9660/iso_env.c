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

/* ---- SHA-256, FIPS 180-4 section 6.2 ---- */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static void sha_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], v[8];

	for (unsigned i = 0; i < 16; i++)
		w[i] = be32_get(p + 4 * i);
	for (unsigned i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) +
		       w[i - 7] + (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10);
	memcpy(v, h, sizeof(v));
	for (unsigned i = 0; i < 64; i++) {
		uint32_t t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
			      ((v[4] & v[5]) ^ (~v[4] & v[6])) + K[i] + w[i];
		uint32_t t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
			      ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));

		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (unsigned i = 0; i < 8; i++)
		h[i] += v[i];
}

void env_sha_init(struct env_sha *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

void env_sha_update(struct env_sha *s, const void *data, size_t n)
{
	const uint8_t *p = data;

	while (n) {
		size_t used = s->len % 64, k = MIN(n, 64 - used);

		if (!used && n >= 64) {
			sha_block(s->h, p);
			k = 64;
		} else {
			memcpy(s->buf + used, p, k);
			if (used + k == 64)
				sha_block(s->h, s->buf);
		}
		s->len += k;
		p += k;
		n -= k;
	}
}

void env_sha_hex(struct env_sha *s, char hex[65])
{
	uint64_t bits = s->len * 8;
	uint8_t pad[72] = { 0x80 };
	size_t padn = (s->len % 64 < 56 ? 56 : 120) - s->len % 64;

	for (unsigned i = 0; i < 8; i++)
		pad[padn + i] = (uint8_t)(bits >> (56 - 8 * i));
	env_sha_update(s, pad, padn + 8);
	for (unsigned i = 0; i < 8; i++)
		snprintf(hex + 8 * i, 9, "%08x", s->h[i]);
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

// SPDX-License-Identifier: MIT
/*
 * Shared helpers of the iso9660 host tests: log capture, file and memory
 * backed read ops, a host SHA-256, the generated image folder.
 */
#ifndef ISO_ENV_H
#define ISO_ENV_H

#include <stdio.h>
#include <vmplat/iso9660.h>
#include <vmplat/sha256.h>

extern char env_last_error[512];
extern unsigned env_errors;

/* Folder of the generated images (build/iso-test), from the binary's path. */
const char *env_image_dir(void);
/* "<image dir>/<name>" in a static buffer. */
const char *env_image(const char *name);

struct env_file {
	int fd;
	uint64_t size;
	uint64_t reads;
};
int env_file_open(struct env_file *f, const char *path, struct iso_read_ops *ops);
void env_file_close(struct env_file *f);

struct env_mem {
	uint8_t *data;
	size_t size;
};
int env_mem_load(struct env_mem *m, const char *path, size_t max);
void env_mem_ops(struct env_mem *m, struct iso_read_ops *ops);

/* SHA-256 for comparing file contents (core/sha256.c, itself tested on the
 * FIPS 180-4 vectors; the host side uses sha256sum); hex is 65 bytes. */
struct env_sha {
	struct sha256_ctx c;
};
void env_sha_init(struct env_sha *s);
void env_sha_update(struct env_sha *s, const void *data, size_t n);
void env_sha_hex(struct env_sha *s, char hex[65]);
/* sha256sum of a host file (the coreutils tool, an independent oracle). */
int env_sha256sum(const char *path, char hex[65]);

#endif

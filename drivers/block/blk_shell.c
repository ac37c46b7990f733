// SPDX-License-Identifier: MIT
/*
 * Shell commands over block devices:
 *   blk                                 list devices
 *   blk read <dev> <lba> [count]        hex dump of sectors
 *   blk fill <dev> <lba> <count> <seed> write a pattern (blk_pattern), flush, read back
 *   sha256 <dev> <lba> <count>          SHA-256 of a sector range
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/shell.h>
#include "blk_util.h"

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !*s)
		return -EINVAL;
	*out = strtoull(s, &end, 0);
	return *end ? -EINVAL : 0;
}

/* "<dev> <lba> <count>" from argv[i..]; count defaults to 1. */
static int parse_range(int argc, char **argv, int i, struct blk_dev **d, uint64_t *lba,
		       uint64_t *count)
{
	if (argc <= i + 1)
		return -EINVAL;
	*d = blk_find(argv[i]);
	if (!*d) {
		console_printf("no block device '%s' (see blk)\n", argv[i]);
		return -ENODEV;
	}
	*count = 1;
	if (parse_u64(argv[i + 1], lba) || (argc > i + 2 && parse_u64(argv[i + 2], count)))
		return -EINVAL;
	return 0;
}

static void hexdump(const uint8_t *p, size_t n, uint64_t base)
{
	for (size_t off = 0; off < n; off += 16) {
		console_printf("%08llx:", (unsigned long long)(base + off));
		for (size_t i = 0; i < 16 && off + i < n; i++)
			console_printf(" %02x", p[off + i]);
		console_printf("\n");
	}
}

static int cmd_read(int argc, char **argv)
{
	struct blk_dev *d;
	uint64_t lba, count;
	uint8_t *buf;
	int rc = parse_range(argc, argv, 2, &d, &lba, &count);

	if (rc || count > 8)
		return rc ? rc : -EINVAL;
	buf = malloc(count * d->sector_size);
	if (!buf)
		return -ENOMEM;
	rc = blk_read(d, lba, count, buf);
	if (!rc)
		hexdump(buf, count * d->sector_size, lba * d->sector_size);
	free(buf);
	return rc;
}

static int cmd_fill(int argc, char **argv)
{
	struct blk_dev *d;
	uint64_t lba, count, seed;
	int rc = parse_range(argc, argv, 2, &d, &lba, &count);

	if (!rc && (argc < 6 || parse_u64(argv[5], &seed)))
		rc = -EINVAL;
	if (rc)
		return rc;
	rc = blk_fill_verify(d, lba, count, (uint32_t)seed);
	console_printf("blk fill %s %llu %llu: %d\n", d->name, (unsigned long long)lba,
		       (unsigned long long)count, rc);
	return rc;
}

static int cmd_blk(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	int rc = -EINVAL;

	if (!strcmp(sub, "list")) {
		blk_report();
		return 0;
	}
	if (!strcmp(sub, "read"))
		rc = cmd_read(argc, argv);
	else if (!strcmp(sub, "fill"))
		rc = cmd_fill(argc, argv);
	if (rc == -EINVAL)
		console_printf("usage: blk [list | read <dev> <lba> [count<=8] | "
			       "fill <dev> <lba> <count> <seed>]\n");
	return rc;
}
SHELL_CMD(blk, "block devices: list, read <dev> <lba> [n], fill <dev> <lba> <n> <seed>", cmd_blk);

static int cmd_sha256(int argc, char **argv)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	struct blk_dev *d;
	uint64_t lba, count;
	int rc;

	if (argc == 2 && !blk_find(argv[1]))
		return blk_sha256_path_cmd(argv[1]);
	rc = parse_range(argc, argv, 1, &d, &lba, &count);
	if (rc) {
		if (rc == -EINVAL)
			console_printf("usage: sha256 <blkdev> <lba> <count> | sha256 <path>\n");
		return rc;
	}
	rc = blk_sha256(d, lba, count, digest);
	if (rc) {
		console_printf("sha256 %s: error %d\n", d->name, rc);
		return rc;
	}
	console_printf("sha256 %s %llu %llu %s\n", d->name, (unsigned long long)lba,
		       (unsigned long long)count, sha256_hex(digest, hex));
	return 0;
}
SHELL_CMD(sha256, "SHA-256 of sectors (<dev> <lba> <count>) or of an ISO file (<path>)",
	  cmd_sha256);

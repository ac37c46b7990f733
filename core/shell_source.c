// SPDX-License-Identifier: MIT
/*
 * Non-interactive shell commands from a file on an ISO9660 volume (the first
 * block device holding one, ECMA-119 8.1): `runfile=<path>` on the command
 * line runs it once devices are ready (before the prompt, after `run=`), and
 * `source <path>` does it from the shell. Each line goes through shell_exec;
 * blank lines and `#` comments are skipped; a failing line is reported with
 * file and line number and the next one runs. Bounded: file size, line
 * count, line length, nesting of `source` inside a sourced file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/blk_iso.h>
#include <vmplat/iso9660.h>
#include <vmplat/lineedit.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/shell.h>

#define SOURCE_MAX_BYTES (64u * KiB)
#define SOURCE_MAX_LINES 512u
#define SOURCE_MAX_DEPTH 4u

static unsigned depth;

/* path from the first volume that has it into a fresh NUL-terminated buffer. */
static int read_file(struct iso_fs *fs, struct iso_entry *e, const char *path, char **out,
		     size_t *len)
{
	int rc = -ENODEV;

	for (unsigned i = 0; i < blk_count() && rc == -ENODEV; i++) {
		struct blk_dev *d = blk_get(i);
		struct iso_read_ops ops = blk_iso_ops(d);

		if (d->gone || !blk_has_iso9660(d) || iso_mount(fs, &ops))
			continue;
		rc = iso_resolve(fs, path, e);
		if (!rc && e->type != ISO_TYPE_FILE)
			rc = -EISDIR;
		if (!rc && e->size > SOURCE_MAX_BYTES)
			rc = -EFBIG;
		if (!rc && !(*out = malloc(e->size + 1)))
			rc = -ENOMEM;
		if (!rc && iso_read(fs, e, 0, *out, (size_t)e->size) != (int64_t)e->size)
			rc = -EIO;
		if (!rc) {
			*len = (size_t)e->size;
			(*out)[*len] = '\0';
		}
		iso_unmount(fs);
	}
	if (rc == -EFBIG)
		console_printf("source: %s: %llu bytes, more than the %u allowed\n", path,
			       (unsigned long long)e->size, (unsigned)SOURCE_MAX_BYTES);
	else if (rc)
		console_printf("source: %s: %s (%d)\n", path,
			       rc == -ENODEV ? "no ISO9660 volume" :
			       rc == -ENOENT ? "no such file" :
					       "cannot read",
			       rc);
	return rc;
}

/* Run each line of text; 0 when all ran without error, else the last error. */
int shell_source_text(const char *name, const char *text, size_t len)
{
	char line[LE_LINE_MAX];
	unsigned n = 0, ran = 0, failed = 0;
	int last = 0;

	for (size_t pos = 0; pos < len; n++) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, l = end - pos;
		int rc;

		if (n >= SOURCE_MAX_LINES) {
			console_printf("source: %s: more than %u lines, the rest skipped\n", name,
				       SOURCE_MAX_LINES);
			last = -E2BIG;
			break;
		}
		if (l && text[end - 1] == '\r')
			l--;
		while (l && (text[pos] == ' ' || text[pos] == '\t'))
			pos++, l--;
		if (l >= sizeof(line) || memchr(text + pos, '\0', l)) {
			console_printf("source: %s:%u: line too long or with a NUL byte, skipped\n",
				       name, n + 1);
			failed++;
			last = -EINVAL;
		} else if (l && text[pos] != '#') {
			memcpy(line, text + pos, l);
			line[l] = '\0';
			console_printf("source: %s:%u: %s\n", name, n + 1, line);
			ran++;
			rc = shell_exec(line);
			if (rc) {
				console_printf("source: %s:%u: error %d, continuing\n", name, n + 1,
					       rc);
				failed++;
				last = rc;
			}
		}
		pos = end + 1;
	}
	console_printf("source: %s: %u commands, %u failed\n", name, ran, failed);
	return last;
}

int shell_source(const char *path)
{
	struct iso_fs *fs = calloc(1, sizeof(*fs));
	struct iso_entry *e = malloc(sizeof(*e));
	char *text = NULL;
	size_t len = 0;
	int rc = fs && e ? 0 : -ENOMEM;

	if (!rc && depth >= SOURCE_MAX_DEPTH) {
		console_printf("source: %s: nested more than %u deep\n", path, SOURCE_MAX_DEPTH);
		rc = -ELOOP;
	}
	if (!rc)
		rc = read_file(fs, e, path, &text, &len);
	free(fs);
	free(e);
	if (!rc) {
		depth++;
		rc = shell_source_text(path, text, len);
		depth--;
	}
	free(text);
	return rc;
}

/* runfile=<path> on the vmplat command line. */
void shell_runfile_start(void)
{
	char path[ISO_PATH_MAX + 1];

	if (!cmdline_get(platform.cmdline, "runfile", path, sizeof(path)))
		shell_source(path);
}

static int cmd_source(int argc, char **argv)
{
	if (argc != 2) {
		console_printf("usage: source <path on the ISO>\n");
		return -EINVAL;
	}
	return shell_source(argv[1]);
}
SHELL_CMD(source, "run the commands of a file on the ISO: source <path>", cmd_source);

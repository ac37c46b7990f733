// SPDX-License-Identifier: MIT
/*
 * Command line: the loaded image's LoadOptions (UEFI 2.10, 9.1) when they
 * are printable UCS-2 text, else QEMU's fw_cfg file opt/vmplat/cmdline.
 * Boot-manager entries often pass binary optional data as LoadOptions,
 * so anything that is not plain text is ignored.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>

#include "efi_glue.h"
#include "x86_64.h"

#define FW_CFG_CMDLINE "opt/vmplat/cmdline"

static bool load_options_text(const EFI_LOADED_IMAGE *li, char *out, size_t max)
{
	const CHAR16 *w = li->LoadOptions;
	size_t n = li->LoadOptionsSize / sizeof(CHAR16), k = 0;

	if (!w || !n)
		return false;
	for (size_t i = 0; i < n && w[i]; i++) {
		if (w[i] < 0x20 || w[i] > 0x7e || k + 1 >= max)
			return false;
		out[k++] = (char)w[i];
	}
	out[k] = 0;
	return k > 0;
}

/* Drop leading/trailing blanks and newlines (fw_cfg files from `echo`). */
static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = 0;
	while (s[i] == ' ')
		i++;
	memmove(s, s + i, n - i + 1);
}

/* The UEFI shell passes the program name first ("vmplat.efi ..."): drop it. */
static void drop_program_name(char *s)
{
	char *sp = strchr(s, ' ');
	size_t n = sp ? (size_t)(sp - s) : strlen(s);

	if (n < 4 || strncasecmp(s + n - 4, ".efi", 4) != 0)
		return;
	memmove(s, s + n, strlen(s + n) + 1);
	trim(s);
}

void x86_cmdline_init(EFI_LOADED_IMAGE *li)
{
	char *cl = platform.cmdline;
	int n;

	if (li && load_options_text(li, cl, sizeof(platform.cmdline))) {
		trim(cl);
		drop_program_name(cl);
		return;
	}
	n = fw_cfg_read_file(FW_CFG_CMDLINE, cl, sizeof(platform.cmdline) - 1);
	if (n < 0) {
		cl[0] = 0;
		if (n != -ENOENT && n != -ENODEV)
			log_warn("fw_cfg %s: error %d, empty command line", FW_CFG_CMDLINE, n);
		return;
	}
	cl[n] = 0;
	for (int i = 0; i < n; i++)
		if ((uint8_t)cl[i] < 0x20 || (uint8_t)cl[i] > 0x7e)
			cl[i] = cl[i] == '\n' ? ' ' : '?';
	trim(cl);
}

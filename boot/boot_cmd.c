// SPDX-License-Identifier: MIT
/*
 * The `boot` shell command:
 *   boot list [-a]              entries with status (-a: other-arch ones too)
 *   boot <n|id>                 boot an entry
 *   boot edit <n|id> <options>  boot it with these options
 *   boot menu                   the interactive menu
 *   boot scan | boot timeline
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/shell.h>

static void list(bool all)
{
	bool mixed = boot_sources_mixed();
	char id[BOOT_ID_MAX + 20];
	unsigned num = 0;

	for (unsigned i = 0; i < boot_config.n; i++) {
		const struct boot_entry *e = &boot_config.entries[i];
		bool hidden = e->status == BOOT_WRONG_ARCH;

		if (hidden && !all)
			continue;
		if (hidden)
			console_printf("   -. ");
		else
			console_printf("  %2u. ", ++num);
		/* ISO and ESP entries together: "<source>:<id>", as boot_entry_lookup takes it. */
		snprintf(id, sizeof(id), mixed ? "%s:%s" : "%.0s%s", e->source, e->id);
		console_printf("%-24s %-18s %s%s%s\n", id, boot_status_name(e->status), e->title,
			       e->reason[0] ? ": " : "", e->reason);
		console_printf("        %s%s%s  options \"%s\"\n", boot_entry_kernel(e),
			       e->ninitrd ? " + initrd " : "", e->ninitrd ? e->initrd[0] : "",
			       e->options);
	}
	console_printf("boot: %u entries on %s\n", boot_config.n,
		       boot_config.source[0] ? boot_config.source : "(none)");
}

static int ensure_scanned(void)
{
	int rc = boot_config.n ? 0 : boot_scan();

	if (rc)
		console_printf("boot: no volume with /loader/entries\n");
	return rc;
}

/* Join argv[from..] with spaces into buf. */
static void join(char *buf, size_t len, int argc, char **argv, int from)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = from; i < argc && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i > from ? " " : "", argv[i]);
}

static int cmd_boot(int argc, char **argv)
{
	static char opts[BOOT_OPTIONS_MAX];
	struct boot_entry *e;

	if (argc > 1 && !strcmp(argv[1], "scan"))
		return boot_scan();
	if (argc > 1 && !strcmp(argv[1], "timeline")) {
		boot_timeline_print();
		return 0;
	}
	if (ensure_scanned())
		return -ENOENT;
	if (argc < 2 || !strcmp(argv[1], "list")) {
		list(argc > 2 && !strcmp(argv[2], "-a"));
		return 0;
	}
	if (!strcmp(argv[1], "menu")) {
		boot_menu_run();
		return 0;
	}
	if (!strcmp(argv[1], "edit") && argc > 2) {
		e = boot_entry_lookup(argv[2]);
		join(opts, sizeof(opts), argc, argv, 3);
	} else {
		e = boot_entry_lookup(argv[1]);
	}
	if (!e) {
		console_printf("boot: no entry '%s'\n", argv[argc > 2 ? 2 : 1]);
		return -ENOENT;
	}
	return boot_entry_boot(e, !strcmp(argv[1], "edit") ? opts : NULL);
}
SHELL_CMD(boot, "boot entries: boot list [-a] | boot <n|id> | boot edit <n> <options> | boot menu",
	  cmd_boot);

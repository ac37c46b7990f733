// SPDX-License-Identifier: MIT
/*
 * The boot menu on the serial console: numbered entries with their status,
 * arrow keys (VT100 ESC [ A / ESC [ B) or digits to select, Enter to boot,
 * `e` to edit the options line for this boot (core/lineedit.c), `q` for the
 * shell. loader.conf `timeout` counts down to the default entry (any key
 * stops it; 0 boots it at once; unset or "menu-force" waits).
 */
#include <stdio.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/lineedit.h>
#include <vmplat/log.h>
#include <vmplat/timer.h>

#define MENU_POLL_NS (10 * NSEC_PER_MSEC)

static bool shown(const struct boot_entry *e)
{
	return e->status != BOOT_WRONG_ARCH;
}

static void draw(int sel)
{
	bool mixed = boot_sources_mixed(); /* then each line names its source */
	char label[BOOT_FIELD_MAX + 24];
	unsigned num = 0;

	console_printf("\nvmplat boot menu (%s)\n", boot_config.source);
	for (unsigned i = 0; i < boot_config.n; i++) {
		const struct boot_entry *e = &boot_config.entries[i];

		if (!shown(e))
			continue;
		snprintf(label, sizeof(label), mixed ? "%s (%s)" : "%s", e->title, e->source);
		console_printf("%s %2u. %-40s [%s]%s%s\n", (int)i == sel ? ">" : " ", ++num, label,
			       boot_status_name(e->status), e->reason[0] ? " " : "", e->reason);
	}
	console_printf("Up/Down or 1-9 select, Enter boots, e edits options, q: shell\n");
}

/* Next shown entry from sel in direction dir, or sel when none. */
static int step(int sel, int dir)
{
	for (int i = sel + dir; i >= 0 && i < (int)boot_config.n; i += dir)
		if (shown(&boot_config.entries[i]))
			return i;
	return sel;
}

static int first_shown(void)
{
	return step(-1, 1);
}

/* Wait up to timeout_s for a key, printing the countdown; -1 when none came. */
static int countdown(int sel, int timeout_s)
{
	uint64_t start = timestamp_ns();
	int left = -1, c;

	for (;;) {
		int now = timeout_s - (int)((timestamp_ns() - start) / NSEC_PER_SEC);

		if (now != left) {
			left = now;
			if (left <= 0)
				break;
			console_printf("\rbooting %s in %d s (any key stops) ",
				       boot_config.entries[sel].title, left);
		}
		c = console_getc();
		if (c >= 0) {
			console_printf("\n");
			return c;
		}
		ndelay(MENU_POLL_NS);
	}
	console_printf("\n");
	return -1;
}

static void le_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

/* Edit e's options for one boot; true with the line in out when Enter ends it. */
static bool edit_options(const struct boot_entry *e, char *out, size_t len)
{
	static struct lineedit le;
	enum le_result r = LE_MORE;
	int c;

	le_init(&le, le_out, NULL, NULL);
	le_begin(&le, "options: ");
	le.len = le.pos = MIN(strlen(e->options), sizeof(le.buf) - 1);
	memcpy(le.buf, e->options, le.len);
	le.buf[le.len] = '\0';
	console_write(le.buf, le.len);
	while (r == LE_MORE) {
		c = console_getc();
		if (c < 0) {
			ndelay(MENU_POLL_NS);
			continue;
		}
		r = le_feed(&le, c);
	}
	console_printf("\n");
	if (r != LE_DONE)
		return false;
	snprintf(out, len, "%s", le.buf);
	return true;
}

/* Boot sel (with options, or its own); the menu continues on return. */
static void try_boot(int sel, const char *options)
{
	boot_entry_boot(&boot_config.entries[sel], options);
	console_printf("boot: back to the menu\n");
}

/* One key: returns false when the menu is left. esc tracks ESC [ sequences. */
static bool key(int c, int *sel, unsigned *esc)
{
	static char opts[LE_LINE_MAX];
	struct boot_entry *e;
	char num[2] = { (char)c, 0 };

	if (*esc == 1) {
		*esc = c == '[' ? 2 : 0;
		return true;
	}
	if (*esc == 2) {
		*esc = 0;
		*sel = c == 'A' ? step(*sel, -1) : c == 'B' ? step(*sel, 1) : *sel;
	} else if (c == 0x1b) {
		*esc = 1;
		return true;
	} else if (c == '\r' || c == '\n') {
		try_boot(*sel, NULL);
	} else if (c == 'e') {
		if (edit_options(&boot_config.entries[*sel], opts, sizeof(opts)))
			try_boot(*sel, opts);
	} else if (c == 'q') {
		return false;
	} else if (c >= '1' && c <= '9' && (e = boot_entry_lookup(num))) {
		*sel = (int)(e - boot_config.entries);
	} else {
		return true;
	}
	draw(*sel);
	return true;
}

void boot_menu_run(void)
{
	int def = boot_default_index(boot_config.entries, boot_config.n,
				     boot_config.conf.default_pattern);
	int sel = def >= 0 ? def : first_shown();
	int t = boot_config.conf.menu_force ? -1 : boot_config.conf.timeout_s;
	unsigned esc = 0;
	int c = -1;

	if (sel < 0 || sel >= (int)boot_config.n) {
		console_printf("boot: no entry to show\n");
		return;
	}
	/* The countdown runs once, and not after a boot= attempt failed. */
	if (def >= 0 && t == 0 && !boot_timeline_ns(BOOT_T_ENTRY_CHOSEN)) {
		try_boot(def, NULL);
		t = -1;
	}
	draw(sel);
	if (def >= 0 && t > 0 && !boot_timeline_ns(BOOT_T_ENTRY_CHOSEN)) {
		c = countdown(def, t);
		if (c < 0) {
			try_boot(def, NULL);
			draw(sel);
		}
	}
	for (;;) {
		if (c < 0) {
			c = console_getc();
			if (c < 0) {
				ndelay(MENU_POLL_NS);
				continue;
			}
		}
		if (!key(c, &sel, &esc))
			break;
		c = -1;
	}
	console_printf("boot: menu left, shell follows\n");
}

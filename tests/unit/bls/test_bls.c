// SPDX-License-Identifier: MIT
/*
 * boot/bls.c against UAPI.1 "Type #1 Boot Loader Entry Keys": keys, repeated
 * initrd/options, comments, unknown keys skipped, malformed lines rejected
 * with file and line in the reason, architecture names.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/boot.h>
#include "bls_tests.h"

static struct boot_entry e;

static int parse(const char *fname, const char *text)
{
	return bls_parse_entry(&e, fname, text, strlen(text));
}

void test_all_keys(void **state)
{
	(void)state;
	assert_int_equal(parse("/loader/entries/debian-6.1.conf",
			       "# Debian\n"
			       "title      Debian GNU/Linux  \n"
			       "version 6.1.0-18-amd64\n"
			       "machine-id 0123456789abcdef0123456789abcdef\n"
			       "sort-key debian\n"
			       "\tlinux /boot/vmlinuz\r\n"
			       "initrd /boot/ucode.img\n"
			       "initrd /boot/initrd.img\n"
			       "options root=/dev/sda1 ro\n"
			       "options quiet   console=ttyS0\n"
			       "devicetree /dtb/virt.dtb\n"
			       "architecture x64\n"
			       "\n"
			       "   # indented comment\n"),
			 0);
	assert_int_equal(e.status, BOOT_READY);
	assert_string_equal(e.id, "debian-6.1");
	assert_string_equal(e.title, "Debian GNU/Linux");
	assert_string_equal(e.version, "6.1.0-18-amd64");
	assert_string_equal(e.machine_id, "0123456789abcdef0123456789abcdef");
	assert_string_equal(e.sort_key, "debian");
	assert_string_equal(e.linux_path, "/boot/vmlinuz");
	assert_int_equal(e.ninitrd, 2);
	assert_string_equal(e.initrd[0], "/boot/ucode.img");
	assert_string_equal(e.initrd[1], "/boot/initrd.img");
	/* options lines joined with one space, inner spacing of a line kept */
	assert_string_equal(e.options, "root=/dev/sda1 ro quiet   console=ttyS0");
	assert_string_equal(e.devicetree, "/dtb/virt.dtb");
	assert_string_equal(e.architecture, "x64");
	assert_string_equal(boot_entry_kernel(&e), "/boot/vmlinuz");
}

void test_elf_key_and_default_title(void **state)
{
	(void)state;
	assert_int_equal(parse("demo.conf", "elf /demo.elf\n"), 0);
	assert_string_equal(e.title, "demo"); /* no title: the id */
	assert_string_equal(boot_entry_kernel(&e), "/demo.elf");
	/* no trailing newline on the last line */
	assert_int_equal(parse("a.conf", "linux /k\noptions x=1"), 0);
	assert_string_equal(e.options, "x=1");
}

void test_unknown_keys_ignored(void **state)
{
	(void)state;
	assert_int_equal(parse("u.conf", "linux /k\nfrobnicate yes\nefi /x.efi\n"), 0);
	assert_string_equal(e.linux_path, "/k");
	assert_int_equal(e.status, BOOT_READY);
}

static void expect_bad(const char *text, size_t len, const char *reason)
{
	assert_int_equal(bls_parse_entry(&e, "/loader/entries/bad.conf", text, len), -EINVAL);
	assert_int_equal(e.status, BOOT_BAD_ENTRY);
	assert_non_null(strstr(e.reason, reason));
}

void test_malformed_lines_name_file_and_line(void **state)
{
	static const char nul[] = "linux /k\ntitle a\0b\n";
	char *big = malloc(BOOT_LINE_MAX + 16);

	(void)state;
	expect_bad("linux /k\ntitle\n", 15, "bad.conf:2: value missing");
	expect_bad("linux /k\n\n  options   \n", 23, "bad.conf:3: value missing");
	expect_bad(nul, sizeof(nul) - 1, "bad.conf:2: NUL byte");
	expect_bad("title \xc3\x28\nlinux /k\n", 17, "bad.conf:1: not valid UTF-8");
	expect_bad("title \xe0\x80\xaf\nlinux /k\n", 18,
		   "bad.conf:1: not valid UTF-8"); /* overlong */
	expect_bad("title \xed\xa0\x80\nlinux /k\n", 18,
		   "bad.conf:1: not valid UTF-8"); /* surrogate */
	expect_bad("title \xf0\x9f\x98\nlinux /k\n", 18, "bad.conf:1: not valid UTF-8"); /* cut */
	memset(big, 'a', BOOT_LINE_MAX + 16);
	memcpy(big, "title ", 6);
	expect_bad(big, BOOT_LINE_MAX + 1, "bad.conf:1: line too long");
	free(big);
	expect_bad("title x\n", 8, "no linux");
	/* valid UTF-8 passes */
	assert_int_equal(parse("ok.conf", "title D\xc3\xa9\x62ian \xf0\x9f\x90\xa7\nlinux /k\n"),
			 0);
}

void test_field_limits(void **state)
{
	char *text = malloc(BOOT_FIELD_MAX + 64);
	char *many = malloc(64 * (BOOT_MAX_INITRDS + 2));

	(void)state;
	strcpy(text, "linux /");
	memset(text + 7, 'k', BOOT_FIELD_MAX);
	strcpy(text + 7 + BOOT_FIELD_MAX, "\n");
	expect_bad(text, strlen(text), "bad.conf:1: value too long");
	/* exactly the field size minus the NUL fits */
	text[7 + BOOT_FIELD_MAX - 2] = '\n';
	text[7 + BOOT_FIELD_MAX - 1] = '\0';
	assert_int_equal(parse("f.conf", text), 0);
	assert_int_equal(strlen(e.linux_path), BOOT_FIELD_MAX - 1);
	strcpy(many, "linux /k\n");
	for (unsigned i = 0; i <= BOOT_MAX_INITRDS; i++)
		strcat(many, "initrd /i\n");
	expect_bad(many, strlen(many), "too many initrd");
	free(text);
	free(many);
}

void test_options_overflow(void **state)
{
	size_t chunk = 200, n = BOOT_OPTIONS_MAX / chunk + 2;
	char *text = malloc(n * (chunk + 10) + 16);
	char *p = text;

	(void)state;
	p += sprintf(p, "linux /k\n");
	for (size_t i = 0; i < n; i++) {
		p += sprintf(p, "options ");
		memset(p, 'o', chunk);
		p += chunk;
		*p++ = '\n';
	}
	*p = '\0';
	expect_bad(text, strlen(text), "options too long");
	free(text);
}

void test_entry_id_and_arch(void **state)
{
	char id[16];

	(void)state;
	assert_int_equal(bls_entry_id("/loader/entries/a-b.conf", id, sizeof(id)), 0);
	assert_string_equal(id, "a-b");
	assert_int_equal(bls_entry_id("x.txt", id, sizeof(id)), -EINVAL);
	assert_int_equal(bls_entry_id(".conf", id, sizeof(id)), -EINVAL);
	assert_int_equal(bls_entry_id("0123456789abcdef.conf", id, sizeof(id)), -EINVAL);
	assert_int_equal(parse("bad.txt", "linux /k\n"), -EINVAL);
	assert_string_equal(bls_arch_name("x86_64"), "x64");
	assert_string_equal(bls_arch_name("aarch64"), "aa64");
	memset(&e, 0, sizeof(e));
	assert_true(bls_arch_matches(&e, "x86_64")); /* no architecture key: any */
	strcpy(e.architecture, "AA64");
	assert_true(bls_arch_matches(&e, "aarch64")); /* case-insensitive */
	assert_false(bls_arch_matches(&e, "x86_64"));
	strcpy(e.architecture, "x6");
	assert_false(bls_arch_matches(&e, "x86_64"));
	strcpy(e.architecture, "x64x");
	assert_false(bls_arch_matches(&e, "x86_64"));
}

void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(boot_status_name(BOOT_READY), "ready");
	assert_string_equal(boot_status_name(BOOT_MISSING_FILE), "missing file");
	assert_string_equal(boot_status_name(BOOT_BAD_IMAGE), "bad image");
	assert_string_equal(boot_status_name(BOOT_WRONG_ARCH), "wrong architecture");
	assert_string_equal(boot_status_name((enum boot_status)99), "?");
}

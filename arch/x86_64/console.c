// SPDX-License-Identifier: MIT
/*
 * Boot console. While boot services run, text goes to UEFI ConOut (UEFI
 * 2.10, 12.4) and to COM1 directly; when the ConOut variable already names
 * a UART device path (OVMF with -serial), COM1 is left to ConOut so each
 * line appears once. After ExitBootServices only COM1 remains.
 */
#include <errno.h>
#include <vmplat/log.h>

#include "efi_glue.h"
#include "x86_64.h"

#define CONOUT_CHUNK   128
#define DP_MESSAGING   0x03 /* UEFI 2.10, 10.3.1 device path node types */
#define DP_MSG_UART    0x0e
#define DP_END	       0x7f
#define CONOUT_VAR_MAX 1024

EFI_SYSTEM_TABLE *efi_st;
static bool conout_on, uart_direct = true;

/* Does the device path list contain a UART node (UEFI 2.10, 10.3.4.10)? */
static bool devpath_has_uart(const uint8_t *p, UINTN len)
{
	UINTN off = 0;

	while (off + 4 <= len) {
		uint16_t nlen = le16_get(p + off + 2);

		if (p[off] == DP_MESSAGING && p[off + 1] == DP_MSG_UART)
			return true;
		if (nlen < 4)
			return false;
		off += nlen;
	}
	return false;
}

static bool conout_has_uart(EFI_SYSTEM_TABLE *st)
{
	static uint8_t var[CONOUT_VAR_MAX];
	EFI_GUID gv = EFI_GLOBAL_VARIABLE;
	UINTN size = sizeof(var);
	UINT32 attr;

	if (st->RuntimeServices->GetVariable(L"ConOut", &gv, &attr, &size, var) != EFI_SUCCESS)
		return false;
	return devpath_has_uart(var, size);
}

void x86_console_init(EFI_SYSTEM_TABLE *st)
{
	efi_st = st;
	conout_on = st->ConOut != NULL;
	uart_direct = !conout_on || !conout_has_uart(st);
	uart_init(COM1_PORT);
}

void x86_console_boot_services_done(void)
{
	efi_st = NULL;
	conout_on = false;
	uart_direct = true;
}

static void conout_write(const char *s, size_t n)
{
	CHAR16 buf[CONOUT_CHUNK + 1];
	size_t i = 0;

	while (i < n) {
		size_t k = 0;

		while (k < CONOUT_CHUNK && i < n)
			buf[k++] = (uint8_t)s[i++];
		buf[k] = 0;
		efi_st->ConOut->OutputString(efi_st->ConOut, buf);
	}
}

void arch_console_write(const char *s, size_t n)
{
	if (conout_on)
		conout_write(s, n);
	if (uart_direct)
		uart_write(s, n);
}

/*
 * COM1 receive interrupts would need the I/O APIC, which vmplat does not
 * drive: after ExitBootServices the caller's timer bounds the sleep. While
 * boot services run, the firmware owns the timer and ConIn cannot be peeked:
 * no sleep then.
 */
int arch_console_rx_arm(void)
{
	if (efi_st || uart_rx_ready())
		return 1;
	return -ENOSYS;
}

int arch_console_getc(void)
{
	EFI_INPUT_KEY key;

	if (!efi_st || !efi_st->ConIn || !conout_on)
		return uart_getc();
	if (efi_st->ConIn->ReadKeyStroke(efi_st->ConIn, &key) != EFI_SUCCESS)
		return -1;
	return key.UnicodeChar < 0x80 ? (int)key.UnicodeChar : '?';
}

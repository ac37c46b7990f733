// SPDX-License-Identifier: MIT
/*
 * The Graphics Output Protocol's framebuffer, read before ExitBootServices
 * (UEFI 2.10 12.9): every GOP handle but the console splitter's (an EDK2
 * virtual device) is asked for its current mode; the first with a linear
 * framebuffer that passes gop_mode_to_fb() is recorded for drivers/gpu.
 * The mode is changed only when a GOP's current one is unusable: then the
 * modes below MaxMode are queried (bounded) and the first linear one set.
 */
#include <errno.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>

#include "efi_glue.h"

#define GOP_MAX_HANDLES 8
#define GOP_MAX_MODES	64 /* QueryMode calls per GOP when the current mode is unusable */

/* Mode and Mode->Info as firmware filled them (12.9.2); -EINVAL when absent or short. */
static int read_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, struct gop_mode *m)
{
	const EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE *pm = gop->Mode;
	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *in = pm ? pm->Info : NULL;

	if (!in || pm->SizeOfInfo < sizeof(*in))
		return -EINVAL;
	*m = (struct gop_mode){
		.mode = pm->Mode,
		.max_mode = pm->MaxMode,
		.width = in->HorizontalResolution,
		.height = in->VerticalResolution,
		.format = (uint32_t)in->PixelFormat,
		.ppsl = in->PixelsPerScanLine,
		.mask_r = in->PixelInformation.RedMask,
		.mask_g = in->PixelInformation.GreenMask,
		.mask_b = in->PixelInformation.BlueMask,
		.mask_x = in->PixelInformation.ReservedMask,
		.fb_base = pm->FrameBufferBase,
		.fb_size = pm->FrameBufferSize,
	};
	return 0;
}

static bool mode_usable(const struct gop_mode *m)
{
	struct fb fb;

	return !gop_mode_to_fb(m, &fb, NULL);
}

/* QueryMode says mode i has a linear framebuffer of some size (12.9.2.1). */
static bool query_linear(EFI_SYSTEM_TABLE *st, EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, UINT32 i)
{
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *in = NULL;
	UINTN size = 0;
	bool ok;

	if (gop->QueryMode(gop, i, &size, &in) != EFI_SUCCESS || !in)
		return false;
	ok = size >= sizeof(*in) && in->PixelFormat != PixelBltOnly &&
	     in->PixelFormat < PixelFormatMax && in->HorizontalResolution && in->VerticalResolution;
	st->BootServices->FreePool(in);
	return ok;
}

/* The current mode is unusable: set the first mode below MaxMode that is. */
static int set_usable_mode(EFI_SYSTEM_TABLE *st, EFI_GRAPHICS_OUTPUT_PROTOCOL *gop,
			   struct gop_mode *m)
{
	UINT32 max = gop->Mode->MaxMode;

	for (UINT32 i = 0; i < max && i < GOP_MAX_MODES; i++) {
		if (!query_linear(st, gop, i) || gop->SetMode(gop, i) != EFI_SUCCESS)
			continue;
		if (!read_mode(gop, m) && mode_usable(m))
			return 0;
	}
	return -ENODEV;
}

/* 0 and *m filled when this GOP has (or was given) a usable mode. */
static int probe(EFI_SYSTEM_TABLE *st, EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, struct gop_mode *m,
		 bool *mode_set)
{
	*mode_set = false;
	if (read_mode(gop, m)) {
		log_warn("gop: Mode or Mode->Info missing or short (12.9.2)");
		return -EINVAL;
	}
	if (mode_usable(m))
		return 0;
	(void)gpu_gop_record(m, false); /* logs the rule the current mode breaks */
	if (set_usable_mode(st, gop, m))
		return -ENODEV;
	*mode_set = true;
	return 0;
}

void x86_efi_gop_init(EFI_SYSTEM_TABLE *st)
{
	EFI_GUID guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_HANDLE *h = NULL;
	UINTN n = 0, i = 0;
	struct gop_mode m;
	bool mode_set;

	if (st->BootServices->LocateHandleBuffer(ByProtocol, &guid, NULL, &n, &h) != EFI_SUCCESS)
		n = 0;
	for (; i < n && i < GOP_MAX_HANDLES; i++) {
		EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;

		if (h[i] == st->ConsoleOutHandle ||
		    st->BootServices->HandleProtocol(h[i], &guid, (void **)&gop) != EFI_SUCCESS ||
		    !gop || probe(st, gop, &m, &mode_set))
			continue;
		gpu_gop_record(&m, mode_set);
		break;
	}
	if (h)
		st->BootServices->FreePool(h);
	if (!n)
		log_info("gop: no Graphics Output Protocol");
	else if (i == n || i == GOP_MAX_HANDLES)
		log_warn("gop: none of the first %llu of %llu GOP handles has a usable linear "
			 "framebuffer",
			 (unsigned long long)i, (unsigned long long)n);
}

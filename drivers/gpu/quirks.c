// SPDX-License-Identifier: MIT
/*
 * GPU passthrough quirks: a table keyed by vendor and class first, device
 * ids only where a family is known to misbehave, each entry with its
 * reason. Portable: host-tested with synthetic config spaces.
 */
#include <vmplat/gpu.h>
#include <vmplat/pci.h>

#define DISPLAY 0x030000, 0xff0000 /* base class 03, any subclass (VGA, 3D, other) */
#define AUDIO	0x040300, 0xffff00 /* HD audio (the HDMI/DP codec of a GPU) */
#define ANY	PCI_ANY_DEVICE, PCI_ANY_DEVICE

#define AMD_RESET_BUG                                                                         \
	"AMD reset bug: neither FLR nor a bus reset brings this GPU family back to a usable " \
	"state (it needs a vendor-specific reset); refusing to move it between owners"

/* Specific (device-range) entries come before the vendor/class ones: first match wins. */
static const struct gpu_quirk quirks[] = {
	{ PCI_VENDOR_NVIDIA, DISPLAY, 0x2340, 0x237f, GPU_Q_COMPANION | GPU_Q_NO_SBR,
	  "NVIDIA GA100/NVLink parts: a secondary bus reset leaves them unusable; FLR only" },
	{ PCI_VENDOR_AMD, DISPLAY, 0x67c0, 0x67ff, GPU_Q_COMPANION | GPU_Q_NO_RESET,
	  "Polaris 10/11: " AMD_RESET_BUG },
	{ PCI_VENDOR_AMD, DISPLAY, 0x6980, 0x699f, GPU_Q_COMPANION | GPU_Q_NO_RESET,
	  "Polaris 12: " AMD_RESET_BUG },
	{ PCI_VENDOR_AMD, DISPLAY, 0x6860, 0x687f, GPU_Q_COMPANION | GPU_Q_NO_RESET,
	  "Vega 10: " AMD_RESET_BUG },
	{ PCI_VENDOR_AMD, DISPLAY, 0x66a0, 0x66af, GPU_Q_COMPANION | GPU_Q_NO_RESET,
	  "Vega 20: " AMD_RESET_BUG },
	{ PCI_VENDOR_AMD, DISPLAY, 0x7310, 0x731f, GPU_Q_COMPANION | GPU_Q_NO_RESET,
	  "Navi 10: " AMD_RESET_BUG },
	{ PCI_VENDOR_AMD, DISPLAY, 0x7340, 0x734f, GPU_Q_COMPANION | GPU_Q_NO_RESET,
	  "Navi 14: " AMD_RESET_BUG },
	{ PCI_VENDOR_NVIDIA, DISPLAY, ANY, GPU_Q_COMPANION,
	  "NVIDIA GPU: its HDMI/DP audio (and USB-C) functions share the slot and move with it" },
	{ PCI_VENDOR_NVIDIA, AUDIO, ANY, GPU_Q_COMPANION,
	  "NVIDIA HDMI/DP audio: part of the GPU at function 0 of its slot" },
	{ PCI_VENDOR_AMD, DISPLAY, ANY, GPU_Q_COMPANION,
	  "AMD GPU: its HDMI/DP audio function shares the slot and moves with it" },
	{ PCI_VENDOR_AMD, AUDIO, ANY, GPU_Q_COMPANION,
	  "AMD HDMI/DP audio: part of the GPU at function 0 of its slot" },
};

const struct gpu_quirk *gpu_quirk_find(uint16_t vendor, uint16_t device, uint32_t class_code)
{
	for (unsigned i = 0; i < ARRAY_SIZE(quirks); i++) {
		const struct gpu_quirk *q = &quirks[i];

		if (q->vendor != vendor || (class_code & q->class_mask) != q->class_code)
			continue;
		if (q->dev_lo == PCI_ANY_DEVICE && q->dev_hi == PCI_ANY_DEVICE)
			return q;
		if (device >= q->dev_lo && device <= q->dev_hi)
			return q;
	}
	return NULL;
}

/* The quirk for d, or for the GPU at function 0 of d's slot when d is its audio function. */
static const struct gpu_quirk *quirk_of(const struct pci_dev *d)
{
	const struct gpu_quirk *q = gpu_quirk_find(d->vendor, d->device, d->class_code);
	struct pci_addr a = d->addr;
	const struct pci_dev *f0;

	if (q && (q->flags & (GPU_Q_NO_RESET | GPU_Q_NO_SBR | GPU_Q_NO_FLR)))
		return q;
	if (!(a.devfn & 7))
		return q;
	a.devfn &= (uint8_t)~7; /* function 0 of the slot */
	f0 = pci_find_addr(a);
	if (!f0 || (f0->class_code & 0xff0000) != PCI_CLASS_DISPLAY)
		return q;
	return gpu_quirk_find(f0->vendor, f0->device, f0->class_code);
}

unsigned gpu_reset_filter(const struct pci_dev *d, unsigned allowed, const char **why)
{
	const struct gpu_quirk *q = quirk_of(d);

	if (!q)
		return allowed;
	if (q->flags & GPU_Q_NO_RESET)
		allowed = 0;
	if (q->flags & GPU_Q_NO_SBR)
		allowed &= ~PCI_RESET_SBR;
	if (q->flags & GPU_Q_NO_FLR)
		allowed &= ~PCI_RESET_FLR;
	*why = q->reason;
	return allowed;
}

const char *gpu_reset_name(enum gpu_reset r)
{
	switch (r) {
	case GPU_RESET_NONE:
		return "none";
	case GPU_RESET_FLR:
		return "flr";
	case GPU_RESET_SBR:
		return "bus-reset";
	case GPU_RESET_REFUSE:
		return "refused";
	}
	return "?";
}

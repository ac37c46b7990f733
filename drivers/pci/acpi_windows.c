// SPDX-License-Identifier: MIT
/*
 * Host bridge windows from an ACPI resource template (ACPI 6.5, 6.4): the
 * buffer UEFI's PCI Root Bridge I/O Configuration() returns (UEFI 2.10,
 * 14.2.1) or a host bridge's _CRS. Portable: bytes in, windows out; every
 * item length is checked against the bytes available before it is read.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/pci.h>

/* Item headers (ACPI 6.5, 6.4.1-6.4.3). */
#define RES_LARGE      BIT(7)
#define RES_SMALL_NAME GENMASK(6, 3)
#define RES_SMALL_LEN  GENMASK(2, 0)
#define RES_SMALL_END  0xf  /* End Tag (6.4.2.9): 0x79, then a checksum byte */
#define RES_LARGE_HDR  3    /* tag + 16-bit length */
#define RES_QWORD      0x8a /* QWORD Address Space Descriptor (6.4.3.5.1) */
#define RES_DWORD      0x87 /* 6.4.3.5.2 */
#define RES_WORD       0x88 /* 6.4.3.5.3 */

/* Address Space Descriptor fields (table 6.44), offsets from the tag byte. */
#define ASD_TYPE	 3 /* 0 memory, 1 I/O, 2 bus number */
#define ASD_GEN_FLAGS	 4
#define ASD_GEN_CONSUMER BIT(0) /* 1: the device consumes it; 0: a bridge produces it */
#define ASD_TYPE_FLAGS	 5
#define ASD_MEM_ATTR	 GENMASK(2, 1) /* _MEM (table 6.50) */
#define ASD_MEM_PREFETCH 3
#define ASD_FIELDS	 6 /* _GRA, _MIN, _MAX, _TRA, _LEN, each of the descriptor's width */
#define ASD_NFIELDS	 5

enum asd_type { ASD_MEM = 0, ASD_IO = 1, ASD_BUS = 2 };
enum asd_field { F_GRA, F_MIN, F_MAX, F_TRA, F_LEN };

struct asd {
	uint8_t type, gen_flags, type_flags;
	unsigned width; /* bytes per field: 8, 4 or 2 */
	uint64_t f[ASD_NFIELDS];
};

static uint64_t le_get(const uint8_t *p, unsigned width)
{
	if (width == 8)
		return le64_get(p);
	if (width == 4)
		return le32_get(p);
	return le16_get(p);
}

static unsigned asd_width(uint8_t tag)
{
	switch (tag) {
	case RES_QWORD:
		return 8;
	case RES_DWORD:
		return 4;
	case RES_WORD:
		return 2;
	default:
		return 0;
	}
}

/* Decode an address space descriptor of len bytes (header included). */
static int asd_get(const uint8_t *p, size_t len, struct asd *a)
{
	unsigned w = asd_width(p[0]);

	/* The fixed part must fit; a resource source (index, string) may follow. */
	if (len < ASD_FIELDS + ASD_NFIELDS * (size_t)w)
		return -EINVAL;
	a->type = p[ASD_TYPE];
	a->gen_flags = p[ASD_GEN_FLAGS];
	a->type_flags = p[ASD_TYPE_FLAGS];
	a->width = w;
	for (unsigned i = 0; i < ASD_NFIELDS; i++)
		a->f[i] = le_get(p + ASD_FIELDS + i * w, w);
	return 0;
}

static int add_bus(const struct asd *a, struct pci_acpi_res *out)
{
	uint64_t min = a->f[F_MIN], len = a->f[F_LEN];

	if (!len)
		return 0;
	if (min > 255 || len > 256 - min)
		return -EINVAL; /* PCI has 256 bus numbers per segment */
	out->has_bus = true;
	out->bus_start = (uint8_t)min;
	out->bus_end = (uint8_t)(min + len - 1);
	return 0;
}

static int add_window(const struct asd *a, enum pci_acpi_tra tra, struct pci_acpi_res *out)
{
	uint64_t min = a->f[F_MIN], len = a->f[F_LEN], t = a->f[F_TRA];
	struct pci_window *w;

	if (!len)
		return 0; /* nothing allocated of this kind */
	if (min + len - 1 < min)
		return -EINVAL; /* wraps */
	/*
	 * The translated range (_MIN + _TRA, 6.4.3.5 table 6.44) must not wrap
	 * either; _TRA itself may (a two's complement offset to lower addresses).
	 */
	if (min + t + len - 1 < min + t)
		return -EINVAL;
	if (out->nwin >= PLAT_MAX_PCI_WINDOWS) {
		out->dropped++;
		return 0;
	}
	w = &out->win[out->nwin++];
	w->size = len;
	/* UEFI: _MIN is the host address, device = host + _TRA; ACPI: the reverse. */
	w->cpu_base = tra == PCI_ACPI_TRA_UEFI ? min : min + t;
	w->pci_base = tra == PCI_ACPI_TRA_UEFI ? min + t : min;
	if (a->type == ASD_IO) {
		w->type = PCI_WIN_IO;
		w->prefetch = false;
		return 0;
	}
	w->prefetch = FIELD_GET(ASD_MEM_ATTR, a->type_flags) == ASD_MEM_PREFETCH;
	/* A window reaching above 4 GiB is for 64-bit BARs only. */
	w->type = w->pci_base + len > 4 * GiB ? PCI_WIN_MEM64 : PCI_WIN_MEM32;
	return 0;
}

static int use_asd(const uint8_t *p, size_t len, enum pci_acpi_tra tra, struct pci_acpi_res *out)
{
	struct asd a;

	if (asd_get(p, len, &a))
		return -EINVAL;
	if (a.gen_flags & ASD_GEN_CONSUMER)
		return 0; /* e.g. the bridge's own 0xCF8 ports: not a window */
	switch (a.type) {
	case ASD_MEM:
	case ASD_IO:
		return add_window(&a, tra, out);
	case ASD_BUS:
		return add_bus(&a, out);
	default:
		return 0; /* reserved or vendor-defined types (table 6.44) */
	}
}

int pci_acpi_parse_windows(const uint8_t *p, size_t avail, enum pci_acpi_tra tra,
			   struct pci_acpi_res *out)
{
	size_t off = 0;

	memset(out, 0, sizeof(*out));
	avail = MIN(avail, (size_t)PCI_ACPI_RES_MAX_LEN);
	/* Each item is at least one byte long, so this visits at most avail items. */
	while (off < avail) {
		uint8_t tag = p[off];
		size_t len;

		if (!(tag & RES_LARGE)) {
			len = 1 + FIELD_GET(RES_SMALL_LEN, tag);
			if (len > avail - off)
				break;
			if (FIELD_GET(RES_SMALL_NAME, tag) == RES_SMALL_END)
				return 0;
			off += len;
			continue;
		}
		if (avail - off < RES_LARGE_HDR)
			break;
		len = RES_LARGE_HDR + le16_get(p + off + 1);
		if (len > avail - off)
			break;
		if (asd_width(tag) && use_asd(p + off, len, tra, out)) {
			out->bad_off = off;
			return -EINVAL;
		}
		off += len;
	}
	out->bad_off = off; /* truncated item or no End Tag */
	return -EINVAL;
}

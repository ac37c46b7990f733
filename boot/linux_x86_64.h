// SPDX-License-Identifier: MIT
/*
 * x86_64 Linux boot protocol (Documentation/arch/x86/boot.rst): the bzImage
 * setup header checks, the zero page (struct boot_params) and its e820 table,
 * and the EFI memory-map helpers the handoff needs. Portable: the host tests
 * run the same code (tests/unit/bzimage/); the jump itself is in
 * arch/x86_64/linux_handoff.c.
 */
#ifndef VMPLAT_BOOT_LINUX_X86_64_H
#define VMPLAT_BOOT_LINUX_X86_64_H

#include <vmplat/types.h>

/* Setup header fields: offsets in the image file and in the zero page (boot.rst). */
#define BZ_SETUP_SECTS	    0x1f1
#define BZ_SYSSIZE	    0x1f4
#define BZ_BOOT_FLAG	    0x1fe
#define BZ_JUMP		    0x200 /* 2-byte short jump; its offset byte ends the header */
#define BZ_HEADER	    0x202
#define BZ_VERSION	    0x206
#define BZ_TYPE_OF_LOADER   0x210
#define BZ_LOADFLAGS	    0x211
#define BZ_RAMDISK_IMAGE    0x218
#define BZ_RAMDISK_SIZE	    0x21c
#define BZ_HEAP_END_PTR	    0x224
#define BZ_CMD_LINE_PTR	    0x228
#define BZ_INITRD_ADDR_MAX  0x22c
#define BZ_KERNEL_ALIGNMENT 0x230
#define BZ_RELOCATABLE	    0x234
#define BZ_XLOADFLAGS	    0x236
#define BZ_CMDLINE_SIZE	    0x238
#define BZ_PREF_ADDRESS	    0x258
#define BZ_INIT_SIZE	    0x260
#define BZ_HDR_MAX_END	    0x290 /* edd_mbr_sig_buffer follows the header in boot_params */

#define BZ_BOOT_FLAG_MAGIC 0xaa55
#define BZ_HDRS_MAGIC	   0x53726448 /* "HdrS" */
#define BZ_MIN_VERSION	   0x020c     /* 2.12: xloadflags, 64-bit entry (boot.rst) */
#define BZ_SECTOR	   512
#define BZ_MAX_SETUP_SECTS 64 /* setup code is < 32 KiB (boot.rst memory layout) */
#define BZ_MAX_INIT_SIZE   (1ULL << 30)
#define BZ_ENTRY64_OFFSET  0x200 /* 64-bit entry: load address + 0x200 */

#define BZ_LOADED_HIGH	    BIT(0)
#define BZ_CAN_USE_HEAP	    BIT(7)
#define XLF_KERNEL_64	    BIT(0)
#define XLF_CAN_BE_ABOVE_4G BIT(1)

#define BZ_LOADER_UNDEFINED 0xff /* type_of_loader: no assigned id (boot.rst) */

/* What the checks found; every length is already checked against the file. */
struct bzimage_info {
	uint16_t version;
	unsigned setup_sects; /* after the "0 means 4" rule */
	uint32_t setup_size;  /* (setup_sects + 1) * 512: the kernel follows */
	uint32_t kernel_size; /* protected-mode kernel bytes in the file */
	uint32_t hdr_end;     /* 0x202 + byte at 0x201: end of the setup header */
	uint16_t xloadflags;
	uint8_t loadflags;
	bool relocatable;
	uint32_t kernel_alignment;
	uint64_t pref_address;
	uint32_t init_size;    /* bytes the kernel needs from its load address */
	uint32_t cmdline_size; /* longest command line, without the NUL */
	uint32_t initrd_addr_max;
};

/*
 * Check the setup header in head[0, len) (the first bytes of the file, at
 * least up to the end of the header) of a file of file_size bytes. 0, or
 * -ENOEXEC (not a bzImage, truncated) / -ENOTSUP (too old, not 64-bit) with
 * why (a message of why_len bytes) saying which rule failed.
 */
int bzimage_check(const uint8_t *head, size_t len, uint64_t file_size, struct bzimage_info *bi,
		  char *why, size_t why_len);

/* ---- e820 (boot_params.e820_table, arch/x86/include/uapi/asm/e820.h) ---- */
#define E820_RAM	  1
#define E820_RESERVED	  2
#define E820_ACPI	  3
#define E820_NVS	  4
#define E820_UNUSABLE	  5
#define E820_PMEM	  7
#define E820_MAX_ZEROPAGE 128

struct e820_ent {
	uint64_t addr, size;
	uint32_t type;
};

struct e820_table {
	struct e820_ent ent[E820_MAX_ZEROPAGE];
	unsigned n;
};

/* Insert [addr, addr+size) keeping the table sorted, merging with same-type
 * neighbours; -EINVAL when it overlaps an entry, -ENOSPC when full. */
int e820_add(struct e820_table *t, uint64_t addr, uint64_t size, uint32_t type);

/* ---- the UEFI memory map (UEFI 2.10, 7.2.3 EFI_MEMORY_DESCRIPTOR) ---- */
#define EFI_MD_TYPE	0
#define EFI_MD_PHYS	8
#define EFI_MD_VIRT	16
#define EFI_MD_PAGES	24
#define EFI_MD_ATTR	32
#define EFI_MD_MIN_SIZE 40
#define EFI_MD_MAX_SIZE 256
#define EFI_MAX_TYPE	15 /* EfiUnacceptedMemoryType, UEFI 2.10 table 7.10 */
#define EFI_MEM_RUNTIME BIT_ULL(63)

/* The e820 type the EFI stub gives an EFI memory type (drivers/firmware/efi/libstub/x86-stub.c). */
uint32_t e820_type_from_efi(uint32_t efi_type);
/* Every descriptor of map[0, size) into t (sorted, merged). */
int e820_from_efi_map(struct e820_table *t, const uint8_t *map, size_t size, size_t desc_size);

/*
 * How many bytes of buf hold a valid map of desc_size descriptors: the run of
 * descriptors with a known type, page-aligned start, pages > 0 and no overlap
 * with an earlier one (a stale tail from an older, longer map overlaps).
 * *ram_bytes gets the RAM it describes (not MMIO, not reserved).
 */
size_t efi_map_valid_len(const uint8_t *buf, size_t bufsize, size_t desc_size, uint64_t *ram_bytes);

/* The EFI system table signature "IBI SYST" and header (UEFI 2.10, 4.2/4.3). */
#define EFI_SYSTAB_SIGNATURE 0x5453595320494249ULL
/* Offset of a system table in mem[0, len) whose header CRC32 checks, or -1. */
long efi_systab_find(const uint8_t *mem, size_t len);
uint32_t efi_crc32(const uint8_t *p, size_t len);

/* ---- the zero page ---- */
#define BP_SIZE		   4096
#define BP_ACPI_RSDP	   0x070
#define BP_EXT_RAMDISK_IMG 0x0c0
#define BP_EXT_RAMDISK_SZ  0x0c4
#define BP_EXT_CMD_LINE	   0x0c8
#define BP_EFI_INFO	   0x1c0
#define BP_E820_ENTRIES	   0x1e8
#define BP_SENTINEL	   0x1ef
#define BP_E820_TABLE	   0x2d0
#define BP_E820_ENT_SIZE   20
#define EFI_LOADER_SIG64   0x34364c45 /* "EL64" */

struct bp_efi {
	uint64_t systab;
	uint64_t memmap;
	uint32_t memmap_size;
	uint32_t desc_size, desc_version;
};

struct bp_args {
	uint64_t cmdline; /* physical address of the NUL-terminated command line */
	size_t cmdline_len;
	uint64_t initrd, initrd_size;
	uint64_t acpi_rsdp;
	const struct bp_efi *efi; /* NULL: no EFI fields */
	const struct e820_table *e820;
};

/* Fill the 4 KiB zero page for a 64-bit boot from the checked image's header;
 * -E2BIG (command line), -ERANGE (initrd above initrd_addr_max), -ENOSPC (e820). */
int bzimage_boot_params(uint8_t *zp, const uint8_t *img, const struct bzimage_info *bi,
			const struct bp_args *a, char *why, size_t why_len);

/* ---- arch hooks (arch/x86_64/efi_handoff.c, linux_handoff.c; weak stubs elsewhere) ---- */
/*
 * The UEFI memory map vmplat got at ExitBootServices and the system table,
 * for efi_info, and the e820 table built from that map (or from
 * platform.mem when the raw map is not available: then -ENOENT and efi is
 * left empty). 0 or -errno.
 */
int arch_linux_efi_info(struct bp_efi *efi, struct e820_table *e820);

struct linux_x86_handoff {
	paddr_t entry;		 /* load address + 0x200 */
	paddr_t zero_page;	 /* RSI */
	uint64_t since_entry_ns; /* timestamp_ns() - firmware entry, for LoaderTimeInitUSec */
	const char *loader_info; /* LoaderInfo */
};
/* Interrupts off, identity map that covers the kernel, boot GDT (__BOOT_CS 0x10,
 * __BOOT_DS 0x18), Boot Loader Interface variables, then jump with RSI. */
__noreturn void arch_linux_x86_64_enter(const struct linux_x86_handoff *h);
/* Can this build hand off to an x86_64 kernel at all? */
bool arch_linux_x86_64_supported(void);

#endif

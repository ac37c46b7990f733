// SPDX-License-Identifier: MIT
/*
 * UEFI state shared by the x86_64 boot files while boot services exist.
 * Only gnu-efi headers are used (types, GUIDs); no libefi functions.
 */
#ifndef X86_64_EFI_GLUE_H
#define X86_64_EFI_GLUE_H

#include <efi.h>

extern EFI_SYSTEM_TABLE *efi_st; /* NULL once boot services are gone */

/* console.c: ConOut (and COM1 unless ConOut already reaches a UART). */
void x86_console_init(EFI_SYSTEM_TABLE *st);

/* cmdline.c: LoadOptions if printable text, else fw_cfg opt/vmplat/cmdline. */
void x86_cmdline_init(EFI_LOADED_IMAGE *li);

/* efi_pci.c: host bridge windows from the PCI Root Bridge I/O protocol (before ExitBootServices). */
void x86_efi_pci_init(EFI_SYSTEM_TABLE *st);

/* efi_gop.c: the GOP framebuffer's mode for drivers/gpu (UEFI 2.10 12.9; before ExitBootServices). */
void x86_efi_gop_init(EFI_SYSTEM_TABLE *st);

/* efi_esp.c: BLS entries and their files from the ESP li was loaded from (boot/esp_entries.c). */
void x86_efi_esp_read(EFI_LOADED_IMAGE *li);

/* memmap.c: reserve a range of memory vmplat allocated from UEFI. */
void x86_memmap_carve(paddr_t base, uint64_t size, int type);
/* memmap.c: the buffer GetMemoryMap fills (also usable for an early look). */
uint8_t *x86_memmap_buf(size_t *size); /* the map buffer (scratch before ExitBootServices) */
/* After ExitBootServices: the map it was given (NULL before), and the system table. */
const uint8_t *x86_efi_memmap(size_t *size, size_t *desc_size, uint32_t *version);
EFI_SYSTEM_TABLE *x86_efi_systab(void);
/* memmap.c: get the map, ExitBootServices (with retry), fill platform.mem. */
EFI_STATUS x86_exit_boot_services(EFI_HANDLE image);

/* paging_boot.c: identity map of low memory vmplat owns (LoaderData). */
EFI_STATUS x86_boot_pt_alloc(void);
void x86_boot_pt_activate(void);

/* smp.c: trampoline pages below 1 MiB. */
EFI_STATUS x86_tramp_alloc(void);

#endif

// SPDX-License-Identifier: MIT
/*
 * ACPI table parsers (ACPI 6.5). Portable: each takes a pointer to a whole
 * table and the number of bytes readable there, checks every length it
 * uses against that, and never touches firmware, so the host tests run
 * them on byte arrays (tests/unit/acpi).
 */
#ifndef X86_64_ACPI_H
#define X86_64_ACPI_H

#include <vmplat/platform.h>
#include <vmplat/types.h>

#define ACPI_HDR_LEN	   36 /* ACPI 6.5, 5.2.6 table 5.4 */
#define ACPI_RSDP_V1_LEN   20 /* ACPI 6.5, 5.2.5.3 */
#define ACPI_RSDP_V2_LEN   36
#define ACPI_MAX_TABLES	   64 /* entries taken from the XSDT/RSDT */
#define ACPI_MADT_MAX_CPUS 256
#define ACPI_MAX_TABLE_LEN (16 * MiB)

/* Checked table header: signature, length (>= header, <= avail), checksum. */
int acpi_table_check(const uint8_t *t, size_t avail, const char *sig);
uint8_t acpi_checksum(const uint8_t *p, size_t len);

/* RSDP: sets the XSDT address (rev >= 2 with one) or else the RSDT address. */
int acpi_rsdp_parse(const uint8_t *p, size_t avail, paddr_t *root, bool *is_xsdt);
/* Entries of a checked XSDT (8-byte) or RSDT (4-byte); returns count (<= max). */
int acpi_sdt_entries(const uint8_t *sdt, size_t len, bool is_xsdt, paddr_t *out, unsigned max);

struct acpi_madt_info {
	paddr_t lapic_base;
	bool pcat_compat; /* dual 8259 present: mask it */
	unsigned ncpus;
	uint32_t apic_id[ACPI_MADT_MAX_CPUS];
};
/* Usable CPUs: Local APIC / x2APIC entries enabled or online-capable (5.2.12.2). */
int acpi_madt_parse(const uint8_t *t, size_t len, struct acpi_madt_info *mi);

/* Generic Address Structure (5.2.3.2), the fields vmplat uses. */
struct acpi_gas {
	uint8_t space; /* 0 memory, 1 I/O */
	uint8_t width;
	uint64_t addr;
};

struct acpi_fadt_info {
	uint16_t pm_tmr_port; /* 0: none */
	bool tmr_32bit;	      /* TMR_VAL_EXT */
	uint16_t pm1a_cnt, pm1b_cnt;
	paddr_t dsdt;
	bool reset_supported;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	bool hw_reduced;
};
int acpi_fadt_parse(const uint8_t *t, size_t len, struct acpi_fadt_info *fi);

/* MCFG allocations (PCI Firmware 3.2, 4.1.2); returns count (<= max). */
int acpi_mcfg_parse(const uint8_t *t, size_t len, struct ecam_window *out, unsigned max);
/* HPET event timer block base (IA-PC HPET 1.0a, 3.2.4). */
int acpi_hpet_parse(const uint8_t *t, size_t len, paddr_t *base);
/* \_S5 package in the DSDT AML: SLP_TYPa/b (7.4.2). -ENOENT when absent. */
int acpi_dsdt_find_s5(const uint8_t *t, size_t len, uint8_t *slp_typa, uint8_t *slp_typb);

#endif

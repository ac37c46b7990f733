// SPDX-License-Identifier: MIT
/*
 * ACPI walk at boot (before ExitBootServices, tables identity-mapped by
 * the firmware): RSDP -> XSDT/RSDT -> MADT, FADT (+DSDT \_S5), HPET, MCFG.
 * A table with a bad checksum or bad lengths is reported and ignored; the
 * platform keeps running with what it could read.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/smp.h>

#include "x86_64.h"

#define LAPIC_DEFAULT_BASE 0xfee00000ULL

struct x86_acpi x86_acpi = { .lapic_base = LAPIC_DEFAULT_BASE };
static struct acpi_madt_info madt; /* large: keep it off the stack */

static const uint8_t *acpi_ptr(paddr_t pa)
{
	return (const uint8_t *)(uintptr_t)pa;
}

/* A checked table at pa, or NULL after saying what was wrong with it. */
static const uint8_t *table_get(paddr_t pa, const char *sig, uint32_t *len)
{
	const uint8_t *t = acpi_ptr(pa);
	int ret;

	if (!pa)
		return NULL;
	ret = acpi_table_check(t, ACPI_MAX_TABLE_LEN, sig);
	if (ret) {
		log_err("acpi: table %.4s at %#llx: %s, ignored", (const char *)t,
			(unsigned long long)pa,
			ret == -EILSEQ ? "bad checksum" : "bad signature or length");
		return NULL;
	}
	*len = le32_get(t + 4);
	return t;
}

static void madt_apply(const uint8_t *t, uint32_t len)
{
	if (acpi_madt_parse(t, len, &madt)) {
		log_err("acpi: MADT entry with a bad length, ignored");
		madt.ncpus = 0;
		return;
	}
	x86_acpi.lapic_base = madt.lapic_base;
}

static void fadt_apply(const uint8_t *t, uint32_t len)
{
	const uint8_t *dsdt;
	uint32_t dlen;

	if (acpi_fadt_parse(t, len, &x86_acpi.fadt)) {
		log_err("acpi: FADT malformed (%u bytes), ignored", len);
		return;
	}
	x86_acpi.have_fadt = true;
	platform.pm_timer_port = x86_acpi.fadt.pm_tmr_port;
	platform.pm_timer_32bit = x86_acpi.fadt.tmr_32bit;
	dsdt = table_get(x86_acpi.fadt.dsdt, "DSDT", &dlen);
	if (dsdt && !acpi_dsdt_find_s5(dsdt, dlen, &x86_acpi.slp_typa, &x86_acpi.slp_typb))
		x86_acpi.have_s5 = true;
}

static void mcfg_apply(const uint8_t *t, uint32_t len)
{
	int n = acpi_mcfg_parse(t, len, platform.ecam, PLAT_MAX_ECAM);

	if (n < 0) {
		log_err("acpi: MCFG malformed, ignored");
		return;
	}
	/*
	 * MCFG gives bus 0's ECAM address (PCI Firmware 3.2, 4.1.2); platform.ecam[]
	 * holds bus_start's, as a DTB `reg` does.
	 */
	for (int i = 0; i < n; i++)
		platform.ecam[i].base += (paddr_t)platform.ecam[i].bus_start << 20;
	platform.necam = (unsigned)n;
}

/* Tables that passed their checks, for drivers that parse their own (DMAR). */
static struct {
	const uint8_t *t;
	uint32_t len;
} checked[ACPI_MAX_TABLES];
static unsigned nchecked;

const void *arch_acpi_table(const char *sig, uint32_t *len)
{
	for (unsigned i = 0; i < nchecked; i++) {
		if (!memcmp(checked[i].t, sig, 4)) {
			*len = checked[i].len;
			return checked[i].t;
		}
	}
	return NULL;
}

static void table_apply(paddr_t pa)
{
	uint32_t len;
	const uint8_t *t = table_get(pa, NULL, &len);

	if (!t)
		return;
	if (nchecked < ACPI_MAX_TABLES)
		checked[nchecked++] = (typeof(checked[0])){ t, len };
	if (!memcmp(t, "APIC", 4))
		madt_apply(t, len);
	else if (!memcmp(t, "FACP", 4))
		fadt_apply(t, len);
	else if (!memcmp(t, "MCFG", 4))
		mcfg_apply(t, len);
	else if (!memcmp(t, "HPET", 4) && acpi_hpet_parse(t, len, &x86_acpi.hpet_base))
		log_err("acpi: HPET table malformed, ignored");
}

static void cpus_add(void)
{
	uint32_t boot = x86_boot_apic_id();

	smp_add_cpu(boot); /* boot CPU first */
	if (!madt.ncpus) {
		log_warn("acpi: no usable MADT: running on the boot CPU only");
		return;
	}
	for (unsigned i = 0; i < madt.ncpus; i++)
		if (madt.apic_id[i] != boot)
			smp_add_cpu(madt.apic_id[i]);
}

static void tables_walk(paddr_t rsdp)
{
	static paddr_t ent[ACPI_MAX_TABLES];
	const uint8_t *root;
	paddr_t root_pa;
	uint32_t len;
	bool xsdt;
	int n;

	if (acpi_rsdp_parse(acpi_ptr(rsdp), ACPI_RSDP_V2_LEN, &root_pa, &xsdt)) {
		log_err("acpi: RSDP at %#llx invalid, ignored", (unsigned long long)rsdp);
		return;
	}
	root = table_get(root_pa, xsdt ? "XSDT" : "RSDT", &len);
	if (!root)
		return;
	n = acpi_sdt_entries(root, len, xsdt, ent, ACPI_MAX_TABLES);
	if (n < 0) {
		log_err("acpi: %s length %u not a whole number of entries", xsdt ? "XSDT" : "RSDT",
			len);
		return;
	}
	for (int i = 0; i < n; i++)
		table_apply(ent[i]);
}

void x86_acpi_init(paddr_t rsdp)
{
	platform.acpi_rsdp = rsdp;
	if (rsdp)
		tables_walk(rsdp);
	else
		log_warn("acpi: no RSDP in the UEFI configuration table");
	cpus_add();
}

// SPDX-License-Identifier: MIT
/*
 * ACPI table parsers (ACPI 6.5, chapter 5). Portable: no firmware access.
 * Every offset is checked against the table's own length, which was
 * checked against the bytes the caller could give us.
 */
#include <errno.h>
#include <string.h>

#include "acpi.h"

/* MADT (5.2.12): 44-byte fixed part, then {type, length} records. */
#define MADT_LAPIC_ADDR		36
#define MADT_FLAGS		40
#define MADT_PCAT_COMPAT	BIT(0)
#define MADT_ENTRIES		44
#define MADT_LAPIC		0 /* 5.2.12.2, length 8 */
#define MADT_LAPIC_ADDR_OVR	5 /* 5.2.12.8, length 12 */
#define MADT_X2APIC		9 /* 5.2.12.12, length 16 */
#define MADT_CPU_ENABLED	BIT(0)
#define MADT_CPU_ONLINE_CAPABLE BIT(1)

/* FADT (5.2.9 table 5.9) byte offsets. */
#define FADT_DSDT	   40
#define FADT_PM1A_CNT	   64
#define FADT_PM1B_CNT	   68
#define FADT_PM_TMR_BLK	   76
#define FADT_PM_TMR_LEN	   91
#define FADT_FLAGS	   112
#define FADT_TMR_VAL_EXT   BIT(8)
#define FADT_RESET_REG_SUP BIT(10)
#define FADT_HW_REDUCED	   BIT(20)
#define FADT_RESET_REG	   116
#define FADT_RESET_VALUE   128
#define FADT_X_DSDT	   140
#define FADT_X_PM1A_CNT	   172
#define FADT_X_PM_TMR_BLK  208

uint8_t acpi_checksum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

int acpi_table_check(const uint8_t *t, size_t avail, const char *sig)
{
	uint32_t len;

	if (!t || avail < ACPI_HDR_LEN)
		return -EINVAL;
	if (sig && memcmp(t, sig, 4) != 0)
		return -EINVAL;
	len = le32_get(t + 4);
	if (len < ACPI_HDR_LEN || len > avail || len > ACPI_MAX_TABLE_LEN)
		return -EINVAL;
	/* All bytes of the table, checksum field included, sum to zero (5.2.6). */
	if (acpi_checksum(t, len) != 0)
		return -EILSEQ;
	return 0;
}

int acpi_rsdp_parse(const uint8_t *p, size_t avail, paddr_t *root, bool *is_xsdt)
{
	uint32_t len;

	if (!p || avail < ACPI_RSDP_V1_LEN || memcmp(p, "RSD PTR ", 8) != 0)
		return -EINVAL;
	/* The first 20 bytes carry their own checksum (5.2.5.3). */
	if (acpi_checksum(p, ACPI_RSDP_V1_LEN) != 0)
		return -EILSEQ;
	if (p[15] >= 2 && avail >= ACPI_RSDP_V2_LEN) {
		len = le32_get(p + 20);
		if (len < ACPI_RSDP_V2_LEN || len > avail)
			return -EINVAL;
		if (acpi_checksum(p, len) != 0)
			return -EILSEQ;
		if (le64_get(p + 24)) {
			*root = le64_get(p + 24);
			*is_xsdt = true;
			return 0;
		}
	}
	*root = le32_get(p + 16);
	*is_xsdt = false;
	return *root ? 0 : -ENOENT;
}

int acpi_sdt_entries(const uint8_t *sdt, size_t len, bool is_xsdt, paddr_t *out, unsigned max)
{
	size_t esz = is_xsdt ? 8 : 4;
	unsigned n = 0;

	if (len < ACPI_HDR_LEN || (len - ACPI_HDR_LEN) % esz)
		return -EINVAL;
	for (size_t off = ACPI_HDR_LEN; off + esz <= len && n < max; off += esz)
		out[n++] = is_xsdt ? le64_get(sdt + off) : le32_get(sdt + off);
	return (int)n;
}

static void madt_add_cpu(struct acpi_madt_info *mi, uint32_t id, uint32_t flags)
{
	if (!(flags & (MADT_CPU_ENABLED | MADT_CPU_ONLINE_CAPABLE)))
		return;
	for (unsigned i = 0; i < mi->ncpus; i++)
		if (mi->apic_id[i] == id)
			return; /* same CPU listed as LAPIC and x2APIC */
	if (mi->ncpus < ACPI_MADT_MAX_CPUS)
		mi->apic_id[mi->ncpus++] = id;
}

static int madt_entry(struct acpi_madt_info *mi, const uint8_t *e, uint8_t elen)
{
	switch (e[0]) {
	case MADT_LAPIC:
		if (elen < 8)
			return -EINVAL;
		madt_add_cpu(mi, e[3], le32_get(e + 4));
		break;
	case MADT_X2APIC:
		if (elen < 16)
			return -EINVAL;
		madt_add_cpu(mi, le32_get(e + 4), le32_get(e + 8));
		break;
	case MADT_LAPIC_ADDR_OVR:
		if (elen < 12)
			return -EINVAL;
		mi->lapic_base = le64_get(e + 4);
		break;
	default:
		break;
	}
	return 0;
}

int acpi_madt_parse(const uint8_t *t, size_t len, struct acpi_madt_info *mi)
{
	size_t off = MADT_ENTRIES;
	int ret;

	memset(mi, 0, sizeof(*mi));
	if (len < MADT_ENTRIES || memcmp(t, "APIC", 4) != 0)
		return -EINVAL;
	mi->lapic_base = le32_get(t + MADT_LAPIC_ADDR);
	mi->pcat_compat = le32_get(t + MADT_FLAGS) & MADT_PCAT_COMPAT;
	while (off < len) {
		/* A record must hold its own header and end inside the table. */
		if (len - off < 2 || t[off + 1] < 2 || t[off + 1] > len - off)
			return -EINVAL;
		ret = madt_entry(mi, t + off, t[off + 1]);
		if (ret)
			return ret;
		off += t[off + 1];
	}
	return 0;
}

static void gas_get(const uint8_t *p, struct acpi_gas *g)
{
	g->space = p[0];
	g->width = p[1];
	g->addr = le64_get(p + 4);
}

static void fadt_pm_timer(const uint8_t *t, size_t len, struct acpi_fadt_info *fi)
{
	struct acpi_gas g;

	/* X_PM_TMR_BLK wins when present and in I/O space (5.2.9, table 5.9). */
	if (len >= FADT_X_PM_TMR_BLK + 12) {
		gas_get(t + FADT_X_PM_TMR_BLK, &g);
		if (g.space == 1 && g.addr && g.addr <= 0xffff) {
			fi->pm_tmr_port = (uint16_t)g.addr;
			return;
		}
	}
	if (t[FADT_PM_TMR_LEN] >= 4 && le32_get(t + FADT_PM_TMR_BLK) <= 0xffff)
		fi->pm_tmr_port = (uint16_t)le32_get(t + FADT_PM_TMR_BLK);
}

int acpi_fadt_parse(const uint8_t *t, size_t len, struct acpi_fadt_info *fi)
{
	uint32_t flags;

	memset(fi, 0, sizeof(*fi));
	/*
	 * An ACPI 1.0 FADT ends after FLAGS (116 bytes; QEMU's i440fx gives one);
	 * the reset register and the 64-bit X_ fields come with ACPI 2.0.
	 */
	if (len < FADT_FLAGS + 4 || memcmp(t, "FACP", 4) != 0)
		return -EINVAL;
	flags = le32_get(t + FADT_FLAGS);
	fi->hw_reduced = flags & FADT_HW_REDUCED;
	fi->tmr_32bit = flags & FADT_TMR_VAL_EXT;
	fi->dsdt = le32_get(t + FADT_DSDT);
	if (len >= FADT_X_DSDT + 8 && le64_get(t + FADT_X_DSDT))
		fi->dsdt = le64_get(t + FADT_X_DSDT);
	fi->pm1a_cnt = (uint16_t)le32_get(t + FADT_PM1A_CNT);
	fi->pm1b_cnt = (uint16_t)le32_get(t + FADT_PM1B_CNT);
	if (!fi->pm1a_cnt && len >= FADT_X_PM1A_CNT + 12 && t[FADT_X_PM1A_CNT] == 1)
		fi->pm1a_cnt = (uint16_t)le64_get(t + FADT_X_PM1A_CNT + 4);
	if (!fi->hw_reduced)
		fadt_pm_timer(t, len, fi);
	if (len >= FADT_RESET_VALUE + 1) {
		fi->reset_supported = flags & FADT_RESET_REG_SUP;
		gas_get(t + FADT_RESET_REG, &fi->reset_reg);
		fi->reset_value = t[FADT_RESET_VALUE];
	}
	return 0;
}

int acpi_mcfg_parse(const uint8_t *t, size_t len, struct ecam_window *out, unsigned max)
{
	unsigned n = 0;

	/* 44-byte header (8 reserved bytes), then 16-byte allocations. */
	if (len < 44 || memcmp(t, "MCFG", 4) != 0 || (len - 44) % 16)
		return -EINVAL;
	for (size_t off = 44; off + 16 <= len && n < max; off += 16) {
		const uint8_t *e = t + off;

		if (e[10] > e[11])
			return -EINVAL; /* start bus after end bus */
		out[n].base = le64_get(e);
		out[n].segment = le16_get(e + 8);
		out[n].bus_start = e[10];
		out[n].bus_end = e[11];
		n++;
	}
	return (int)n;
}

int acpi_hpet_parse(const uint8_t *t, size_t len, paddr_t *base)
{
	struct acpi_gas g;

	/* Event timer block id (4), base address GAS (12), ... (HPET 1.0a 3.2.4). */
	if (len < 56 || memcmp(t, "HPET", 4) != 0)
		return -EINVAL;
	gas_get(t + 40, &g);
	if (g.space != 0 || !g.addr)
		return -EINVAL;
	*base = g.addr;
	return 0;
}

/* AML data object (ACPI 6.5, 20.2.3): ZeroOp, OneOp, BytePrefix. */
static int aml_byte(const uint8_t *p, const uint8_t *end, uint8_t *v)
{
	if (p >= end)
		return -EINVAL;
	if (*p == 0x00 || *p == 0x01) {
		*v = *p;
		return 1;
	}
	if (*p == 0x0a && p + 1 < end) {
		*v = p[1];
		return 2;
	}
	return -EINVAL;
}

int acpi_dsdt_find_s5(const uint8_t *t, size_t len, uint8_t *slp_typa, uint8_t *slp_typb)
{
	const uint8_t *end = t + len;

	/* Look for NameOp "_S5_" PackageOp PkgLength NumElements a b (7.4.2). */
	for (const uint8_t *p = t + ACPI_HDR_LEN; p + 8 < end; p++) {
		const uint8_t *q;
		int n;

		if (memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)
			continue;
		if (p[-1] != 0x08 && !(p[-1] == '\\' && p[-2] == 0x08))
			continue;
		q = p + 5;
		q += 1 + (*q >> 6); /* PkgLength lead byte + follow bytes */
		q++;		    /* NumElements */
		n = aml_byte(q, end, slp_typa);
		if (n < 0)
			return n;
		q += n;
		n = aml_byte(q, end, slp_typb);
		if (n < 0)
			*slp_typb = 0;
		return 0;
	}
	return -ENOENT;
}

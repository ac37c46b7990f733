// SPDX-License-Identifier: MIT
/*
 * Arm SMMUv3 units from the device tree (Linux bindings iommu/arm,smmu-v3
 * and pci/pci-iommu: `iommu-map = <rid-base &smmu sid-base length>`),
 * into struct smmu_desc for drivers/smmu. libfdt only and every length
 * checked, like fdt_platform.c; also built by tests/unit/fdt_smmu.
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>

#define SMMU_ADDR_CELLS_MAX 2
#define GIC_IRQ_CELLS	    3 /* type, number, flags */
#define GIC_SPI_BASE	    32
#define GIC_PPI_BASE	    16
#define GIC_INTID_MAX	    1020
#define IOMMU_MAP_CELLS	    4 /* rid-base, phandle, one-cell specifier, length */
#define PCI_RID_SPACE	    0x10000u

static int fail(const char **why, const char *text)
{
	*why = text;
	return -EINVAL;
}

static bool node_enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	if (!s)
		return true;
	return len > 0 && (!strncmp(s, "okay", (size_t)len) || !strncmp(s, "ok", (size_t)len));
}

static uint64_t cells_get(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(&p[i]);
	return v;
}

/* reg[0] with the parent's cell counts; -EINVAL if malformed or absent. */
static int reg0(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node), ac, sc, len;
	const fdt32_t *p;

	if (parent < 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > SMMU_ADDR_CELLS_MAX || sc < 1 || sc > SMMU_ADDR_CELLS_MAX)
		return -EINVAL;
	p = fdt_getprop(fdt, node, "reg", &len);
	if (!p || len < (ac + sc) * (int)sizeof(fdt32_t))
		return -EINVAL;
	*base = cells_get(p, ac);
	*size = cells_get(p + ac, sc);
	return 0;
}

/* The INTID of the interrupt named name, 0 when there is none. */
static int named_irq(const void *fdt, int node, const char *name, unsigned *intid)
{
	int ilen, idx = fdt_stringlist_search(fdt, node, "interrupt-names", name);
	const fdt32_t *irqs = fdt_getprop(fdt, node, "interrupts", &ilen);
	uint32_t type, num;

	*intid = 0;
	if (idx == -FDT_ERR_NOTFOUND)
		return 0;
	if (idx < 0)
		return -EINVAL;
	if (!irqs || ilen <= 0 || ilen % (GIC_IRQ_CELLS * 4) || idx >= ilen / (GIC_IRQ_CELLS * 4))
		return -EINVAL;
	type = fdt32_ld(&irqs[idx * GIC_IRQ_CELLS]);
	num = fdt32_ld(&irqs[idx * GIC_IRQ_CELLS + 1]);
	if (type > 1 || num + (type ? GIC_PPI_BASE : GIC_SPI_BASE) >= GIC_INTID_MAX)
		return -EINVAL;
	*intid = num + (type ? GIC_PPI_BASE : GIC_SPI_BASE);
	return 0;
}

static int parse_unit(const void *fdt, int node, struct smmu_desc *s, const char **why)
{
	memset(s, 0, sizeof(*s));
	if (reg0(fdt, node, &s->base, &s->size) || !s->size || s->base + s->size < s->base)
		return fail(why, "arm,smmu-v3: bad reg");
	if (named_irq(fdt, node, "eventq", &s->irq_evt) ||
	    named_irq(fdt, node, "gerror", &s->irq_gerr) ||
	    named_irq(fdt, node, "cmdq-sync", &s->irq_sync))
		return fail(why, "arm,smmu-v3: interrupts do not match interrupt-names");
	return 0;
}

/* One iommu-map entry that names unit phandle ph: checked and added to s. */
static int add_map(struct smmu_desc *s, uint16_t seg, uint32_t rid, uint32_t sid, uint32_t len,
		   const char **why)
{
	if (!len || rid >= PCI_RID_SPACE || len > PCI_RID_SPACE - rid)
		return fail(why, "iommu-map: requester id range outside 0-0xffff");
	if ((uint64_t)sid + len - 1 > UINT32_MAX)
		return fail(why, "iommu-map: stream id range wraps");
	if (s->nmap && s->segment != seg)
		return fail(why, "iommu-map: one SMMU for two PCI segments is not supported");
	if (s->nmap >= PLAT_MAX_SMMU_MAP)
		return fail(why, "iommu-map: too many entries for one SMMU");
	s->segment = seg;
	s->map[s->nmap].rid_base = rid;
	s->map[s->nmap].sid_base = sid;
	s->map[s->nmap].len = len;
	s->nmap++;
	return 0;
}

/* iommu-map of one PCI host bridge; entries for other IOMMUs are skipped. */
static int parse_host_map(const void *fdt, int host, uint16_t seg, struct smmu_desc *out,
			  const uint32_t *phandles, unsigned n, const char **why)
{
	int len;
	const fdt32_t *p;
	uint32_t mask;
	const fdt32_t *m = fdt_getprop(fdt, host, "iommu-map-mask", &len);

	if (m) {
		if (len != 4)
			return fail(why, "iommu-map-mask: length");
		mask = fdt32_ld(m);
		if ((mask & 0xffff) != 0xffff)
			return fail(why, "iommu-map-mask: masking requester ids is not supported");
	}
	p = fdt_getprop(fdt, host, "iommu-map", &len);
	if (!p)
		return 0;
	if (len <= 0 || len % (IOMMU_MAP_CELLS * 4))
		return fail(why, "iommu-map: length is not a multiple of 4 cells (#iommu-cells 1)");
	for (int i = 0; i < len / (IOMMU_MAP_CELLS * 4); i++, p += IOMMU_MAP_CELLS) {
		uint32_t ph = fdt32_ld(&p[1]);
		int rc;

		for (unsigned u = 0; u < n; u++) {
			if (!ph || phandles[u] != ph)
				continue;
			rc = add_map(&out[u], seg, fdt32_ld(&p[0]), fdt32_ld(&p[2]),
				     fdt32_ld(&p[3]), why);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Segments follow fdt_platform.c: linux,pci-domain, else the host's index. */
static int parse_maps(const void *fdt, struct smmu_desc *out, const uint32_t *phandles, unsigned n,
		      const char **why)
{
	int host = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
	unsigned index = 0;

	for (; host >= 0;
	     host = fdt_node_offset_by_compatible(fdt, host, "pci-host-ecam-generic")) {
		const fdt32_t *d;
		uint32_t seg;
		int len, rc;

		if (!node_enabled(fdt, host))
			continue;
		seg = index++;
		d = fdt_getprop(fdt, host, "linux,pci-domain", &len);
		if (d && len == 4)
			seg = fdt32_ld(d);
		if (seg > 0xffff)
			return fail(why, "pci host: bad linux,pci-domain");
		rc = parse_host_map(fdt, host, (uint16_t)seg, out, phandles, n, why);
		if (rc)
			return rc;
	}
	return 0;
}

int fdt_smmu_parse(const void *fdt, struct smmu_desc *out, unsigned max, unsigned *n,
		   const char **why)
{
	uint32_t phandles[PLAT_MAX_SMMU];
	int node;

	*n = 0;
	*why = NULL;
	if (!fdt || fdt_check_header(fdt))
		return fail(why, "no valid DTB");
	max = MIN(max, (unsigned)PLAT_MAX_SMMU);
	for (node = fdt_node_offset_by_compatible(fdt, -1, "arm,smmu-v3"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "arm,smmu-v3")) {
		int rc;

		if (!node_enabled(fdt, node))
			continue;
		if (*n >= max)
			return fail(why, "arm,smmu-v3: more units than supported");
		rc = parse_unit(fdt, node, &out[*n], why);
		if (rc)
			return rc;
		/* No phandle: nothing can name it in an iommu-map (it serves no device). */
		phandles[*n] = fdt_get_phandle(fdt, node);
		(*n)++;
	}
	if (!*n)
		return 0;
	return parse_maps(fdt, out, phandles, *n, why);
}

void fdt_smmu_init(const void *fdt)
{
	const char *why;
	int rc = fdt_smmu_parse(fdt, platform.smmu, PLAT_MAX_SMMU, &platform.nsmmu, &why);

	if (rc) {
		/* Without a usable description DMA stays untranslated: say so, keep going. */
		log_err("fdt: SMMUv3 description ignored: %s (%d)", why, rc);
		platform.nsmmu = 0;
	}
}

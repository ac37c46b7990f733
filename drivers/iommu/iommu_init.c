// SPDX-License-Identifier: MIT
/*
 * IOMMU platform integration: probe the units, build the platform domain
 * (RAM mapped 1:1 so vmplat's own drivers DMA with translation on), hook
 * PCI ownership (assign = attach the group, release = detach = blocked),
 * the boot report and the `iommu` shell command.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/hotplug.h>
#include <vmplat/pci.h>
#include <vmplat/platform.h>
#include <vmplat/shell.h>
#include "iommu_internal.h"

/* Weak defaults: a driver that is not built finds nothing. */
__weak int vtd_probe(void)
{
	return 0;
}

__weak int smmuv3_probe(void)
{
	return 0;
}

/*
 * Identity-map RAM (not MMIO) into dom. Regions come sorted; their ends
 * are widened to pages and overlaps between neighbours skipped.
 */
static int map_ram_identity(struct iommu_domain *dom)
{
	uint64_t limit = 1ULL << dom->fmt->va_bits, done = 0;
	int rc;

	for (unsigned i = 0; i < platform.nmem; i++) {
		const struct mem_region *r = &platform.mem[i];
		uint64_t start = ALIGN_DOWN(r->base, PAGE_SIZE);
		uint64_t end = MIN(ALIGN_UP(r->base + r->size, PAGE_SIZE), limit);

		if (r->type == MEM_MMIO)
			continue;
		start = MAX(start, done);
		if (start >= end)
			continue;
		rc = iommu_map(dom, start, start, end - start, IOMMU_RW);
		if (rc && rc != -EEXIST) {
			log_err("iommu: identity map %#llx-%#llx: %d", (unsigned long long)start,
				(unsigned long long)end, rc);
			return rc;
		}
		done = end;
	}
	return 0;
}

/* The domain for PCI owner id `owner` on u; the platform domain is built on first use. */
static struct iommu_domain *owner_domain(struct iommu_unit *u, uint16_t owner)
{
	struct iommu_domain *dom = iommu_domain_find(u, owner);

	if (dom)
		return dom;
	if (owner == PCI_DOMAIN_PLATFORM) {
		dom = iommu_domain_alloc(u, owner, IOMMU_DOM_IDENTITY);
		if (dom && map_ram_identity(dom)) {
			iommu_domain_free(dom);
			return NULL;
		}
		return dom;
	}
	/* A guest that did not build its domain first gets an empty one: DMA blocked. */
	return iommu_domain_alloc(u, owner, IOMMU_DOM_PAGING);
}

static int own_attach(struct pci_dev *d, uint16_t owner)
{
	struct iommu_group *g = iommu_group_of(d);
	struct iommu_domain *dom;

	if (!g)
		return 0; /* no IOMMU in front of d (or a bridge) */
	for (unsigned i = 0; i < g->ndev; i++) {
		uint16_t o = g->dev[i]->owner;

		if (g->dev[i] != d && o != PCI_DOMAIN_NONE && o != owner)
			return -EBUSY; /* a group member belongs to another domain */
	}
	dom = owner_domain(g->unit, owner);
	if (!dom)
		return -ENOMEM;
	return iommu_attach(dom, d);
}

static void own_detach(struct pci_dev *d, uint16_t owner)
{
	struct iommu_group *g = iommu_group_of(d);

	if (!g || !g->dom)
		return;
	for (unsigned i = 0; i < g->ndev; i++)
		if (g->dev[i] != d && g->dev[i]->owner == owner)
			return; /* the rest of the group still works for owner */
	iommu_detach(g->dom, d);
}

static const struct pci_own_hooks iommu_own_hooks = {
	.attach = own_attach,
	.detach = own_detach,
};

/* Hot-plug listener: a removed function leaves its IOMMU group. */
static void iommu_hp_event(struct pci_dev *d, bool added)
{
	if (!added)
		iommu_group_remove_dev(d);
}

int iommu_init(void)
{
	int rc = vtd_probe();

	if (rc)
		log_err("iommu: vt-d probe failed: %d", rc);
	rc = smmuv3_probe();
	if (rc)
		log_err("iommu: smmuv3 probe failed: %d", rc);
	if (!iommu_unit_count())
		return 0;
	pci_set_own_hooks(&iommu_own_hooks);
	if (pci_hp_listen(iommu_hp_event))
		log_warn("iommu: cannot follow hot removal: groups may keep removed functions");
	/* Compute every group now so the report lists them; devices claimed
	 * before translation came on are attached to their owner now. */
	pci_for_each_dev (d) {
		iommu_group_of(d);
		if (d->owner != PCI_DOMAIN_NONE && (rc = own_attach(d, d->owner)))
			log_err("iommu: owned device not attached: %d", rc);
	}
	iommu_report();
	return 0;
}

static void report_group(const struct iommu_group *g)
{
	char a[PCI_ADDR_STRLEN];

	console_printf("    group %u (%s, anchor %s):", g->id, g->unit->name,
		       pci_addr_fmt(a, g->anchor->addr));
	for (unsigned i = 0; i < g->ndev; i++)
		console_printf(" %s", pci_addr_fmt(a, g->dev[i]->addr));
	if (g->dom)
		console_printf(" -> domain %u\n", g->dom->id);
	else
		console_printf(" -> blocked\n");
}

void iommu_report(void)
{
	unsigned nu = iommu_unit_count();

	if (!nu) {
		console_printf("  iommu: none\n");
		return;
	}
	for (unsigned i = 0; i < nu; i++) {
		struct iommu_unit *u = iommu_unit_get(i);

		console_printf("  iommu unit %s (%s) segment %u: %llu faults, %llu lost\n", u->name,
			       u->ops->kind, u->segment, (unsigned long long)u->faults,
			       (unsigned long long)u->faults_lost);
		if (u->ops->report)
			u->ops->report(u);
	}
	for (unsigned i = 0; i < IOMMU_MAX_DOMAINS; i++) {
		struct iommu_domain *dom = iommu_domain_get(i);

		if (dom)
			console_printf("    domain %u owner %u %s on %s hw id %u: %s, %llu KiB "
				       "mapped, %u groups, %llu faults\n",
				       dom->id, dom->owner,
				       dom->kind == IOMMU_DOM_IDENTITY ? "identity" : "paging",
				       dom->unit->name, dom->hw_id, dom->fmt->name,
				       (unsigned long long)(dom->mapped / KiB), dom->ngroups,
				       (unsigned long long)dom->faults);
	}
	for (unsigned i = 0; i < IOMMU_MAX_GROUPS; i++) {
		struct iommu_group *g = iommu_group_get(i);

		if (g)
			report_group(g);
	}
}

#define MAPS_MAX_RUNS 64

/* Contiguous runs of one domain's mappings (same prot, IOVA and PA both contiguous). */
struct map_runs {
	uint64_t va, pa, size;
	unsigned prot, printed, total;
};

static void run_flush(struct map_runs *r)
{
	if (!r->size)
		return;
	if (r->printed++ < MAPS_MAX_RUNS)
		console_printf("    iova %#014llx-%#014llx -> %#014llx %c%c\n",
			       (unsigned long long)r->va, (unsigned long long)(r->va + r->size - 1),
			       (unsigned long long)r->pa, r->prot & IOMMU_READ ? 'r' : '-',
			       r->prot & IOMMU_WRITE ? 'w' : '-');
	r->size = 0;
}

static int map_leaf(void *ctx, uint64_t va, paddr_t pa, uint64_t size, unsigned prot)
{
	struct map_runs *r = ctx;

	r->total++;
	if (r->size && r->va + r->size == va && r->pa + r->size == pa && r->prot == prot) {
		r->size += size;
		return 0;
	}
	run_flush(r);
	*r = (struct map_runs){ va, pa, size, prot, r->printed, r->total };
	return 0;
}

static int cmd_maps(const char *id)
{
	char *end;
	unsigned long n = strtoul(id, &end, 0);
	struct iommu_domain *dom = *end ? NULL : iommu_domain_get((unsigned)n);
	struct map_runs r = { 0 };

	if (!dom) {
		console_printf("iommu: no domain %s\n", id);
		return -ENOENT;
	}
	console_printf("  domain %u (%s on %s):\n", dom->id, dom->fmt->name, dom->unit->name);
	pt_for_each_leaf(&dom->pt, map_leaf, &r);
	run_flush(&r);
	if (r.printed > MAPS_MAX_RUNS)
		console_printf("    ... %u more runs\n", r.printed - MAPS_MAX_RUNS);
	console_printf("  %u leaf entries in %u runs\n", r.total, r.printed);
	return 0;
}

static int cmd_iommu(int argc, char **argv)
{
	iommu_poll_faults();
	if (argc == 3 && !strcmp(argv[1], "maps"))
		return cmd_maps(argv[2]);
	if (argc > 1) {
		console_printf("usage: iommu [maps <domain>]\n");
		return -EINVAL;
	}
	iommu_report();
	return 0;
}
SHELL_CMD(iommu, "IOMMU units, domains, groups, faults; iommu maps <domain>", cmd_iommu);

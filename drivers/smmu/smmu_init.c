// SPDX-License-Identifier: MIT
/*
 * SMMUv3 bring-up over platform.smmu[] (filled from the DTB on aarch64,
 * empty on x86_64): map the registers, decode IDR0-5, allocate the stream
 * table and queues, reset and enable (smmu_hw.c), register an IOMMU unit.
 * Also the report lines for the boot report and the `iommu` command.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>

#include "smmu_internal.h"

struct smmu smmu_units[PLAT_MAX_SMMU];
struct iommu_unit smmu_iommu_units[PLAT_MAX_SMMU];
unsigned smmu_nunits;

static paddr_t mem_alloc(void *ctx, uint64_t npages, uint64_t align)
{
	paddr_t pa = pmm_alloc_aligned(&pmm_global, npages, align);

	(void)ctx;
	if (pa != INVALID_PADDR)
		memset(phys_to_virt(pa), 0, npages * PAGE_SIZE);
	return pa;
}

static void *mem_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return phys_to_virt(pa);
}

static const struct smmu_mem_ops smmu_mem = { NULL, mem_alloc, mem_ptr };

/* StreamID bits the iommu-map needs: the highest StreamID it names. */
static unsigned needed_sid_bits(const struct smmu_desc *d)
{
	uint64_t max = 0;
	unsigned bits = 1;

	for (unsigned i = 0; i < d->nmap; i++)
		max = MAX(max, (uint64_t)d->map[i].sid_base + d->map[i].len - 1);
	while (bits < 32 && (max >> bits))
		bits++;
	return bits;
}

static int queue_alloc(struct smmu_queue *q, unsigned log2, unsigned ent_bytes)
{
	uint64_t bytes = (uint64_t)ent_bytes << log2;

	q->log2 = log2;
	q->ent_bytes = ent_bytes;
	/* Base aligned to the queue size, at least 32 bytes (6.3.23). */
	q->pa = mem_alloc(NULL, DIV_ROUND_UP(bytes, PAGE_SIZE), MAX(bytes, PAGE_SIZE));
	if (q->pa == INVALID_PADDR)
		return -ENOMEM;
	q->base = phys_to_virt(q->pa);
	return 0;
}

static void log_caps(const struct smmu *s)
{
	const struct smmu_caps *c = &s->caps;

	log_info("smmu%u: SMMUv3 at %#llx: %s%s, %u-bit StreamIDs (%s stream table), "
		 "%u-bit ASID, %u-bit VMID, OAS %u IAS %u bits, cmdq 2^%u evtq 2^%u%s%s",
		 s->id, (unsigned long long)s->desc.base, c->s1 ? "stage-1" : "",
		 c->s2 ? (c->s1 ? "+stage-2" : "stage-2") : "", c->sid_bits,
		 c->two_level_st ? "2-level capable" : "linear", c->asid_bits, c->vmid_bits,
		 c->oas_bits, c->ias_bits, c->cmdq_log2, c->evtq_log2,
		 c->coherent ? ", coherent" : ", NOT coherent (tables assumed coherent)",
		 c->stall_model == 2 ? ", stall forced" : "");
}

static int unit_init(struct smmu *s)
{
	const char *why = NULL;
	int rc;

	s->regs = mm_map_device(s->desc.base, MAX(s->desc.size, (uint64_t)SMMU_REG_SPAN));
	if (!s->regs)
		return -ENOMEM;
	for (unsigned i = 0; i < 6; i++)
		s->idr[i] = mmio_read32(s->regs + SMMU_IDR0 + 4 * i);
	rc = smmu_caps_decode(s->idr, &s->caps, &why);
	if (rc) {
		log_err("smmu%u: at %#llx unusable: %s (IDR0 %#x IDR1 %#x IDR5 %#x)", s->id,
			(unsigned long long)s->desc.base, why, s->idr[0], s->idr[1], s->idr[5]);
		return rc;
	}
	log_caps(s);
	if (needed_sid_bits(&s->desc) > MIN(s->caps.sid_bits, (unsigned)SMMU_ST_MAX_BITS))
		log_warn("smmu%u: iommu-map StreamIDs need %u bits, the table has %u: devices "
			 "above stay unusable",
			 s->id, needed_sid_bits(&s->desc),
			 MIN(s->caps.sid_bits, (unsigned)SMMU_ST_MAX_BITS));
	if ((rc = smmu_strtab_init(&s->st, &s->caps, needed_sid_bits(&s->desc), &smmu_mem)) ||
	    (rc = queue_alloc(&s->cmdq, MIN(s->caps.cmdq_log2, SMMU_CMDQ_LOG2), SMMU_CMD_BYTES)) ||
	    (rc = queue_alloc(&s->evtq, MIN(s->caps.evtq_log2, SMMU_EVTQ_LOG2), SMMU_EVT_BYTES)))
		return rc;
	return smmu_hw_reset(s);
}

/* 0 (units found or none described), or the first unit's error; every failure is logged. */
int smmuv3_probe(void)
{
	int first_rc = 0;

	smmu_formats_init();
	for (unsigned i = 0; i < platform.nsmmu && i < PLAT_MAX_SMMU; i++) {
		struct smmu *s = &smmu_units[smmu_nunits];
		struct iommu_unit *u = &smmu_iommu_units[smmu_nunits];
		int rc;

		*s = (struct smmu){ .id = smmu_nunits, .desc = platform.smmu[i] };
		if (!s->desc.nmap)
			log_warn("smmu%u: no PCI iommu-map names it: it translates nothing", s->id);
		rc = unit_init(s);
		if (rc) {
			log_err("smmu%u: not enabled (%d): DMA behind it is not translated", s->id,
				rc);
			first_rc = first_rc ? first_rc : rc;
			continue;
		}
		snprintf(u->name, sizeof(u->name), "smmu%u", s->id);
		u->ops = &smmu_iommu_ops;
		u->priv = s;
		u->segment = s->desc.segment;
		if (iommu_register_unit(u))
			continue;
		smmu_nunits++;
		smmu_irq_enable(u); /* nonzero: logged, faults stay polled */
		log_info("smmu%u: enabled: %s stream table (%u-bit, split %u), cmdq 2^%u evtq 2^%u "
			 "programmed, unknown StreamIDs abort, GBPA abort while disabled, faults "
			 "%s (IRQ_CTRL %#x)",
			 s->id, s->st.two_level ? "2-level" : "linear", s->st.sid_bits, s->st.split,
			 s->cmdq.log2, s->evtq.log2, smmu_irq_mode(s), s->irq_ctrl);
	}
	return first_rc;
}

void smmu_report(struct iommu_unit *u)
{
	struct smmu *s = u->priv;

	console_printf("    %s: SMMUv3 at %#llx, %s, %s stream table %u-bit, irq evt %u "
		       "gerr %u (%s)\n",
		       u->name, (unsigned long long)s->desc.base,
		       s->caps.s1 ? "stage-1" : "stage-2", s->st.two_level ? "2-level" : "linear",
		       s->st.sid_bits, s->desc.irq_evt, s->desc.irq_gerr, smmu_irq_mode(s));
	console_printf("    %s: fault interrupts: IRQ_CTRL %#x, eventq %llu taken, gerror %llu "
		       "taken\n",
		       u->name, s->irq_ctrl,
		       (unsigned long long)__atomic_load_n(&s->evt_irqs, __ATOMIC_RELAXED),
		       (unsigned long long)__atomic_load_n(&s->gerr_irqs, __ATOMIC_RELAXED));
	for (unsigned i = 0; i < s->desc.nmap; i++)
		console_printf("    %s: rid %04x-%04x -> sid %#x\n", u->name,
			       s->desc.map[i].rid_base,
			       s->desc.map[i].rid_base + s->desc.map[i].len - 1,
			       s->desc.map[i].sid_base);
	console_printf("    %s: commands %llu, syncs %llu, command errors %llu, events %llu "
		       "(translation %llu, permission %llu, bad STE %llu), global errors %llu, "
		       "event overflows %llu, repeats merged %llu\n",
		       u->name, (unsigned long long)s->cmds, (unsigned long long)s->syncs,
		       (unsigned long long)s->cmd_errors, (unsigned long long)s->events,
		       (unsigned long long)s->evt_count[EVT_F_TRANSLATION],
		       (unsigned long long)s->evt_count[EVT_F_PERMISSION],
		       (unsigned long long)s->evt_count[EVT_C_BAD_STE],
		       (unsigned long long)s->gerrors, (unsigned long long)s->evtq_overflows,
		       (unsigned long long)s->events_merged);
}

// SPDX-License-Identifier: MIT
/*
 * SMMUv3 registers and queues (IHI 0070 E.a): the reset and enable
 * sequence with CR0ACK waits (6.3.9-6.3.10), the command queue with
 * CMD_SYNC completion polled through CMDQ_CONS (CS=SIG_NONE, 4.7.3) and its
 * error protocol (7.1), the event queue consumer (3.5, 7.3) and global
 * errors (6.3.16, 7.2). The event queue and GERROR are consumed under
 * evtq_lock by whoever comes first: the wired interrupts (smmu_irq.c) or the
 * poll (iommu_poll_faults), so each record is reported once.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>

#include "smmu.h"

static uint32_t rd32(struct smmu *s, unsigned off)
{
	return mmio_read32(s->regs + off);
}

static void wr32(struct smmu *s, unsigned off, uint32_t v)
{
	mmio_write32(s->regs + off, v);
}

static void wr64(struct smmu *s, unsigned off, uint64_t v)
{
	mmio_write64(s->regs + off, v);
}

/* Wait until (reg & mask) == want, bounded by SMMU_TIMEOUT_NS. */
static int wait_reg(struct smmu *s, unsigned reg, uint32_t mask, uint32_t want, const char *what)
{
	uint64_t deadline = timestamp_ns() + SMMU_TIMEOUT_NS;

	while ((rd32(s, reg) & mask) != want) {
		if (timestamp_ns() > deadline) {
			log_err("smmu%u: %s: register %#x reads %#x, want %#x under mask %#x",
				s->id, what, reg, rd32(s, reg), want, mask);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

/* CR0 changes take effect when CR0ACK matches (6.3.10). */
static int write_cr0(struct smmu *s, uint32_t v)
{
	wr32(s, SMMU_CR0, v);
	return wait_reg(s, SMMU_CR0ACK, ~0u, v, "CR0ACK");
}

/* While SMMUEN=0, incoming transactions follow GBPA: make that abort (6.3.14). */
static int gbpa_abort(struct smmu *s)
{
	uint32_t v = rd32(s, SMMU_GBPA);

	if (v & SMMU_GBPA_ABORT)
		return 0;
	wr32(s, SMMU_GBPA, (v | SMMU_GBPA_ABORT | SMMU_GBPA_UPDATE));
	return wait_reg(s, SMMU_GBPA, SMMU_GBPA_UPDATE, 0, "GBPA.Update");
}

static const char *cmdq_err_name(uint32_t err)
{
	switch (err) {
	case SMMU_CMDQ_ERR_ILL:
		return "CERROR_ILL: illegal command";
	case SMMU_CMDQ_ERR_ABT:
		return "CERROR_ABT: command fetch abort";
	case SMMU_CMDQ_ERR_ATC_INV_SYNC:
		return "CERROR_ATC_INV_SYNC";
	default:
		return "reserved error";
	}
}

/*
 * Command queue error (7.1): CONS points at the failed command. Report it,
 * overwrite it with a CMD_SYNC (harmless), then acknowledge through
 * GERRORN so the SMMU resumes with the next command.
 */
/*
 * GERRORN acknowledges by toggling (6.3.17): the command path and the
 * fault path each toggle their own bits, so the read and the write of one
 * acknowledgement must not interleave with the other's.
 */
static void gerrorn_toggle(struct smmu *s, uint32_t bits)
{
	unsigned long flags = spin_lock_irqsave(&s->gerrn_lock);

	wr32(s, SMMU_GERRORN, rd32(s, SMMU_GERRORN) ^ bits);
	spin_unlock_irqrestore(&s->gerrn_lock, flags);
}

static void cmdq_error(struct smmu *s)
{
	uint32_t cons = rd32(s, SMMU_CMDQ_CONS);
	uint8_t *ent = smmu_q_entry(&s->cmdq, cons);
	uint8_t op = ent[0];

	log_err("smmu%u: command queue error: %s at entry %u: %s (opcode %#x, %#llx %#llx)", s->id,
		cmdq_err_name((uint32_t)FIELD_GET(SMMU_CMDQ_CONS_ERR, cons)),
		smmu_q_idx(&s->cmdq, cons), smmu_cmd_name(op), op,
		(unsigned long long)le64_get(ent), (unsigned long long)le64_get(ent + 8));
	s->cmd_errors++;
	smmu_cmd_sync(ent);
	wmb();
	gerrorn_toggle(s, SMMU_GERROR_CMDQ_ERR);
}

static bool cmdq_err_active(struct smmu *s)
{
	return (rd32(s, SMMU_GERROR) ^ rd32(s, SMMU_GERRORN)) & SMMU_GERROR_CMDQ_ERR;
}

/* Room for one more command: refresh CONS from the SMMU until there is. */
static int cmdq_wait_room(struct smmu *s)
{
	uint64_t deadline = timestamp_ns() + SMMU_TIMEOUT_NS;

	while (smmu_q_full(&s->cmdq, s->cmdq.prod, s->cmdq.cons)) {
		s->cmdq.cons = rd32(s, SMMU_CMDQ_CONS);
		if (cmdq_err_active(s))
			cmdq_error(s);
		if (timestamp_ns() > deadline) {
			log_err("smmu%u: command queue full for 100 ms (CONS %#x)", s->id,
				s->cmdq.cons);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

/* Poll CONS past the CMD_SYNC at pos; errors are fixed up and reported. */
static int cmdq_wait_sync(struct smmu *s, uint32_t pos)
{
	uint64_t deadline = timestamp_ns() + SMMU_TIMEOUT_NS;
	int rc = 0;

	for (;;) {
		s->cmdq.cons = rd32(s, SMMU_CMDQ_CONS);
		if (smmu_q_consumed(&s->cmdq, s->cmdq.cons, pos))
			return rc;
		if (cmdq_err_active(s)) {
			cmdq_error(s);
			rc = -EIO;
		}
		if (timestamp_ns() > deadline) {
			log_err("smmu%u: CMD_SYNC at entry %u not consumed in 100 ms (CONS %#x, "
				"GERROR %#x)",
				s->id, smmu_q_idx(&s->cmdq, pos), s->cmdq.cons,
				rd32(s, SMMU_GERROR));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
}

static int cmdq_submit_locked(struct smmu *s, const uint8_t *cmds, unsigned n, bool sync)
{
	uint8_t sync_cmd[SMMU_CMD_BYTES];
	uint32_t sync_pos = 0;
	int rc;

	smmu_cmd_sync(sync_cmd);
	for (unsigned i = 0; i < n + (sync ? 1 : 0); i++) {
		const uint8_t *c = i < n ? cmds + (size_t)i * SMMU_CMD_BYTES : sync_cmd;

		rc = cmdq_wait_room(s);
		if (rc)
			return rc;
		memcpy(smmu_q_entry(&s->cmdq, s->cmdq.prod), c, SMMU_CMD_BYTES);
		if (i == n)
			sync_pos = s->cmdq.prod;
		s->cmdq.prod = smmu_q_inc(&s->cmdq, s->cmdq.prod);
		/* Publish in batches when the queue fills up, at the end otherwise. */
		if (smmu_q_full(&s->cmdq, s->cmdq.prod, s->cmdq.cons)) {
			wmb();
			wr32(s, SMMU_CMDQ_PROD, s->cmdq.prod);
		}
	}
	wmb(); /* commands in memory before the SMMU sees PROD move (3.5.2) */
	wr32(s, SMMU_CMDQ_PROD, s->cmdq.prod);
	s->cmds += n;
	if (!sync)
		return 0;
	s->syncs++;
	return cmdq_wait_sync(s, sync_pos);
}

int smmu_cmd_submit(struct smmu *s, const uint8_t *cmds, unsigned n, bool sync)
{
	int rc;

	spin_lock(&s->lock);
	rc = cmdq_submit_locked(s, cmds, n, sync);
	spin_unlock(&s->lock);
	return rc;
}

static int ste_sync(struct smmu *s, uint32_t sid)
{
	uint8_t cmd[SMMU_CMD_BYTES];

	smmu_cmd_cfgi_ste(cmd, sid);
	return smmu_cmd_submit(s, cmd, 1, true);
}

/*
 * A live STE changes through abort (3.21.3): first dword to V=1/abort,
 * CFGI_STE + SYNC so no cached copy of the old one is used with new fields,
 * then dwords 1-7, then dword 0 in one store, CFGI_STE + SYNC.
 */
int smmu_ste_install(struct smmu *s, uint32_t sid, const uint8_t ste[SMMU_STE_BYTES])
{
	uint8_t abort[SMMU_STE_BYTES];
	bool new_l1;
	uint8_t *slot = smmu_strtab_ste(&s->st, sid, &new_l1);
	uint64_t cur;
	int rc;

	if (!slot) {
		log_err("smmu%u: StreamID %#x outside the stream table (%u bits) or no memory",
			s->id, sid, s->st.sid_bits);
		return -ERANGE;
	}
	cur = le64_get(slot);
	if ((cur & STE0_V) && FIELD_GET(STE0_CONFIG, cur) != STE_CONFIG_ABORT) {
		smmu_ste_abort(abort);
		smmu_dword_store(slot, le64_get(abort));
		rc = s->enabled ? ste_sync(s, sid) : 0;
		if (rc)
			return rc;
	}
	for (unsigned i = 1; i < SMMU_STE_BYTES / 8; i++)
		smmu_dword_store(slot + 8 * i, le64_get(ste + 8 * i));
	dma_wmb();
	smmu_dword_store(slot, le64_get(ste));
	return s->enabled ? ste_sync(s, sid) : 0;
}

/* Caller holds evtq_lock. CMDQ_ERR is left to the command path (cmdq_error). */
static void gerror_check(struct smmu *s)
{
	uint32_t g = rd32(s, SMMU_GERROR);
	uint32_t active = smmu_gerror_for_fault_path(g, rd32(s, SMMU_GERRORN));

	if (!active)
		return;
	s->gerrors++;
	if (active & SMMU_GERROR_EVTQ_ABT)
		s->evtq_overflows++; /* QEMU 7.2: the queue was full, records dropped */
	log_msg(active == SMMU_GERROR_EVTQ_ABT ? LOG_WARN : LOG_ERR,
		"smmu%u: global error GERROR %#x active %#x%s%s%s", s->id, g, active,
		active & SMMU_GERROR_EVTQ_ABT ?
			" EVTQ_ABT_ERR (event queue write aborted: full, records lost)" :
			"",
		active & SMMU_GERROR_SFM_ERR ? " SFM_ERR (service failure mode: SMMU stopped)" : "",
		active & (SMMU_GERROR_MSI_CMDQ_ABT | SMMU_GERROR_MSI_EVTQ_ABT |
			  SMMU_GERROR_MSI_GERR_ABT | SMMU_GERROR_MSI_PRIQ_ABT) ?
			" MSI write aborted" :
			"");
	gerrorn_toggle(s, active);
}

int smmu_evtq_drain(struct smmu *s,
		    void (*handle)(struct smmu *s, const struct smmu_event *e, void *ctx),
		    void *ctx)
{
	unsigned long flags = spin_lock_irqsave(&s->evtq_lock);
	uint32_t prod, cons = s->evtq.cons;
	int n = 0;

	gerror_check(s);
	prod = rd32(s, SMMU_EVTQ_PROD);
	if ((prod & SMMU_Q_OVF) != (cons & SMMU_Q_OVF)) {
		/* Events were lost (3.5.3): count it, acknowledge by copying the flag. */
		log_warn("smmu%u: event queue overflowed, events lost", s->id);
		s->evtq_overflows++;
		cons = (cons & ~SMMU_Q_OVF) | (prod & SMMU_Q_OVF);
	}
	dma_rmb(); /* records after the PROD that announced them */
	/* At most one queue's worth per call: PROD is read once. */
	while (!smmu_q_empty(&s->evtq, prod, cons) && n < (1 << s->evtq.log2)) {
		struct smmu_event e;

		smmu_evt_decode(smmu_q_entry(&s->evtq, cons), &e);
		cons = (smmu_q_inc(&s->evtq, cons) & ~SMMU_Q_OVF) | (cons & SMMU_Q_OVF);
		s->events++;
		s->evt_count[e.id < ARRAY_SIZE(s->evt_count) ? e.id : 0]++;
		n++;
		handle(s, &e, ctx);
	}
	s->evtq.cons = cons;
	mb(); /* records read before the slots are handed back */
	wr32(s, SMMU_EVTQ_CONS, cons);
	spin_unlock_irqrestore(&s->evtq_lock, flags);
	return n;
}

/* Program CR1/CR2, tables and queues with the SMMU disabled. */
static void program_tables(struct smmu *s)
{
	uint32_t cr1 = (uint32_t)(FIELD_PREP(SMMU_CR1_QUEUE_IC, SMMU_CACHE_WB) |
				  FIELD_PREP(SMMU_CR1_QUEUE_OC, SMMU_CACHE_WB) |
				  FIELD_PREP(SMMU_CR1_QUEUE_SH, SMMU_SH_INNER) |
				  FIELD_PREP(SMMU_CR1_TABLE_IC, SMMU_CACHE_WB) |
				  FIELD_PREP(SMMU_CR1_TABLE_OC, SMMU_CACHE_WB) |
				  FIELD_PREP(SMMU_CR1_TABLE_SH, SMMU_SH_INNER));

	wr32(s, SMMU_CR1, cr1);
	wr32(s, SMMU_CR2, SMMU_CR2_RECINVSID | SMMU_CR2_PTM);
	wr64(s, SMMU_STRTAB_BASE, smmu_strtab_base_reg(&s->st));
	wr32(s, SMMU_STRTAB_BASE_CFG, smmu_strtab_cfg_reg(&s->st));
	wr64(s, SMMU_CMDQ_BASE, smmu_q_base_reg(&s->cmdq));
	s->cmdq.prod = s->cmdq.cons = 0;
	wr32(s, SMMU_CMDQ_PROD, 0);
	wr32(s, SMMU_CMDQ_CONS, 0);
	wr64(s, SMMU_EVTQ_BASE, smmu_q_base_reg(&s->evtq));
	s->evtq.prod = s->evtq.cons = 0;
	wr32(s, SMMU_EVTQ_PROD, 0);
	wr32(s, SMMU_EVTQ_CONS, 0);
}

/* Forget every cached STE/CD and TLB entry before translation starts (6.3.9.6). */
static int invalidate_all(struct smmu *s)
{
	uint8_t cmds[2 * SMMU_CMD_BYTES];

	smmu_cmd_cfgi_all(cmds);
	smmu_cmd_tlbi_nsnh_all(cmds + SMMU_CMD_BYTES);
	return smmu_cmd_submit(s, cmds, 2, true);
}

int smmu_hw_reset(struct smmu *s)
{
	uint32_t cr0 = 0;
	int rc;

	/* Whatever firmware left on goes off first; GBPA aborts meanwhile. */
	if ((rc = gbpa_abort(s)) || (rc = write_cr0(s, 0)))
		return rc;
	/* Interrupts off until the unit is registered (smmu_irq_enable, 6.3.23). */
	wr32(s, SMMU_IRQ_CTRL, 0);
	if ((rc = wait_reg(s, SMMU_IRQ_CTRLACK, ~0u, 0, "IRQ_CTRLACK")))
		return rc;
	s->gerror_seen = rd32(s, SMMU_GERROR);
	wr32(s, SMMU_GERRORN, s->gerror_seen); /* stale errors of a previous owner */
	program_tables(s);
	cr0 |= SMMU_CR0_CMDQEN;
	if ((rc = write_cr0(s, cr0)))
		return rc;
	s->enabled = true; /* commands work from here (SMMUEN not needed for them) */
	if ((rc = invalidate_all(s)))
		return rc;
	cr0 |= SMMU_CR0_EVTQEN;
	if ((rc = write_cr0(s, cr0)))
		return rc;
	cr0 |= SMMU_CR0_SMMUEN;
	return write_cr0(s, cr0);
}

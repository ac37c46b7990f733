// SPDX-License-Identifier: MIT
/*
 * Arm SMMUv3 driver internals (drivers/smmu/). Portable pieces, host-tested
 * in tests/unit/smmu: IDR decoding (smmu_idr.c), STE/CD encoders
 * (smmu_ste.c), commands (smmu_cmd.c), event decoding (smmu_evt.c), queue
 * index arithmetic (smmu_queue.c), the stream table (smmu_strtab.c).
 * Firmware only: registers and queues (smmu_hw.c), iommu_ops (smmu_iommu.c),
 * probing (smmu_init.c).
 */
#ifndef SMMU_H
#define SMMU_H

#include <vmplat/platform.h>
#include <vmplat/spinlock.h>
#include <vmplat/types.h>

#include "smmu_regs.h"

/*
 * One dword of a structure the SMMU may be reading right now (a live STE's
 * first dword, a level-1 descriptor): a single 64-bit store, so it is seen
 * whole (IHI 0070 E.a, 3.21.3: 64-bit single-copy atomicity). Both arches
 * and the host tests are little-endian, so the value is already in the
 * structure's byte order.
 */
static inline void smmu_dword_store(uint8_t *p, uint64_t v)
{
	__atomic_store_n((uint64_t *)(void *)p, v, __ATOMIC_RELAXED);
}

/* ---- capabilities (IDR0-5) ---- */
struct smmu_caps {
	bool s1, s2;	   /* stage-1 / stage-2 translation */
	bool aa64;	   /* TTF: AArch64 tables */
	bool two_level_st; /* ST_LVL 2-level stream table */
	bool cd2l, coherent, btm, hyp, msi, ats, pri, ril;
	bool gran4k;
	unsigned stall_model; /* IDR0.STALL_MODEL */
	unsigned sid_bits, ssid_bits;
	unsigned cmdq_log2, evtq_log2; /* max entries, log2 */
	unsigned asid_bits, vmid_bits;
	unsigned oas_enc, oas_bits, ias_bits;
};

/* 0, or -ENODEV with *why when vmplat cannot use the unit (no AArch64, no 4K). */
int smmu_caps_decode(const uint32_t idr[6], struct smmu_caps *c, const char **why);
/* PA size encoding (IDR5.OAS, CD.IPS, STE.S2PS) -> bits; 0 for reserved values. */
unsigned smmu_pa_bits(unsigned enc);

/* ---- encoders: each fills a whole little-endian structure ---- */
struct smmu_s1_cfg {
	paddr_t ttb0; /* VMSAv8-64 4 KiB-granule level-0 table */
	uint16_t asid;
	unsigned va_bits; /* input size, 48 -> T0SZ 16 */
	unsigned ips_enc; /* output size (IDR5.OAS encoding) */
	uint64_t mair;
};

struct smmu_s2_cfg {
	paddr_t ttb; /* level-0 (start level 0) stage-2 table */
	uint16_t vmid;
	unsigned ipa_bits; /* 48 */
	unsigned ps_enc;
};

void smmu_ste_abort(uint8_t ste[SMMU_STE_BYTES]);
void smmu_ste_bypass(uint8_t ste[SMMU_STE_BYTES]);
/* Stage 1 through a one-entry CD table at cd (S1CDMax 0, S1Fmt linear). */
void smmu_ste_s1(uint8_t ste[SMMU_STE_BYTES], paddr_t cd, bool stall_disable);
void smmu_ste_s2(uint8_t ste[SMMU_STE_BYTES], const struct smmu_s2_cfg *cfg);
void smmu_cd_s1(uint8_t cd[SMMU_CD_BYTES], const struct smmu_s1_cfg *cfg);
uint64_t smmu_l1std(paddr_t l2, unsigned split);

void smmu_cmd_cfgi_ste(uint8_t cmd[SMMU_CMD_BYTES], uint32_t sid);
void smmu_cmd_cfgi_all(uint8_t cmd[SMMU_CMD_BYTES]);
void smmu_cmd_cfgi_cd(uint8_t cmd[SMMU_CMD_BYTES], uint32_t sid, uint32_t ssid);
void smmu_cmd_tlbi_nh_asid(uint8_t cmd[SMMU_CMD_BYTES], uint16_t asid);
void smmu_cmd_tlbi_nh_va(uint8_t cmd[SMMU_CMD_BYTES], uint16_t asid, uint64_t va, bool leaf);
void smmu_cmd_tlbi_s12_vmall(uint8_t cmd[SMMU_CMD_BYTES], uint16_t vmid);
void smmu_cmd_tlbi_s2_ipa(uint8_t cmd[SMMU_CMD_BYTES], uint16_t vmid, uint64_t ipa, bool leaf);
void smmu_cmd_tlbi_nsnh_all(uint8_t cmd[SMMU_CMD_BYTES]);
void smmu_cmd_tlbi_el2_all(uint8_t cmd[SMMU_CMD_BYTES]);
void smmu_cmd_sync(uint8_t cmd[SMMU_CMD_BYTES]);
const char *smmu_cmd_name(uint8_t op);

/* ---- events ---- */
struct smmu_event {
	uint8_t id;
	uint32_t sid;
	bool ssv;
	uint32_t ssid;
	bool has_addr; /* input address, RnW, S2, class below are valid */
	uint64_t addr; /* InputAddr */
	bool write;    /* !RnW */
	bool s2, ind, pnu;
	unsigned klass; /* CLASS: 0 CD fetch, 1 table walk, 2 input */
	uint64_t ipa;	/* stage-2 faults */
	uint64_t fetch; /* F_STE_FETCH / F_CD_FETCH / F_VMS_FETCH address */
};
void smmu_evt_decode(const uint8_t rec[SMMU_EVT_BYTES], struct smmu_event *e);
const char *smmu_evt_name(uint8_t id);

/* ---- queues (3.5): PROD/CONS hold index | wrap bit at log2size ---- */
struct smmu_queue {
	uint8_t *base; /* entries, CPU view */
	paddr_t pa;
	unsigned log2, ent_bytes;
	uint32_t prod, cons; /* shadow copies (wrap | index) */
};
uint32_t smmu_q_idx(const struct smmu_queue *q, uint32_t v);
uint32_t smmu_q_inc(const struct smmu_queue *q, uint32_t v);
bool smmu_q_empty(const struct smmu_queue *q, uint32_t prod, uint32_t cons);
bool smmu_q_full(const struct smmu_queue *q, uint32_t prod, uint32_t cons);
/* Has the consumer at cons gone past the entry at pos (pos read by the SMMU)? */
bool smmu_q_consumed(const struct smmu_queue *q, uint32_t cons, uint32_t pos);
uint8_t *smmu_q_entry(const struct smmu_queue *q, uint32_t v);
/* QUEUE_BASE register value. */
uint64_t smmu_q_base_reg(const struct smmu_queue *q);

/* ---- interrupts (3.18, 6.3.23) ---- */
/* IRQ_CTRL value for the unit's described wired lines; 0: faults polled. */
uint32_t smmu_irq_ctrl_for(const struct smmu_desc *d);
/* Active GERROR bits the fault path handles (all but CMDQ_ERR). */
uint32_t smmu_gerror_for_fault_path(uint32_t gerror, uint32_t gerrorn);

/* ---- stream table (5.1) ---- */
struct smmu_mem_ops {
	void *ctx;
	/* npages zeroed contiguous pages aligned to align bytes, INVALID_PADDR if none. */
	paddr_t (*alloc)(void *ctx, uint64_t npages, uint64_t align);
	void *(*ptr)(void *ctx, paddr_t pa);
};

#define SMMU_ST_SPLIT	       8  /* 2-level: 256 STEs (16 KiB) per level-2 table */
#define SMMU_ST_LINEAR_MAXBITS 10 /* a linear table up to 64 KiB */
#define SMMU_ST_MAX_BITS       16 /* PCI requester ids are 16 bits */
#define SMMU_ST_MAX_L1	       (1u << (SMMU_ST_MAX_BITS - SMMU_ST_SPLIT))

struct smmu_strtab {
	bool two_level;
	unsigned sid_bits, split;
	paddr_t base; /* linear table or level-1 table */
	uint8_t *base_ptr;
	paddr_t l2[SMMU_ST_MAX_L1];
	const struct smmu_mem_ops *mem;
};

/* Choose the format for sid_bits (capped to what the unit has) and allocate. */
int smmu_strtab_init(struct smmu_strtab *st, const struct smmu_caps *c, unsigned sid_bits,
		     const struct smmu_mem_ops *mem);
/*
 * The STE slot of sid, allocating its level-2 table (every STE of it
 * initialised to abort) when needed; *new_l1 says a level-1 descriptor was
 * written (the caller issues CFGI for it). NULL: out of range or memory.
 */
uint8_t *smmu_strtab_ste(struct smmu_strtab *st, uint32_t sid, bool *new_l1);
uint64_t smmu_strtab_base_reg(const struct smmu_strtab *st);
uint32_t smmu_strtab_cfg_reg(const struct smmu_strtab *st);

/* ---- requester id -> StreamID (DTB iommu-map) ---- */
/* 0 and *sid, or -ENOENT when rid is not mapped. */
int smmu_rid_to_sid(const struct smmu_desc *d, uint16_t rid, uint32_t *sid);
/* 0 and *rid, or -ENOENT. */
int smmu_sid_to_rid(const struct smmu_desc *d, uint32_t sid, uint16_t *rid);

/* ---- one unit (firmware) ---- */
#define SMMU_CMDQ_LOG2	8 /* 256 commands, 4 KiB: one call queues at most 33 + CMD_SYNC */
/*
 * Event queue: 2^12 records of 32 bytes = 128 KiB (IDR1.EVTQS permitting;
 * QEMU offers 2^19 = 16 MiB, far more than needed). QEMU 7.2 records one
 * event per failed 4-byte beat: a blocked 4095-byte edu DMA queues 1025, so
 * 128 entries overflowed (GERROR.EVTQ_ABT_ERR) on every blocked DMA; 4096
 * hold several such DMAs between two drains.
 */
#define SMMU_EVTQ_LOG2	12
#define SMMU_TIMEOUT_NS (100 * NSEC_PER_MSEC)
#define SMMU_MAX_HWID	256 /* ASIDs / VMIDs vmplat hands out per unit */

struct smmu {
	unsigned id;
	struct smmu_desc desc;
	volatile uint8_t *regs;
	uint32_t idr[6];
	struct smmu_caps caps;
	struct smmu_queue cmdq, evtq;
	struct smmu_strtab st;
	struct spinlock lock;	    /* command queue */
	struct spinlock evtq_lock;  /* event queue consumer and GERROR: irq handlers vs poll */
	struct spinlock gerrn_lock; /* GERRORN read-toggle-write (command path vs fault path) */
	bool enabled;
	uint32_t irq_ctrl;	      /* IRQ_CTRL as acknowledged: 0 = faults polled */
	uint64_t evt_irqs, gerr_irqs; /* wired interrupts taken */
	uint64_t cmds, syncs, cmd_errors, events, gerrors, evtq_overflows;
	uint32_t gerror_seen; /* GERROR bits already handled (toggle protocol, 6.3.16) */
	uint64_t evt_count[0x30];
	uint64_t events_merged; /* repeats of the previous record not reported again */
	uint64_t hwid_used[SMMU_MAX_HWID / 64]; /* ASIDs (stage 1) or VMIDs (stage 2) */
};

int smmu_hw_reset(struct smmu *s);
/* Queue commands (n of them, 16 bytes each); sync: then CMD_SYNC and wait. */
int smmu_cmd_submit(struct smmu *s, const uint8_t *cmds, unsigned n, bool sync);
/* Write an STE: through abort when live, with CFGI_STE + CMD_SYNC. */
int smmu_ste_install(struct smmu *s, uint32_t sid, const uint8_t ste[SMMU_STE_BYTES]);
/*
 * Drain the event queue under evtq_lock (interrupts masked): GERROR first
 * (all but CMDQ_ERR), then handle(ev) for each record. Returns events seen.
 * Called by the wired interrupts and by the poll: a record goes to one.
 */
int smmu_evtq_drain(struct smmu *s,
		    void (*handle)(struct smmu *s, const struct smmu_event *e, void *ctx),
		    void *ctx);

#endif

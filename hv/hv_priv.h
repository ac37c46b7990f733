// SPDX-License-Identifier: MIT
/*
 * Hypervisor internals shared by the portable parts (hv/) and the EL2 code
 * (arch/aarch64/hv/). Everything here but the arch hooks compiles on the
 * host: tests/unit/hv builds these files with cmocka.
 */
#ifndef HV_PRIV_H
#define HV_PRIV_H

#include <vmplat/hv.h>
#include <vmplat/pt.h>
#include <vmplat/spinlock.h>
#include "hv_ctx.h"

/* ---- guest physical layout (the QEMU virt addresses, for familiarity) ---- */
#define HV_GUEST_GICD_BASE  0x08000000ULL
#define HV_GUEST_GICD_SIZE  0x10000ULL
#define HV_GUEST_GICR_BASE  0x080a0000ULL
#define HV_GUEST_GICR_FRAME 0x20000ULL /* RD_base + SGI_base (GICv3 12.10) */
#define HV_GUEST_UART_BASE  0x09000000ULL
#define HV_GUEST_UART_SIZE  0x1000ULL
#define HV_GUEST_UART_SPI   1 /* INTID 33 */
#define HV_GUEST_RAM_BASE   0x40000000ULL

/* ---- virtual interrupts ---- */
#define HV_VGIC_NSPI	  64 /* SPIs 32..95: GICD_TYPER.ITLinesNumber = 2 */
#define HV_VGIC_NR	  (32 + HV_VGIC_NSPI)
#define HV_VTIMER_INTID	  27 /* EL1 virtual timer PPI (Arm ARM D11.2.4, SBSA) */
#define HV_MAINT_INTID	  25 /* GIC maintenance interrupt PPI */
#define HV_VGIC_PRIO_BITS 5

#define VIRQ_ENABLED BIT(0)
#define VIRQ_PENDING BIT(1)
#define VIRQ_ACTIVE  BIT(2)
#define VIRQ_GROUP1  BIT(3)
#define VIRQ_EDGE    BIT(4)
#define VIRQ_QUEUED  BIT(5) /* held by a list register */

struct hv_virq {
	uint8_t prio;
	uint8_t flags;
	uint64_t route; /* SPIs: GICD_IROUTER affinity (Aff0 = vCPU id here) */
};

struct hv_vgic_dist {
	uint32_t ctlr;
	struct hv_virq spi[HV_VGIC_NSPI];
};

/* ---- vCPU register context: offsets fixed for arch/aarch64/hv/world.S ---- */
#define HV_CTX_SIZE (288 + 32 * 16)

enum hv_sysreg_idx {
	HV_SCTLR_EL1,
	HV_TTBR0_EL1,
	HV_TTBR1_EL1,
	HV_TCR_EL1,
	HV_MAIR_EL1,
	HV_AMAIR_EL1,
	HV_VBAR_EL1,
	HV_CONTEXTIDR_EL1,
	HV_TPIDR_EL0,
	HV_TPIDRRO_EL0,
	HV_TPIDR_EL1,
	HV_ESR_EL1,
	HV_FAR_EL1,
	HV_AFSR0_EL1,
	HV_AFSR1_EL1,
	HV_PAR_EL1,
	HV_SP_EL0,
	HV_SP_EL1,
	HV_ELR_EL1,
	HV_SPSR_EL1,
	HV_CPACR_EL1,
	HV_CNTKCTL_EL1,
	HV_CSSELR_EL1,
	HV_MDSCR_EL1,
	HV_CNTV_CTL_EL0,
	HV_CNTV_CVAL_EL0,
	HV_CNTVOFF_EL2,
	HV_ICH_VMCR_EL2,
	HV_NSYSREGS
};

struct hv_ctx {
	uint64_t x[31];
	uint64_t pc, pstate; /* ELR_EL2, SPSR_EL2 at the exit */
	uint64_t fpsr, fpcr;
	uint64_t host_sp; /* world.S: the host frame while the guest runs */
	__uint128_t q[32];
	uint64_t sys[HV_NSYSREGS];
};

enum hv_power { HV_CPU_OFF, HV_CPU_ON_PENDING, HV_CPU_ON };

struct hv_vcpu {
	struct hv_ctx ctx; /* first: world.S takes it as its argument */
	struct hv_vm *vm;
	unsigned id;
	unsigned pcpu; /* the physical CPU it is pinned to */
	uint64_t mpidr;
	volatile enum hv_power power;
	uint64_t on_entry, on_context; /* PSCI CPU_ON arguments */
	struct hv_virq priv[32];       /* SGIs and PPIs (redistributor) */
	uint32_t waker;
	uint32_t lr_intid[16]; /* INTID each list register holds, or ~0 */
	volatile bool running, done, kick;
	bool vtimer_masked; /* its physical PPI is off until the guest deactivates INTID 27 */
	unsigned logged;    /* abort reports printed (rate limit) */
	struct hv_stats stats;
	/* Snapshots (snapshot/hv): EL1 state parked in ctx while the VM is paused,
	 * and list registers to put back when a restored vCPU is loaded. */
	volatile bool parked;
	bool lr_load;
	uint64_t lr_save[16], ap1r0_save;
};

#define HV_VPL011_FIFO 32 /* receive FIFO depth (DDI 0183G 2.4.3) */

struct hv_vpl011 {
	struct spinlock lock;
	char line[160];
	unsigned len;
	uint32_t cr, imsc, lcr_h, ibrd, fbrd, ifls;
	/* Receive side (hv/vpl011.c): rx_head indexes the oldest byte; rx_timeout is
	 * RTRIS (set by a byte arriving, cleared by UARTICR.RTIC or an empty FIFO). */
	uint8_t rx[HV_VPL011_FIFO];
	unsigned rx_head, rx_count;
	bool rx_timeout;
	uint64_t tx_bytes;
	char transcript[2048]; /* what the guest wrote, for checks */
	unsigned tlen;
	void (*out)(void *ctx, const char *line, size_t n);
	void *out_ctx;
	void (*raw_out)(char c); /* set: each byte goes here instead (vm console) */
};

struct hv_stage2 {
	struct pt pt;
	unsigned vmid, ipa_bits;
	uint64_t vtcr, vttbr;
};

struct hv_vm {
	char name[HV_NAME_MAX];
	volatile enum hv_vm_state state;
	struct spinlock lock;
	unsigned nvcpus;
	struct hv_vcpu vcpu[HV_MAX_VCPUS];
	uint64_t ram_ipa, ram_size;
	paddr_t ram_pa;
	struct hv_mmio_region dev[HV_MAX_DEVICES];
	unsigned ndev;
	struct hv_vgic_dist gicd;
	struct hv_vpl011 uart;
	struct hv_stage2 s2;
	uint64_t start_ns;
	volatile unsigned nthreads;	      /* vCPU threads still running */
	int exit_reason;		      /* HV_PSCI_SYSTEM_OFF / _RESET / a negative errno */
	void (*on_stopped)(struct hv_vm *vm); /* last vCPU out calls it */
	void *priv;
	/* Stage-2 dirty tracking (arch/aarch64/hv/stage2_dirty.c): one bit per RAM page
	 * written since arch_hv_dirty_start; RAM is read-only in stage 2 until written. */
	uint64_t *dirty;
	volatile bool dirty_track;
	uint64_t dirty_faults;
};

/* ---- data aborts on emulated MMIO (Arm ARM D17.2.40, ISS for EC 0x24) ---- */
struct hv_mmio_access {
	uint64_t ipa;
	unsigned size; /* bytes */
	unsigned reg;  /* SRT; 31 = xzr */
	bool write, sign_extend, sf;
};

#define ESR_EC_SHIFT 26
#define ESR_EC	     GENMASK_ULL(31, 26)
#define ESR_IL	     BIT_ULL(25)
#define ESR_ISS	     GENMASK_ULL(24, 0)
#define DABT_ISV     BIT_ULL(24)
#define DABT_SAS     GENMASK_ULL(23, 22)
#define DABT_SSE     BIT_ULL(21)
#define DABT_SRT     GENMASK_ULL(20, 16)
#define DABT_SF	     BIT_ULL(15)
#define DABT_S1PTW   BIT_ULL(7)
#define DABT_WNR     BIT_ULL(6)
#define DABT_DFSC    GENMASK_ULL(5, 0)
#define EC_UNKNOWN   0x00
#define EC_WFX	     0x01
#define EC_HVC64     0x16
#define EC_SMC64     0x17
#define EC_SYS64     0x18
#define EC_IABT_LOW  0x20
#define EC_IABT_CUR  0x21
#define EC_DABT_LOW  0x24
#define EC_DABT_CUR  0x25
#define FSC_SYNC_EXT 0x10 /* synchronous external abort, not on a walk */

/* -EINVAL when ISV is clear or the abort is on a stage-1 walk (S1PTW). */
int hv_dabt_decode(uint64_t esr, uint64_t ipa, struct hv_mmio_access *a);
/* Read side: fold the device value into the target register (SSE, SF). */
void hv_mmio_complete_read(const struct hv_mmio_access *a, uint64_t val, uint64_t *x);
/* Write side: the register value truncated to the access size. */
uint64_t hv_mmio_write_value(const struct hv_mmio_access *a, const uint64_t *x);
/* Route to the device owning a->ipa: -ENOENT when none does. */
int hv_mmio_dispatch(struct hv_vcpu *v, const struct hv_mmio_access *a);

/* ---- exception injection into EL1 (Arm ARM D1.10.2 vector offsets) ---- */
struct hv_inject {
	uint64_t elr, spsr, esr, far; /* the EL1 registers to set */
	uint64_t pc, pstate;	      /* where the guest continues */
};
/*
 * Step over the trapped instruction: 4 bytes, or 2 for a 16-bit T32 one
 * (ESR_EL2.IL = 0, D17.2.40); in a T32 IT block the ITSTATE in *pstate
 * advances as the instruction's completion would (Arm ARM G1.3.x, ITAdvance).
 */
void hv_skip_insn(uint64_t *pc, uint64_t *pstate, uint64_t esr);
/* kind: EC_DABT_LOW, EC_IABT_LOW or EC_UNKNOWN (undefined instruction). */
void hv_inject_compute(uint64_t pc, uint64_t pstate, uint64_t vbar, unsigned kind, uint64_t far,
		       struct hv_inject *out);

/* ---- trapped system register access (ISS for EC 0x18, D17.2.40) ---- */
struct hv_sysreg_access {
	unsigned op0, op1, crn, crm, op2, rt;
	bool read;
};
void hv_sysreg_decode(uint64_t esr, struct hv_sysreg_access *s);
/*
 * Debug and PMU registers trapped while a guest runs (MDCR_EL2 TDA, TDOSA,
 * TDRA, TPM, TPMCR: D17.2.65): MDSCR_EL1 is the vCPU's own (passed to the
 * register), OSLSR_EL1 reads "OS Lock implemented, unlocked", every other
 * debug (op0 = 2) and PMU register reads as zero and ignores writes, so the
 * guest sees no PMU counters (PMCR_EL0.N = 0) and no breakpoints.
 */
enum hv_sysreg_emul { HV_SYSREG_NONE, HV_SYSREG_RAZWI, HV_SYSREG_MDSCR, HV_SYSREG_OSLSR };
#define HV_OSLSR_UNLOCKED 0x8 /* OSLM = 0b10 (implemented), OSLK = 0 (D17.3.29) */
enum hv_sysreg_emul hv_sysreg_emul_kind(const struct hv_sysreg_access *s);
#define HV_SYSREG_IS(s, o0, o1, n, m, o2)                                              \
	((s)->op0 == (o0) && (s)->op1 == (o1) && (s)->crn == (n) && (s)->crm == (m) && \
	 (s)->op2 == (o2))

/* ---- PSCI 1.0 (Arm DEN0022D) ---- */
#define PSCI_VERSION		 0x84000000u
#define PSCI_CPU_SUSPEND_32	 0x84000001u
#define PSCI_CPU_SUSPEND_64	 0xc4000001u
#define PSCI_CPU_OFF		 0x84000002u
#define PSCI_CPU_ON_32		 0x84000003u
#define PSCI_CPU_ON_64		 0xc4000003u
#define PSCI_AFFINITY_INFO_32	 0x84000004u
#define PSCI_AFFINITY_INFO_64	 0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE	 0x84000006u
#define PSCI_SYSTEM_OFF		 0x84000008u
#define PSCI_SYSTEM_RESET	 0x84000009u
#define PSCI_FEATURES		 0x8400000au
#define SMCCC_VERSION		 0x80000000u
#define SMCCC_ARCH_FEATURES	 0x80000001u
#define PSCI_RET_SUCCESS	 0
#define PSCI_RET_NOT_SUPPORTED	 (-1)
#define PSCI_RET_INVALID_PARAMS	 (-2)
#define PSCI_RET_ALREADY_ON	 (-4)
#define PSCI_RET_ON_PENDING	 (-5)
#define PSCI_RET_INVALID_ADDRESS (-9)
#define PSCI_VERSION_1_0	 0x10000
#define SMCCC_VERSION_1_1	 0x10001

enum hv_psci_action {
	HV_PSCI_DONE,	     /* x0 holds the result; continue */
	HV_PSCI_CPU_ON,	     /* also wake the target (*target) */
	HV_PSCI_CPU_OFF,     /* this vCPU stops running */
	HV_PSCI_SYSTEM_OFF,  /* the VM ends */
	HV_PSCI_SYSTEM_RESET /* the VM ends, asking for a reset */
};

/* x[0..3] are the call's registers; results go back into x[0]. */
enum hv_psci_action hv_psci_call(struct hv_vm *vm, struct hv_vcpu *v, uint64_t *x,
				 struct hv_vcpu **target);
struct hv_vcpu *hv_vcpu_by_mpidr(struct hv_vm *vm, uint64_t mpidr);
/* Virtual MPIDR of vCPU id: Aff0 = id, bit 31 RES1 (D17.2.101). */
uint64_t hv_vcpu_mpidr(unsigned id);

/* ---- virtual GICv3 (IHI 0069H ch. 12 registers, ch. 11 virtualisation) ---- */
struct hv_virq *hv_vgic_irq(struct hv_vm *vm, struct hv_vcpu *v, unsigned intid);
void hv_vgic_init(struct hv_vm *vm);
int hv_vgicd_read(struct hv_vm *vm, uint64_t off, unsigned size, uint64_t *val);
int hv_vgicd_write(struct hv_vm *vm, uint64_t off, unsigned size, uint64_t val);
int hv_vgicr_read(struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val);
int hv_vgicr_write(struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val);
/* Make intid pending for v (PPI/SGI) or its routed vCPU (SPI); returns the target or NULL. */
struct hv_vcpu *hv_vgic_set_pending(struct hv_vm *vm, struct hv_vcpu *v, unsigned intid);
/* Highest-priority enabled pending INTID for v not yet in a list register, or -1. */
int hv_vgic_pick(struct hv_vm *vm, struct hv_vcpu *v);
/* ICC_SGI1R_EL1 write (IHI 0069 12.2.23): mark SGIs pending; bit n of *kicked per target. */
void hv_vgic_sgi(struct hv_vm *vm, struct hv_vcpu *src, uint64_t sgi1r, uint32_t *kicked);
int hv_vgic_add_devices(struct hv_vm *vm);

/* ---- PL011 (Arm DDI 0183) ---- */
void hv_vpl011_init(struct hv_vpl011 *u, void (*out)(void *, const char *, size_t), void *ctx);
int hv_vpl011_read(struct hv_vpl011 *u, uint64_t off, unsigned size, uint64_t *val);
int hv_vpl011_write(struct hv_vpl011 *u, uint64_t off, unsigned size, uint64_t val);
extern const struct hv_mmio_ops hv_vpl011_ops;
/* Into the receive FIFO: how many of n bytes fit (the rest waits for the guest). */
size_t hv_vpl011_push(struct hv_vpl011 *u, const uint8_t *p, size_t n);
unsigned hv_vpl011_rx_space(struct hv_vpl011 *u);
uint32_t hv_vpl011_ris(struct hv_vpl011 *u);   /* UARTRIS */
bool hv_vpl011_irq_level(struct hv_vpl011 *u); /* UARTRIS & UARTIMSC != 0 */
/* Guest output byte by byte to raw (NULL: back to lines with the VM name). */
void hv_vpl011_set_raw(struct hv_vpl011 *u, void (*raw)(char c));
/* The interrupt line into the vGIC (level-sensitive SPI 32 + HV_GUEST_UART_SPI). */
void hv_vpl011_update_irq(struct hv_vm *vm, struct hv_vcpu *self);
/* C escapes \r \n \t \\ \xNN of s into out: 0, -EINVAL (bad escape), -E2BIG. */
int hv_unescape(const char *s, uint8_t *out, size_t cap, size_t *n);

/* ---- guest device tree (libfdt sequential write) ---- */
struct hv_fdt_params {
	unsigned nvcpus;
	uint64_t ram_base, ram_size;
	const char *bootargs;		   /* NULL: none */
	uint64_t initrd_start, initrd_end; /* equal: no initrd */
	bool psci_smc;			   /* method "smc" instead of "hvc" */
};
/* 0 or -ENOSPC / -EINVAL; leaves the blob's free space for later nodes (PCI host bridge). */
int hv_fdt_build(void *buf, size_t bufsize, const struct hv_fdt_params *p);

/* ---- arm64 Image placement (Linux Documentation/arch/arm64/booting.rst) ---- */
#define ARM64_IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 0x38 */
#define HV_DTB_MAX	  (2 * MiB)
struct hv_layout {
	uint64_t kernel, kernel_end; /* IPA of the Image and of text_offset + image_size */
	uint64_t initrd, dtb;	     /* IPAs (initrd 0 when none) */
};
int hv_image_layout(const void *img, size_t img_size, uint64_t ram_base, uint64_t ram_size,
		    size_t initrd_size, struct hv_layout *l);

/* ---- VM core (hv/vm.c) ---- */
const char *hv_exit_class_name(enum hv_exit_class c);
void hv_vcpu_reset(struct hv_vcpu *v, uint64_t entry, uint64_t x0);
void hv_vcpu_kick(struct hv_vcpu *v);
void hv_vm_request_stop(struct hv_vm *vm, int reason);

/* ---- snapshots (snapshot/hv, docs/snapshot.md) ---- */
/* Pause and wait (bounded) until every vCPU thread has parked its EL1 state in ctx. */
int hv_vm_pause_sync(struct hv_vm *vm, uint64_t timeout_ns);
/* The VM the `vm` command manages becomes vm; the previous one is stopped and freed. */
void hv_set_current_vm(struct hv_vm *vm);
/* `vm` subcommands provided by snapshot/hv: -ENOSYS when argv[1] is not one of them. */
int hv_vm_cmd_ext(int argc, char **argv);
/* ICH_LR<n>_EL2 and ICH_AP1R0_EL2 of the running vCPU into / from lr_save (vgic_lr.c). */
void hv_vgic_lr_save(struct hv_vcpu *v);
void hv_vgic_lr_load(struct hv_vcpu *v);
/* VM paused: RAM read-only in stage 2 as 4 KiB pages, bitmap cleared (stage2_dirty.c). */
int arch_hv_dirty_start(struct hv_vm *vm);
void arch_hv_dirty_stop(struct hv_vm *vm);
/* A guest write to tracked RAM: page marked and writable again; true when handled. */
bool arch_hv_dirty_fault(struct hv_vcpu *v, uint64_t ipa, uint64_t esr);
/*
 * Hardware dirty state (FEAT_HAFDBS, Arm ARM D8.4 "Hardware management of the
 * dirty state"): when ID_AA64MMFR1_EL1.HAFDBS >= 2 and the command line does not
 * say hvdirty=wp, VTCR_EL2 gets HA and HD and tracked RAM is mapped read-only
 * with DBM: a guest write sets S2AP[1] in the descriptor instead of faulting.
 */
#define HV_VTCR_HA BIT_ULL(21)
#define HV_VTCR_HD BIT_ULL(22)
/* VM paused: fold the pages hardware made writable into vm->dirty and write-protect
 * them again (a no-op on the fault path); returns the pages newly marked. */
uint64_t arch_hv_dirty_collect(struct hv_vm *vm);
/* Tracking as `vm stats` shows it; false when not armed. Pages written since it was
 * armed, in hardware mode also those not collected yet (read from the leaves). */
struct hv_dirty_info {
	const char *mode; /* as the save's dirty line names it */
	uint64_t pages;
	uint64_t faults;
};
bool arch_hv_dirty_info(struct hv_vm *vm, struct hv_dirty_info *out);

/* ---- arch hooks (arch/aarch64/hv/) ---- */
int arch_hv_available(void);
int arch_hv_stage2_init(struct hv_vm *vm);
int arch_hv_stage2_map(struct hv_vm *vm, uint64_t ipa, paddr_t pa, uint64_t size, unsigned prot);
int arch_hv_stage2_unmap(struct hv_vm *vm, uint64_t ipa, uint64_t size);
void arch_hv_stage2_destroy(struct hv_vm *vm);
/* The vCPU thread: runs on v->pcpu until the VM stops. */
void arch_hv_vcpu_thread(void *vcpu);
void arch_hv_kick_cpu(unsigned pcpu);
/* Guest RAM written by the hypervisor becomes visible to a guest with caches off. */
void arch_hv_sync_guest(void *p, size_t n, bool exec);

#endif

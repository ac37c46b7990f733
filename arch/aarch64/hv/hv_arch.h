// SPDX-License-Identifier: MIT
/* Between the files of arch/aarch64/hv: EL2 registers of the hypervisor. */
#ifndef ARCH_HV_ARCH_H
#define ARCH_HV_ARCH_H

#include "../../../hv/hv_priv.h"

/* HCR_EL2 for a guest (Arm ARM D17.2.48). */
#define HCR_VM	 BIT_ULL(0)   /* stage 2 on */
#define HCR_SWIO BIT_ULL(1)   /* set/way invalidate as clean+invalidate */
#define HCR_FB	 BIT_ULL(9)   /* broadcast TLB/I-cache maintenance: vCPUs on other CPUs */
#define HCR_BSU	 (1ULL << 10) /* barriers upgraded to inner shareable */
#define HCR_TWI	 BIT_ULL(13)
#define HCR_TWE	 BIT_ULL(14)
#define HCR_TSC	 BIT_ULL(19)
#define HCR_GUEST                                                                                \
	(HCR_VM | HCR_SWIO | BIT_ULL(3) | BIT_ULL(4) | BIT_ULL(5) | HCR_FB | HCR_BSU | HCR_TWI | \
	 HCR_TWE | HCR_TSC | BIT_ULL(31))

/* GICv3 virtualisation registers (IHI 0069H 12.4). */
#define ICH_AP0R0_EL2 "S3_4_C12_C8_0"
#define ICH_AP1R0_EL2 "S3_4_C12_C9_0"
#define ICH_HCR_EL2   "S3_4_C12_C11_0"
#define ICH_VTR_EL2   "S3_4_C12_C11_1"
#define ICH_MISR_EL2  "S3_4_C12_C11_2"
#define ICH_ELRSR_EL2 "S3_4_C12_C11_5"
#define ICH_VMCR_EL2  "S3_4_C12_C11_7"
#define ICH_HCR_EN    BIT_ULL(0)
#define ICH_HCR_UIE   BIT_ULL(1)
#define ICH_LR_STATE  GENMASK_ULL(63, 62)
#define ICH_LR_PEND   1ULL
#define ICH_LR_GROUP1 BIT_ULL(60)
#define ICH_LR_PRIO   GENMASK_ULL(55, 48)
#define ICH_LR_VINTID GENMASK_ULL(31, 0)

uint64_t hv_world_run(struct hv_ctx *ctx);

/* sysregs.c */
void hv_sysregs_restore(const struct hv_ctx *c);
void hv_sysregs_save(struct hv_ctx *c);

/* vgic_lr.c */
void hv_vgic_cpu_load(struct hv_vcpu *v);
void hv_vgic_cpu_put(struct hv_vcpu *v);
void hv_vgic_flush(struct hv_vcpu *v); /* pending interrupts into free LRs */
void hv_vgic_sync(struct hv_vcpu *v);  /* LRs the guest finished with */
bool hv_vgic_has_pending(struct hv_vcpu *v);
int hv_vgic_arch_init(void);
extern struct hv_vcpu *hv_pcpu_vcpu[];

#endif

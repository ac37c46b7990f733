// SPDX-License-Identifier: MIT
/*
 * NVMe (NVM Express Base 1.4): controller registers (3.1), submission and
 * completion queue entries (4.2, 4.6), PRPs (4.3), status codes (4.6.1.2),
 * and the driver's state. nvme_prp.c and nvme_status.c are portable.
 */
#ifndef DRIVERS_BLOCK_NVME_H
#define DRIVERS_BLOCK_NVME_H

#include <vmplat/blk.h>

/* 3.1 controller registers. */
#define NVME_REG_CAP	 0x00
#define NVME_CAP_MQES	 GENMASK_ULL(15, 0) /* 0's based */
#define NVME_CAP_CQR	 BIT_ULL(16)
#define NVME_CAP_TO	 GENMASK_ULL(31, 24) /* 500 ms units */
#define NVME_CAP_DSTRD	 GENMASK_ULL(35, 32)
#define NVME_CAP_CSS_NVM BIT_ULL(37)
#define NVME_CAP_MPSMIN	 GENMASK_ULL(51, 48)
#define NVME_CAP_MPSMAX	 GENMASK_ULL(55, 52)
#define NVME_REG_VS	 0x08
#define NVME_REG_INTMS	 0x0c
#define NVME_REG_CC	 0x14
#define NVME_CC_EN	 BIT(0)
#define NVME_CC_CSS	 GENMASK(6, 4)
#define NVME_CC_MPS	 GENMASK(10, 7)
#define NVME_CC_AMS	 GENMASK(13, 11)
#define NVME_CC_SHN	 GENMASK(15, 14)
#define NVME_CC_IOSQES	 GENMASK(19, 16)
#define NVME_CC_IOCQES	 GENMASK(23, 20)
#define NVME_REG_CSTS	 0x1c
#define NVME_CSTS_RDY	 BIT(0)
#define NVME_CSTS_CFS	 BIT(1)
#define NVME_REG_AQA	 0x24
#define NVME_REG_ASQ	 0x28
#define NVME_REG_ACQ	 0x30
#define NVME_REG_DBS	 0x1000

/* 4.2 submission queue entry (64 bytes), 4.6 completion queue entry (16 bytes). */
#define NVME_SQE_SIZE	64
#define NVME_CQE_SIZE	16
#define NVME_SQE_CDW0	0
#define NVME_SQE_NSID	4
#define NVME_SQE_PRP1	24
#define NVME_SQE_PRP2	32
#define NVME_SQE_CDW(n) (4 * (n)) /* CDW10..15 at 40..60 */
#define NVME_CQE_DW0	0
#define NVME_CQE_SQHD	8
#define NVME_CQE_SQID	10
#define NVME_CQE_CID	12
#define NVME_CQE_STATUS 14
/* Status field (4.6.1, Figure 124), bit 0 of the 16-bit word is the phase tag. */
#define NVME_STATUS_P	BIT(0)
#define NVME_STATUS_SC	GENMASK(8, 1)
#define NVME_STATUS_SCT GENMASK(11, 9)
#define NVME_STATUS_CRD GENMASK(13, 12)
#define NVME_STATUS_M	BIT(14)
#define NVME_STATUS_DNR BIT(15)

/* Admin (5) and NVM (6) opcodes. */
#define NVME_ADMIN_CREATE_SQ 0x01
#define NVME_ADMIN_CREATE_CQ 0x05
#define NVME_ADMIN_IDENTIFY  0x06
#define NVME_CMD_FLUSH	     0x00
#define NVME_CMD_WRITE	     0x01
#define NVME_CMD_READ	     0x02
/* Identify CNS (5.15.1). */
#define NVME_CNS_NS	     0x00
#define NVME_CNS_CTRL	     0x01
#define NVME_CNS_ACTIVE_NS   0x02

#define NVME_PAGE_SIZE	    4096u
#define NVME_PRP_PER_PAGE   (NVME_PAGE_SIZE / 8)
#define NVME_MAX_XFER	    (256 * KiB) /* per command; one PRP list page covers 2 MiB */
#define NVME_ADMIN_QSIZE    16
#define NVME_IO_QSIZE	    32
#define NVME_CMD_TIMEOUT_NS (5 * NSEC_PER_SEC)
#define NVME_MAX_NS	    8

/*
 * PRP entries for len bytes at physical pa (4.3): prp1 = pa (dword aligned,
 * any page offset); prp2 = the second page, or list_pa of a PRP list written
 * into list (one page of NVME_PRP_PER_PAGE entries, no chaining).
 * -EINVAL: pa not dword aligned or len 0; -E2BIG: needs more than one list page.
 */
int nvme_prp_build(paddr_t pa, uint32_t len, uint8_t *list, paddr_t list_pa, uint64_t *prp1,
		   uint64_t *prp2);

/* Status word (CQE dword 3 high half) -> 0 or -errno; name of the code for messages. */
int nvme_status_errno(uint16_t status);
const char *nvme_status_str(uint16_t status);

struct nvme_queue {
	uint8_t *sq, *cq;
	uint16_t id, size, sq_tail, cq_head, cid;
	bool phase;
	volatile uint8_t *sq_db, *cq_db;
};

struct nvme_ctrl;

struct nvme_ns {
	struct blk_dev blk;
	struct nvme_ctrl *ctrl;
	uint32_t nsid;
};

struct nvme_ctrl {
	const char *name;
	struct pci_dev *pci;
	volatile uint8_t *regs;
	uint64_t cap;
	uint32_t max_xfer; /* bytes per command (MDTS, NVME_MAX_XFER) */
	bool vwc;	   /* volatile write cache present: flush matters */
	struct nvme_queue admin, io;
	uint8_t *prp_list, *bounce; /* one page each / NVME_MAX_XFER */
	uint8_t *ident;		    /* 4 KiB identify buffer */
	struct nvme_ns ns[NVME_MAX_NS];
	unsigned nns;
	char model[41], serial[21];
};

/* nvme_io.c: one command on q, completion polled; 0 or -errno (status decoded).
 * sqe is NVME_SQE_SIZE bytes with opcode/nsid/PRPs/CDWs; the CID is filled in. */
int nvme_submit_sync(struct nvme_ctrl *c, struct nvme_queue *q, uint8_t *sqe, uint32_t *dw0);
extern const struct blk_dev_ops nvme_ns_ops;

#endif

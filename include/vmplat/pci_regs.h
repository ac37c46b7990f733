// SPDX-License-Identifier: MIT
/*
 * PCI configuration space register names (PCIe 6.0 chapter 7; PCI LB 3.0
 * chapter 6; P2P 1.2 chapter 3).
 */
#ifndef VMPLAT_PCI_REGS_H
#define VMPLAT_PCI_REGS_H

#include <vmplat/types.h>

/* Common header (7.5.1.1). */
#define PCI_VENDOR_ID	    0x00
#define PCI_DEVICE_ID	    0x02
#define PCI_COMMAND	    0x04
#define PCI_CMD_IO	    BIT(0)
#define PCI_CMD_MEM	    BIT(1)
#define PCI_CMD_MASTER	    BIT(2)
#define PCI_CMD_INTX_OFF    BIT(10)
#define PCI_STATUS	    0x06
#define PCI_STATUS_CAP_LIST BIT(4)
#define PCI_CLASS_REV	    0x08 /* revision in 7:0, class code in 31:8 */
#define PCI_HEADER_TYPE	    0x0e
#define PCI_HDR_TYPE_MASK   0x7f
#define PCI_HDR_MULTIFUNC   BIT(7)
#define PCI_HDR_NORMAL	    0
#define PCI_HDR_BRIDGE	    1
#define PCI_HDR_CARDBUS	    2
#define PCI_BAR0	    0x10
#define PCI_BAR_IO_SPACE    BIT(0)
#define PCI_BAR_MEM_TYPE    GENMASK(2, 1)
#define PCI_BAR_MEM_32	    0
#define PCI_BAR_MEM_1M	    1 /* legacy "below 1 MiB", treated as 32-bit */
#define PCI_BAR_MEM_64	    2
#define PCI_BAR_MEM_PREF    BIT(3)
#define PCI_BAR_MEM_MASK    (~0xfu)
#define PCI_BAR_IO_MASK	    (~0x3u)
#define PCI_CAP_PTR	    0x34
#define PCI_INT_LINE	    0x3c

/* Type 0 (7.5.1.2). */
#define PCI_SUBSYS_VENDOR 0x2c
#define PCI_ROM_ADDR	  0x30
#define PCI_ROM_ENABLE	  BIT(0)
#define PCI_ROM_MASK	  (~0x7ffu)

/* Type 1 (7.5.1.3). */
#define PCI_PRIMARY_BUS	     0x18
#define PCI_SECONDARY_BUS    0x19
#define PCI_SUBORDINATE_BUS  0x1a
#define PCI_IO_BASE	     0x1c
#define PCI_IO_LIMIT	     0x1d
#define PCI_IO_32BIT	     0x1
#define PCI_MEM_BASE	     0x20
#define PCI_MEM_LIMIT	     0x22
#define PCI_PREF_BASE	     0x24
#define PCI_PREF_LIMIT	     0x26
#define PCI_PREF_64BIT	     0x1
#define PCI_PREF_BASE_UPPER  0x28
#define PCI_PREF_LIMIT_UPPER 0x2c
#define PCI_IO_BASE_UPPER    0x30
#define PCI_IO_LIMIT_UPPER   0x32
#define PCI_BRIDGE_ROM	     0x38
#define PCI_BRIDGE_CTL	     0x3e
#define PCI_BRCTL_SBR	     BIT(6) /* Secondary Bus Reset (7.5.1.3.13) */

/* Window granularity (P2P 1.2, 3.2.5.6 and 3.2.5.8). */
#define PCI_IO_WIN_ALIGN  (4 * KiB)
#define PCI_MEM_WIN_ALIGN (1 * MiB)

/* Capability ids (PCI Code and ID Assignment, chapter 2). */
#define PCI_CAP_ID_PM	0x01
#define PCI_CAP_ID_MSI	0x05
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_EXP	0x10
#define PCI_CAP_ID_MSIX 0x11

/* Extended capability ids (chapter 3). */
#define PCI_EXT_CAP_ID_AER   0x01
#define PCI_EXT_CAP_ID_ACS   0x0d
#define PCI_EXT_CAP_ID_ARI   0x0e
#define PCI_EXT_CAP_ID_ATS   0x0f
#define PCI_EXT_CAP_ID_SRIOV 0x10
#define PCI_EXT_CAP_ID_PASID 0x1b
#define PCI_EXT_CAP_START    0x100

/* PCI Express capability (7.5.3). */
#define PCI_EXP_FLAGS		0x02
#define PCI_EXP_FLAGS_TYPE	GENMASK(7, 4)
#define PCI_EXP_TYPE_ENDPOINT	0x0
#define PCI_EXP_TYPE_ROOT_PORT	0x4
#define PCI_EXP_TYPE_UPSTREAM	0x5
#define PCI_EXP_TYPE_DOWNSTREAM 0x6
#define PCI_EXP_TYPE_PCI_BRIDGE 0x7 /* PCI Express to PCI/PCI-X bridge */
#define PCI_EXP_TYPE_RC_END	0x9
#define PCI_EXP_DEVCAP		0x04
#define PCI_EXP_DEVCAP_FLR	BIT(28)
#define PCI_EXP_DEVCTL		0x08
#define PCI_EXP_DEVCTL_FLR	BIT(15)
#define PCI_EXP_DEVSTA		0x0a
#define PCI_EXP_DEVSTA_TRPND	BIT(5)
#define PCI_EXP_DEVCAP2		0x24
#define PCI_EXP_DEVCAP2_ARI	BIT(5)
#define PCI_EXP_DEVCTL2		0x28
#define PCI_EXP_DEVCTL2_ARI	BIT(5)

/* MSI (7.7.1). */
#define PCI_MSI_CTRL	 0x02
#define PCI_MSI_CTRL_EN	 BIT(0)
#define PCI_MSI_CTRL_MMC GENMASK(3, 1)
#define PCI_MSI_CTRL_MME GENMASK(6, 4)
#define PCI_MSI_CTRL_64	 BIT(7)
#define PCI_MSI_CTRL_PVM BIT(8)
#define PCI_MSI_ADDR_LO	 0x04
#define PCI_MSI_ADDR_HI	 0x08
#define PCI_MSI_DATA_32	 0x08
#define PCI_MSI_DATA_64	 0x0c
#define PCI_MSI_MASK_32	 0x0c
#define PCI_MSI_MASK_64	 0x10

/* MSI-X (7.7.2). */
#define PCI_MSIX_CTRL	       0x02
#define PCI_MSIX_CTRL_SIZE     GENMASK(10, 0)
#define PCI_MSIX_CTRL_MASK     BIT(14)
#define PCI_MSIX_CTRL_EN       BIT(15)
#define PCI_MSIX_TABLE	       0x04
#define PCI_MSIX_PBA	       0x08
#define PCI_MSIX_BIR	       GENMASK(2, 0)
#define PCI_MSIX_ENTRY_SIZE    16
#define PCI_MSIX_ENTRY_ADDR_LO 0x0
#define PCI_MSIX_ENTRY_ADDR_HI 0x4
#define PCI_MSIX_ENTRY_DATA    0x8
#define PCI_MSIX_ENTRY_CTRL    0xc
#define PCI_MSIX_ENTRY_MASKED  BIT(0)

/* ARI (7.8.7). */
#define PCI_ARI_CAP	0x04
#define PCI_ARI_NEXT_FN GENMASK(15, 8)

/* ACS (7.7.11). */
#define PCI_ACS_CAP  0x04
#define PCI_ACS_CTRL 0x06

/* SR-IOV (9.3.3). */
#define PCI_SRIOV_CAP	     0x04
#define PCI_SRIOV_CTRL	     0x08
#define PCI_SRIOV_CTRL_VFE   BIT(0)
#define PCI_SRIOV_CTRL_MSE   BIT(3)
#define PCI_SRIOV_CTRL_ARI   BIT(4)
#define PCI_SRIOV_STATUS     0x0a
#define PCI_SRIOV_INITIAL_VF 0x0c
#define PCI_SRIOV_TOTAL_VF   0x0e
#define PCI_SRIOV_NUM_VF     0x10
#define PCI_SRIOV_VF_OFFSET  0x14
#define PCI_SRIOV_VF_STRIDE  0x16
#define PCI_SRIOV_VF_DID     0x1a
#define PCI_SRIOV_SUP_PGSIZE 0x1c
#define PCI_SRIOV_SYS_PGSIZE 0x20
#define PCI_SRIOV_BAR	     0x24

#endif

# SPDX-License-Identifier: MIT
"""
The IOMMU core's edu self-tests (drivers/iommu/st_iommu_*.c: mapped DMA,
unmapped faults, two domains, read-only, unmap) on SMMUv3, with the devices
and log checks of iommu_smmu.py (not its interrupt checks: those follow the
smmu self-tests' lines; here the core's tests poll after each DMA and the
interrupt may report first, either way once).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iommu_smmu as smmu  # noqa: E402

SCENARIO = dict(smmu.SCENARIO, name='iommu_smmu_common', cmdline='selftest=iommu',
                description='SMMUv3 under the IOMMU core edu self-tests (iommu_edu_*)')
prepare = smmu.prepare
check = smmu.base_checks

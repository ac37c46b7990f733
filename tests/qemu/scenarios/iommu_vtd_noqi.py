# SPDX-License-Identifier: MIT
"""
iommu_vtd.py with `vtd=noqi,noirq`: although QEMU's intel-iommu offers
ECAP.QI, the driver keeps register-based context-cache and IOTLB
invalidation (VT-d 6.5.1) and polls fault records (FECTL.IM stays set),
so both paths stay tested. Same DMA isolation checks; the report must say
register-based and polled, and the self-tests check the unit's QIES.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iommu_vtd as base  # noqa: E402

SCENARIO = dict(base.SCENARIO, name='iommu_vtd_noqi',
                cmdline=base.SCENARIO['cmdline'] + ' vtd=noqi,noirq',
                description='VT-d with vtd=noqi,noirq: register invalidation, polled faults')


def prepare(ctx):
    ctx.extra_args += base.devices(base.IOMMU_OPTS)


def check(log, result):
    from vmrunner import Check
    return base.check_log(log, result, Check, queued=False)

# SPDX-License-Identifier: MIT
"""
iommu_vtd.py with intel-iommu caching-mode=on: the unit may cache
not-present entries, so every not-present -> present change (context
entries, new mappings) must be invalidated too (VT-d 6.1). Same checks.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iommu_vtd as base  # noqa: E402

SCENARIO = dict(base.SCENARIO, name='iommu_vtd_cm',
                description='VT-d with caching-mode=on: same DMA isolation checks')


def prepare(ctx):
    ctx.extra_args += base.devices(base.IOMMU_OPTS + ',caching-mode=on')


def check(log, result):
    from vmrunner import Check
    out = base.check_log(log, result, Check)
    out.append(Check('caching_mode', 'caching mode' in log, 'report does not show caching mode'))
    return out

# SPDX-License-Identifier: MIT
"""
The poll fallback: the smmu self-tests of iommu_smmu.py with `smmu=noirq`.
IRQ_CTRLACK must read 0 (self-test smmu_irq_ctrl_acknowledged), the faults
are still reported with the right StreamID, IOVA and reason (the self-tests
poll after each blocked DMA on a polled unit), and no fault is attributed
to an interrupt.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iommu_smmu as smmu  # noqa: E402

SCENARIO = dict(smmu.SCENARIO, name='iommu_smmu_noirq', cmdline='selftest=smmu smmu=noirq',
                description='SMMUv3 faults polled (smmu=noirq): same records, no interrupt')
prepare = smmu.prepare


def check(log, result):
    import vmrunner
    text = log.replace('\r', '')
    out = smmu.base_checks(log, result)
    out += [
        vmrunner.Check('polled_by_option', 'smmu0: faults polled (smmu=noirq)' in text,
                       'no "faults polled (smmu=noirq)" line'),
        vmrunner.Check('irq_ctrl_zero', 'smmu selftest: smmu0 faults polled' in text
                       and 'fault interrupts: IRQ_CTRL 0, eventq 0 taken' in text,
                       'IRQ_CTRL not 0 or interrupts counted'),
        vmrunner.Check('no_interrupt_reports', smmu.IRQ_RE.search(text) is None
                       and 'gerror interrupt' not in text,
                       'a fault was attributed to an interrupt with smmu=noirq'),
    ]
    return out

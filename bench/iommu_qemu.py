#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
IOMMU map+unmap+sync cost per operation in QEMU (make bench, issue 4): boots
the firmware with `selftest=bench_iommu` (drivers/iommu/st_iommu_bench.c),
which times N iommu_map and N iommu_unmap of 4 KiB on the first unit, each
call with the driver's sync/flush, next to two baselines from the same boot:
the same maps and unmaps on a bare page table (core/pt.c, no driver sync)
and a memset of one 4 KiB page. Runs
  x86_64   q35 + intel-iommu (VT-d), queued invalidation (QEMU offers ECAP.QI)
  x86_64   the same with vtd=noqi (register-based invalidation)
  aarch64  virt,iommu=smmuv3 (SMMUv3, TLBI_NH_VA + CMD_SYNC)
and prints ns/op and the ratios against the baselines. Under TCG the
absolute numbers are emulation cost; the ratios say how much the
invalidation path adds to the table work. Reference only (real hardware,
Linux): dma_map_benchmark on SMMUv3, 4 KiB map ~0.1 us, unmap ~0.8 us.

  python3 bench/iommu_qemu.py [--only x86_64|x86_64-noqi|aarch64]
"""
import argparse
import os
import re
import sys
import types

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import vmrunner  # noqa: E402

LINE = re.compile(r'iommu bench (\S+) (\S+) (\S+): (\d+) ops x 4 KiB: map (\d+) ns/op \(pt (\d+)\), '
                  r'unmap\+flush (\d+) ns/op \(pt (\d+)\), map\+unmap\+flush (\d+) ns/op '
                  r'\(pt (\d+)\); memset 4 KiB (\d+) ns/op')
CONFIGS = {
    'x86_64': dict(arch='x86_64', machine='q35,kernel-irqchip=split', extra='',
                   devices=['-device', 'intel-iommu,intremap=on']),
    'x86_64-noqi': dict(arch='x86_64', machine='q35,kernel-irqchip=split', extra=' vtd=noqi',
                        devices=['-device', 'intel-iommu,intremap=on']),
    'aarch64': dict(arch='aarch64', machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
                    extra='', devices=[]),
}


def measure(name, cfg):
    got = {}

    def prepare(ctx):
        ctx.extra_args += cfg['devices']

    def check(log, result):
        got['log'] = log
        return [vmrunner.Check('bench', True)]

    mod = types.SimpleNamespace(
        __name__='iommu_bench', prepare=prepare, check=check,
        SCENARIO=dict(name='bench_iommu_' + name.replace('-', '_'), arch=cfg['arch'],
                      machine=cfg['machine'], timeout=90,
                      cmdline='selftest=bench_iommu' + cfg['extra'],
                      description='iommu map/unmap cost'))
    res, _ = vmrunner.run_scenario(mod)
    if res.error or res.timed_out:
        raise RuntimeError('run failed: %s' % (res.error or 'timeout'))
    log = got.get('log') or open(os.path.join(ROOT, res.scenario['log']), errors='replace').read()
    m = LINE.search(log)
    if not m:
        raise RuntimeError('no "iommu bench" line in %s' % res.scenario['log'])
    unit, kind, fmt = m.group(1, 2, 3)
    ops, mp, pt_mp, um, pt_um, pair, pt_pair, mem = (int(x) for x in m.groups()[3:])
    return dict(unit=unit, kind=kind, fmt=fmt, ops=ops, map=mp, unmap=um, pair=pair,
                pt_map=pt_mp, pt_unmap=pt_um, pt_pair=pt_pair, mem=mem)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--only', choices=sorted(CONFIGS))
    args = ap.parse_args()
    os.chdir(ROOT)
    rc = 0
    for name in ([args.only] if args.only else list(CONFIGS)):
        try:
            r = measure(name, CONFIGS[name])
        except Exception as e:  # report and go on with the others
            print('iommu qemu %-11s: FAILED: %s' % (name, e))
            rc = 1
            continue
        def ratio(a, b):
            return r[a] / max(r[b], 1)
        print('iommu qemu %-11s: %s %s (%s), %d ops x 4 KiB, us/op: map %.2f (x%.1f bare table), '
              'unmap+sync %.2f (x%.1f), map+unmap+sync %.2f (x%.1f; x%.1f memset 4 KiB %.2f)'
              % (name, r['unit'], r['kind'], r['fmt'], r['ops'], r['map'] / 1e3,
                 ratio('map', 'pt_map'), r['unmap'] / 1e3, ratio('unmap', 'pt_unmap'),
                 r['pair'] / 1e3, ratio('pair', 'pt_pair'), ratio('pair', 'mem'),
                 r['mem'] / 1e3))
    print('iommu qemu reference  : Linux dma_map_benchmark, SMMUv3 hardware, 4 KiB: map ~0.1 us, '
          'unmap ~0.8 us (published; not comparable with TCG, reference only)')
    return rc


if __name__ == '__main__':
    sys.exit(main())

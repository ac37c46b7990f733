#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
PCI enumeration cost (make bench): configuration reads per present and per
absent function for the QEMU topology of the pci_<arch> scenarios (root port
+ edu, switch + virtio-blk, bochs-display, SR-IOV nvme), as the firmware
counts them during its boot scan, next to a host reference measured in the
same run: the QEMU-like topology of the unit tests on the simulated ECAM
(tests/unit/pci/topo.c), whose fake counts reads by itself. Printed per arch
with the ratio QEMU/host of reads per present function.

  python3 bench/pci_qemu.py [--arch x86_64|aarch64|all]
"""
import argparse
import os
import re
import subprocess
import sys
import types

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu', 'scenarios'))
import vmrunner  # noqa: E402
import _pci_common as pci  # noqa: E402

FW_FUNCS = re.compile(r'pci: segment ([0-9a-f]{4}) buses [0-9a-f]{2}-[0-9a-f]{2} \(\S+\): '
                      r'(\d+) functions')
FW_SCAN = re.compile(r'pci: scan: (\d+) config reads, (\d+) absent functions')
HOST = re.compile(r'pci host: (\d+) functions, (\d+) scan reads, (\d+) absent probes, '
                  r'(\d+) absent reads, (\d+) driver-counted')
WARN = ['-Wall', '-Wextra', '-Werror', '-Wshadow', '-Wmissing-prototypes',
        '-Wstrict-prototypes', '-Wvla', '-Wpointer-arith', '-Wundef']


def host_reference():
    """Build and run bench/pci_host/pci_count.c over the unit tests' PCI sources."""
    mk = open(os.path.join(ROOT, 'tests/unit/pci/sources.mk')).read()
    srcs = re.findall(r'(\S+\.c)', mk)
    srcs += ['tests/unit/pci/topo.c', 'tests/unit/pci/pci_env.c', 'bench/pci_host/pci_count.c']
    out = os.path.join(ROOT, 'build/host/bench/pci_count')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run(['gcc', '-std=gnu11', '-O2'] + WARN + ['-Iinclude', '-Itests/fakes/include',
                                                           '-Itests/unit/pci'] + srcs +
                   ['-o', out, '-lcmocka'], cwd=ROOT, check=True)
    line = subprocess.run([out], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    m = HOST.search(line)
    if not m:
        raise RuntimeError('host reference printed %r' % line)
    n, reads, probes, absent_reads, driver = (int(x) for x in m.groups())
    if reads != driver:
        raise RuntimeError('fake saw %d reads, driver counted %d' % (reads, driver))
    return dict(functions=n, present=(reads - absent_reads) / n,
                absent=absent_reads / probes if probes else 0.0, probes=probes)


def qemu_counts(arch):
    """Boot the pci scenario topology, run one self-test, power off; parse the scan line."""
    got = {}

    def prepare(ctx):
        ctx.extra_args += pci.devices(arch, os.path.abspath(ctx.workdir))

    def check(log, result):
        got['log'] = log
        return [vmrunner.Check('bench', True)]

    mod = types.SimpleNamespace(
        __name__='pci_bench', prepare=prepare, check=check,
        SCENARIO=dict(name='bench_pci_' + arch, arch=arch, timeout=60,
                      cmdline='selftest=pci_enumerated', description='pci config reads'))
    res, _ = vmrunner.run_scenario(mod)
    if res.error or res.timed_out:
        raise RuntimeError('run failed: %s' % (res.error or 'timeout'))
    log = got.get('log') or open(os.path.join(ROOT, res.scenario['log']), errors='replace').read()
    f, s = FW_FUNCS.search(log), FW_SCAN.search(log)
    if not f or not s:
        raise RuntimeError('no pci scan lines in %s' % res.scenario['log'])
    n, reads, absent = int(f.group(2)), int(s.group(1)), int(s.group(2))
    # The firmware probes an absent function with one read and counts the probe.
    return dict(functions=n, present=(reads - absent) / n, absent=1.0 if absent else 0.0,
                probes=absent)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--arch', default='all', choices=['all'] + sorted(vmrunner.QEMU))
    args = ap.parse_args()
    os.chdir(ROOT)
    host = host_reference()
    print('pci host fake   : %2d functions, %5.1f config reads per present function, '
          '%.2f per absent function (%d absent)'
          % (host['functions'], host['present'], host['absent'], host['probes']))
    rc = 0
    for arch in (sorted(vmrunner.QEMU) if args.arch == 'all' else [args.arch]):
        try:
            q = qemu_counts(arch)
        except Exception as e:  # report and go on with the other arch
            print('pci qemu %-7s: %s' % (arch, e))
            rc = 1
            continue
        print('pci qemu %-7s: %2d functions, %5.1f config reads per present function, '
              '%.2f per absent function (%d absent); ratio qemu/host per present %.2f'
              % (arch, q['functions'], q['present'], q['absent'], q['probes'],
                 q['present'] / host['present']))
    return rc


if __name__ == '__main__':
    sys.exit(main())

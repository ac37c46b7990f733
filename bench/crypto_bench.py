#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
SHA-256 and CRC32C throughput (make bench): the accelerated implementation
in use against the portable C one, in the same boot, under TCG. Boots each
arch with "selftest=crypto_speed" (core/st_crypto.c: 512 KiB of random
data, best of 3 per implementation, results compared) and prints MB/s of
both and the ratio accelerated/C:
  aarch64  QEMU virt at EL2, cortex-a72 (SHA2 + CRC32 instructions)
  x86_64   OVMF on q35, qemu64,+sse4.2 (CRC32; QEMU 7.2 TCG has no SHA-NI)
TCG runs each instruction through a helper, so the ratios say little about
hardware (where both are several times larger); they are what the snapshot
and ISO checksums gain in these test VMs.

  python3 bench/crypto_bench.py [--runs N]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import types

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import vmrunner  # noqa: E402

SPEED_RE = re.compile(r'# crypto speed: (\S+) (\S+) ([\d.]+) MB/s, c ([\d.]+) MB/s, ratio ([\d.]+)')
MACHINES = {
    'aarch64': dict(machine='virt,gic-version=3,virtualization=on', cpu='cortex-a72'),
    'x86_64': dict(machine='q35', extra_args=['-cpu', 'qemu64,+sse4.2']),
}


def one_run(arch):
    """{algorithm: (implementation, MB/s accelerated, MB/s C)} of one boot."""
    mod = types.SimpleNamespace(
        __name__='crypto_bench', SCENARIO=dict(
            name='bench_crypto_' + arch, arch=arch, smp=1, timeout=120,
            cmdline='selftest=crypto_speed', description='crypto benchmark',
            **MACHINES[arch]))
    res, checks = vmrunner.run_scenario(mod)
    bad = [c.line(mod.SCENARIO['name']) for c in checks if not c.ok]
    if bad:
        raise RuntimeError('; '.join(bad))
    got = {m.group(1): (m.group(2), float(m.group(3)), float(m.group(4)))
           for m in SPEED_RE.finditer(res.log.replace('\r', ''))}
    if set(got) != {'sha256', 'crc32c'}:
        raise RuntimeError('no "# crypto speed" lines in %s' % res.scenario['log'])
    return got


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', type=int, default=3, help='boots per arch (medians printed)')
    args = ap.parse_args()
    os.chdir(ROOT)
    rc = 0
    for arch in ('aarch64', 'x86_64'):
        subprocess.run(['make', '--no-print-directory', 'ARCH=' + arch, 'firmware'], check=True,
                       stdout=subprocess.DEVNULL)
        try:
            runs = [one_run(arch) for _ in range(max(1, args.runs))]
        except RuntimeError as e:
            print('crypto bench %s: FAILED: %s' % (arch, e))
            rc = 1
            continue
        for alg in ('sha256', 'crc32c'):
            fast = statistics.median(r[alg][1] for r in runs)
            c = statistics.median(r[alg][2] for r in runs)
            print('crypto %s %s: %s %.1f MB/s, c %.1f MB/s, ratio %.2f (median of %d boots)'
                  % (arch, alg, runs[0][alg][0], fast, c, fast / c, len(runs)))
    return rc


if __name__ == '__main__':
    sys.exit(main())

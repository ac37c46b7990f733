#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
Snapshot benchmark (make bench), aarch64 virt at EL2 under TCG, the counting
snapshot test guest (16 MiB) on a scratch virtio-blk disk:
  - save throughput of a full snapshot against a memcpy of the same guest
    RAM in the same boot (`vm snapbench`): MB/s each and the ratio;
  - restore latency of a full snapshot and of a full + incremental chain;
  - incremental size against the pages the guest really changed between
    two pauses (QMP pmemsave before and after): ratio near 1.0;
  - crash safety with 50 kills (tests/qemu/scenarios/snap_crash.py,
    SNAP_CRASH_KILLS=50).
Reference points (Firecracker): diff snapshot create 70-90 ms, load 2-9 ms
for 256-512 MiB guests on KVM hardware; these numbers are TCG.

  python3 bench/snap_bench.py [--kills N]
"""
import argparse
import os
import re
import subprocess
import sys
import time
import types

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu', 'scenarios'))
import vmrunner  # noqa: E402
import snap_save_restore as sr  # noqa: E402

PAGE = 4096


def changed_pages(a, b):
    return sum(a[i:i + PAGE] != b[i:i + PAGE] for i in range(0, min(len(a), len(b)), PAGE))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--kills', type=int, default=50)
    args = ap.parse_args()
    got = {}

    def prepare(ctx):
        path = os.path.abspath(os.path.join(ctx.workdir, 'snap.img'))
        with open(path, 'wb') as f:
            f.truncate(256 << 20)
        ctx.extra_args += ['-drive', 'file=%s,if=none,id=sd,format=raw' % path,
                           '-device', 'virtio-blk-pci,drive=sd,disable-legacy=on']

    def interact(vm):
        if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
            raise RuntimeError('no shell prompt')
        dev = re.search(r'^blk (\S+) virtio-blk .* sectors %d x 512' % ((256 << 20) // 512),
                        vm.serial.text().replace('\r', ''), re.M).group(1)
        sr.cmd(vm, 'vm snapstore format %s' % dev)
        sr.cmd(vm, 'vm start snap')
        sr.wait_counts(vm, 1)
        got['memcpy'] = sr.cmd(vm, 'vm snapbench')
        got['full'] = [sr.saved(sr.cmd(vm, 'vm save bench-full')) for _ in range(3)]
        sr.cmd(vm, 'vm pause')
        base = sr.saved(sr.cmd(vm, 'vm save bench-base'))
        a = sr.read_ram(vm, 'bench_a')
        sr.cmd(vm, 'vm resume')
        time.sleep(0.2)
        sr.cmd(vm, 'vm pause')
        b = sr.read_ram(vm, 'bench_b')
        incr = sr.saved(sr.cmd(vm, 'vm save -i bench-incr'))
        got['incr'] = (incr, changed_pages(a, b))
        got['restore_full'] = sr.restored(sr.cmd(vm, 'vm restore %s -p' % base[0]))
        got['restore_chain'] = sr.restored(sr.cmd(vm, 'vm restore %s -p' % incr[0]))
        vm.serial.write('poweroff\r', char_delay=0.001)

    def check(log, result):
        return [vmrunner.Check('bench', True)]

    mod = types.SimpleNamespace(
        __name__='snap_bench', prepare=prepare, interact=interact, check=check,
        SCENARIO=dict(name='bench_snap', arch='aarch64', timeout=300,
                      machine='virt,gic-version=3,virtualization=on', cpu='cortex-a72',
                      description='snapshot benchmark'))
    os.chdir(ROOT)
    subprocess.run(['make', '--no-print-directory', 'ARCH=aarch64', 'firmware'], check=True,
                   stdout=subprocess.DEVNULL)
    res, _ = vmrunner.run_scenario(mod)
    if res.error or res.timed_out:
        print('snap bench: run failed: %s' % (res.error or 'timeout'))
        return 1
    m = re.search(r'memcpy (\d+) bytes in (\d+) us', got.get('memcpy') or '')
    fulls = [f for f in got.get('full') or [] if f]
    if not m or not fulls:
        print('snap bench: no result')
        return 1
    mc = int(m.group(1)) / max(1, int(m.group(2)))  # bytes/us = MB/s
    best = min(fulls, key=lambda f: int(f[4]))
    sv = int(best[3]) / max(1, int(best[4]) * 1000)
    print('snap save: %d MiB full snapshot %.1f MB/s (%s ms), memcpy of the same RAM %.1f MB/s, '
          'ratio save/memcpy %.3f' % (int(best[3]) >> 20, sv, best[4], mc, sv / mc))
    rf, rc_ = got.get('restore_full'), got.get('restore_chain')
    if rf and rc_:
        print('snap restore: full %s ms, chain of %s (full + incremental) %s ms'
              % (rf[2], rc_[1], rc_[2]))
    incr, changed = got.get('incr') or (None, 0)
    if incr:
        pages = int(incr[8])
        print('snap incremental: %s bytes, %d pages saved, %d pages changed by the guest, '
              'ratio %.3f' % (incr[3], pages, changed, pages / max(1, changed)))
    env = dict(os.environ, SNAP_CRASH_KILLS=str(args.kills))
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, 'tests/qemu/run.py', '--only', 'snap_crash'], env=env,
                       capture_output=True, text=True)
    last = [ln for ln in p.stdout.splitlines() if ln.startswith('# snap_crash:')]
    print('snap crash: %d kills during saves: %s (%.0f s)'
          % (args.kills, last[-1][len('# snap_crash: '):] if last else 'no result',
             time.monotonic() - t0))
    return 0 if p.returncode == 0 else 1


if __name__ == '__main__':
    sys.exit(main())

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
  - the two dirty-tracking modes on `-cpu max` (same CPU model, only the mode
    differs): hardware dirty state (stage-2 DBM) against stage-2 write faults
    (`hvdirty=wp`), the same guest and interval, so the same pages dirtied
    (its 1024-page work area, status and stack: about 1026 pages): boots
    alternate between the modes, several incremental saves in each; medians
    of the save time (ms) and the ratio hardware/faults, the write faults the
    save reports (0 expected with DBM), and pages saved against pages changed
    (pmemsave diff, ratio near 1.0) in each mode;
  - crash safety with 50 kills (tests/qemu/scenarios/snap_crash.py,
    SNAP_CRASH_KILLS=50).
Reference points (Firecracker): diff snapshot create 70-90 ms, load 2-9 ms
for 256-512 MiB guests on KVM hardware; these numbers are TCG.

  python3 bench/snap_bench.py [--kills N] [--dirty-boots N] [--dirty-saves N]
(--kills 0 skips the crash run.)
"""
import argparse
import os
import re
import statistics
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
DIRTY_RX = (r'dirty tracking: (hardware \(DBM\)|write faults \(stage-2 permission\)), '
            r'(\d+) pages dirty, (\d+) write faults, collected in (\d+) us')
MODES = (('hw', '', 'hardware (DBM)'), ('wp', 'hvdirty=wp', 'write faults'))


def changed_pages(a, b):
    return sum(a[i:i + PAGE] != b[i:i + PAGE] for i in range(0, min(len(a), len(b)), PAGE))


def dirty_boot(vm, saves, out):
    """One boot: full save as the parent, then saves x (run 0.2 s, pause,
    pmemsave, incremental save); per save (ms, pages saved, pages changed,
    pages the hypervisor counted, write faults, collect us, guest count
    advance over the interval) into out."""
    sr.cmd(vm, 'vm snapstore format %s' % sr.blkdev(vm))
    sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 1)
    sr.cmd(vm, 'vm pause')
    if not sr.saved(sr.cmd(vm, 'vm save dirty-base')):
        raise RuntimeError('full save failed')
    a = sr.read_ram(vm, 'dirty_a')
    for i in range(saves):
        sr.cmd(vm, 'vm resume')
        time.sleep(0.2)
        sr.cmd(vm, 'vm pause')
        b = sr.read_ram(vm, 'dirty_b')
        text = sr.cmd(vm, 'vm save -i dirty-%d' % i)
        s, d = sr.saved(text), re.search(DIRTY_RX, text)
        if not s or not d or s[1] != 'incremental':
            raise RuntimeError('incremental save failed: %r' % text[-300:])
        out.append((int(s[4]), int(s[8]), changed_pages(a, b), int(d.group(2)),
                    int(d.group(3)), int(d.group(4)),
                    (sr.status(b)[1] or 0) - (sr.status(a)[1] or 0)))
        a = b  # the save leaves the VM paused: its RAM is b when tracking is armed again


def dirty_modes(boots, saves):
    """{mode: [per-save tuples]} over boots alternating hw, wp, hw, wp, ..."""
    got = {m[0]: [] for m in MODES}

    def interact(vm):
        for k in range(boots * len(MODES)):
            tag, append, _ = MODES[k % len(MODES)]
            if k:
                vm = sr.reboot(vm, append, '%s%d' % (tag, k))
            try:
                if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
                    raise RuntimeError('no shell prompt (%s boot)' % tag)
                if tag == 'wp' and 'hvdirty=wp' not in vm.argv:
                    raise RuntimeError('hvdirty=wp not on the command line')
                dirty_boot(vm, saves, got[tag])
                vm.serial.write('poweroff\r', char_delay=0.001)
                vm.wait()
            finally:
                if k:
                    vm.close()

    mod = types.SimpleNamespace(
        __name__='snap_bench_dirty', prepare=sr.prepare_disk, interact=interact,
        check=lambda log, result: [vmrunner.Check('bench', True)],
        SCENARIO=dict(name='bench_snap_dirty', arch='aarch64', timeout=600, cmdline='',
                      machine='virt,gic-version=3,virtualization=on', cpu='max,pauth-impdef=on',
                      description='snapshot benchmark: dirty-tracking modes'))
    res, _ = vmrunner.run_scenario(mod)
    if res.error or res.timed_out:
        print('snap dirty: run failed: %s' % (res.error or 'timeout'))
        return None
    return got


def print_dirty(got, boots):
    med = {t: [statistics.median(x[j] for x in got[t]) for j in range(7)] for t, _, _ in MODES}
    n = min(len(got[t]) for t, _, _ in MODES)
    hw, wp = med['hw'], med['wp']
    print('snap dirty: incremental save, -cpu max, %d saves per mode over %d boots each '
          '(medians): hardware (DBM) %.0f ms, write faults (hvdirty=wp) %.0f ms, '
          'ratio hardware/faults %.3f' % (n, boots, hw[0], wp[0], hw[0] / max(1, wp[0])))
    print('snap dirty: save ms per save: hardware %s; write faults %s' % (
        ' '.join(str(x[0]) for x in got['hw']), ' '.join(str(x[0]) for x in got['wp'])))
    print('snap dirty: pages dirtied by the guest (pmemsave diff, medians): hardware %.0f, '
          'write faults %.0f' % (hw[2], wp[2]))
    print('snap dirty: guest write faults per interval (medians): hardware %.0f (max %d), '
          'write faults %.0f; hardware collect %.0f us' % (
              hw[4], max(x[4] for x in got['hw']), wp[4], hw[5]))
    print('snap dirty: guest progress in the 0.2 s interval (count advance, medians): hardware '
          '%.0f, write faults %.0f, ratio hardware/faults %.3f'
          % (hw[6], wp[6], hw[6] / max(1, wp[6])))
    for t, _, name in MODES:
        r = [x[1] / max(1, x[2]) for x in got[t]]
        print('snap dirty: %s: pages saved %.0f vs changed %.0f (medians), ratio saved/changed '
              'median %.3f (min %.3f, max %.3f)' % (name, med[t][1], med[t][2],
                                                   statistics.median(r), min(r), max(r)))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--kills', type=int, default=50)
    ap.add_argument('--dirty-boots', type=int, default=3, help='boots per dirty mode')
    ap.add_argument('--dirty-saves', type=int, default=4, help='incremental saves per boot')
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
    dirty = dirty_modes(max(1, args.dirty_boots), max(1, args.dirty_saves))
    if not dirty:
        return 1
    print_dirty(dirty, max(1, args.dirty_boots))
    if args.kills <= 0:
        return 0
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

# SPDX-License-Identifier: MIT
"""
Issue 9 with Debian's Linux guest (docs/snapshot.md, docs/hypervisor.md
"PL011 receive"): the arm64 kernel of hv_linux and the harness initramfs in
its shell variant (harness.initramfs(..., shell=True): after the marker
lines an interactive busybox sh on ttyAMA0), started from a BLS entry as a
2-vCPU, 64 MiB guest without passthrough, the snapshot store on a scratch
virtio-blk disk. Everything the guest is asked goes in through the
emulated PL011's receive FIFO (`vm send`), everything it answers comes back
as "[vm linux-aa64] <line>":
  1. at the shell prompt: `echo <token> > /tmp/t` (random token), then a
     sync line; `vm console`: a product typed as a user would comes back
     raw (no "[vm" prefix), Ctrl-] gives the vmplat prompt back;
     `vm save -v` (full, read back and verified)
  2. the running guest changes that state: `echo other > /tmp/t; echo
     changed` (the answer proves it did)
  3. `vm restore 1`, then `taskset 2 cat /tmp/t; nproc; echo $((a*b))` with
     random a, b: the guest must print the saved token (not "other") from a
     process on its second vCPU (so both vCPUs were restored and run), 2
     CPUs, and the product
  4. vmplat boots again on the same disks with vmrestore=1 on its command
     line; the same question with new a, b gets the token and the product
The token and products are only looked for in answer lines (the tty's
echo of a command holds "$((a*b))", never the product); the run fails,
not skips, when the Debian kernels cannot be fetched.
"""
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'linux'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import vmrunner  # noqa: E402
from vmrunner import Check  # noqa: E402
from snap_save_restore import reboot  # noqa: E402

ARCH = 'aarch64'
SCENARIO = dict(
    name='snap_linux',
    arch=ARCH,
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    smp=3,  # CPU 0 keeps the vmplat shell, 1-2 run the guest's two vCPUs
    mem=512,
    cmdline='noboot',
    timeout=300,
    description='Debian Linux guest: save at its shell prompt, change, restore live and '
                'after a reboot; the guest answers over its console with the saved state',
)

STATE = {}
ENTRY = 'linux-aa64'
GUEST_MEM = '64M'
STORE_BYTES = 256 << 20
SAVED_RX = r'snapshot (\d+) saved: full, parent 0, (\d+) bytes in (\d+) ms, verified'
RESTORED_RX = r'snapshot 1 restored: chain of 1, (\d+) ms'
WARN_RX = r'(rcu: INFO|rcu_sched|soft lockup|hung_task|BUG:|Oops|WARNING:|clocksource.*unstable)'


def prepare(ctx):
    wd = os.path.abspath(ctx.workdir)
    rng = random.Random(os.urandom(16))
    opts = 'console=ttyAMA0 panic=-1 quiet rdinit=/init'
    try:
        guest = harness.guest_iso(wd, rng, ENTRY, opts, title='Debian Linux guest (shell)',
                                  payload_bytes=4096, shell=True)
    except harness.KernelsUnavailable as e:  # fail with the reason, do not skip
        STATE['error'] = str(e)
        return
    store = os.path.join(wd, 'store.img')
    with open(store, 'wb') as f:
        f.truncate(STORE_BYTES)
    STATE.update(token='%016x' % rng.getrandbits(64),
                 ab=[(rng.randrange(1000, 9999), rng.randrange(1000, 9999)) for _ in range(3)],
                 sync=rng.getrandbits(32))
    ctx.extra_args += [
        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % guest['iso'],
        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on',
        '-drive', 'file=%s,if=none,id=sd,format=raw' % store,
        '-device', 'virtio-blk-pci,drive=sd,disable-legacy=on',
    ]


def cmd(vm, line, timeout=60):
    out = vmrunner.shell_command(vm, line, timeout=timeout)
    if out is None:
        raise RuntimeError('no vmplat prompt after %r' % line)
    return out


def answer(vm, start, text, timeout=60):
    """Wait for the guest line "[vm linux-aa64] <text>" after offset start; its end or None."""
    return vm.serial.wait_for(r'\[vm [^\]\n]+\] %s\r?\n' % re.escape(text),
                              min(timeout, vm.time_left()), start)


def ask(vm, text, expect, timeout=60):
    """vm send text; wait for the guest's answer line expect. Returns
    (what the guest printed in between, seconds) or (None, seconds)."""
    start = len(vm.serial.data)
    t0 = time.monotonic()
    cmd(vm, 'vm send %s' % text)
    end = answer(vm, start, expect, timeout)
    dt = time.monotonic() - t0
    if end is None:
        return None, dt
    return bytes(vm.serial.data[start:end]).decode('utf-8', 'replace').replace('\r', ''), dt


def question(vm, a, b):
    """The token read by a process pinned to the second vCPU (taskset 2: CPU 1 must run),
    the CPUs online, a product (';' is the vmplat shell's separator: \\x3b)."""
    return ask(vm, r'taskset 2 cat /tmp/t\x3b nproc\x3b echo $((%d*%d))\r' % (a, b), str(a * b))


def answer_lines(out):
    """The guest's own lines between a command and its last answer."""
    return [m.group(1) for m in re.finditer(r'\[vm [^\]\n]+\] (.*)', out or '')]


def console(vm, a, b):
    """vm console: type a question as a user would, read the raw answer, detach with
    Ctrl-]; the vmplat prompt must come back. Returns (output, detached)."""
    s = vm.serial
    start = len(s.data)
    s.write('vm console\r', char_delay=0.001)
    if s.wait_for(r'Ctrl-\] detaches', min(20, vm.time_left()), start) is None:
        return None, False
    s.write('echo $((%d*%d))\r' % (a, b), char_delay=0.005)
    end = s.wait_for(r'\n%d\r*\n' % (a * b), min(30, vm.time_left()), start)
    out = bytes(s.data[start:end or len(s.data)]).decode('utf-8', 'replace')
    s.write('\x1d')
    done = s.wait_for(r'detached\r?\n' + vmrunner.SHELL_PROMPT, min(20, vm.time_left()), start)
    return (out if end else None), done is not None


def interact(vm):
    if 'error' in STATE:
        return {}
    d = {}
    tok = STATE['token']
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    m = re.search(r'^blk (\S+) virtio-blk .* sectors %d x 512' % (STORE_BYTES // 512),
                  vm.serial.text().replace('\r', ''), re.M)
    if not m:
        raise RuntimeError('store disk not listed')
    d['format'] = cmd(vm, 'vm snapstore format %s' % m.group(1))
    t0 = time.monotonic()
    start = len(vm.serial.data)
    d['start'] = cmd(vm, 'vm start %s cpus=2 mem=%s' % (ENTRY, GUEST_MEM), timeout=120)
    if answer(vm, start, harness.MARKER + ' shell', 150) is None:
        raise RuntimeError('the guest did not reach its shell')
    d['boot_s'] = time.monotonic() - t0
    # The first answer also proves the shell reads input (typed-ahead is fine).
    d['sync'], d['sync_s'] = ask(vm, r'echo %s > /tmp/t\x3b echo sync-$((%d+1))\r'
                                 % (tok, STATE['sync']), 'sync-%d' % (STATE['sync'] + 1), 90)
    d['console'], d['detached'] = console(vm, *STATE['ab'][2])
    t0 = time.monotonic()
    d['save'] = cmd(vm, 'vm save -v linux at its shell', timeout=200)
    d['save_s'] = time.monotonic() - t0
    d['changed'], _ = ask(vm, r"'echo other > /tmp/t\x3b echo changed\r'", 'changed')  # quoted
    d['other'], _ = ask(vm, r'cat /tmp/t\r', 'other')
    t0 = time.monotonic()
    d['restore'] = cmd(vm, 'vm restore 1', timeout=200)
    d['restore_s'] = time.monotonic() - t0
    a, b = STATE['ab'][0]
    d['live'], d['live_s'] = question(vm, a, b)
    d['stats'] = cmd(vm, 'vm stats')
    # vmplat again on the same disks, restoring snapshot 1 from its command line.
    vm2 = reboot(vm, 'noboot vmrestore=1', 'boot2')
    try:
        if vm2.serial.wait_for(vmrunner.SHELL_PROMPT, vm2.time_left()) is None:
            raise RuntimeError('no prompt in the second boot')
        d['boot2'] = vm2.serial.text().replace('\r', '')
        a, b = STATE['ab'][1]
        d['reboot'], d['reboot_s'] = question(vm2, a, b)
        cmd(vm2, 'vm stop', timeout=20)
        vm2.serial.write('poweroff\r', char_delay=0.001)
        vm2.wait()
        d['log2'] = vm2.serial.text().replace('\r', '')
    finally:
        vm2.close()
    return d


def check(log, result):
    if 'error' in STATE:
        return [Check('kernels-available', False, STATE['error'])]
    d = result.data or {}
    tok = STATE['token']
    (a1, b1), (a2, b2), (a3, b3) = STATE['ab']
    save = re.search(SAVED_RX, d.get('save') or '')
    live = answer_lines(d.get('live'))
    rb = answer_lines(d.get('reboot'))
    warn = [m.group(0) for m in re.finditer(r'\[vm [^\]\n]+\] .*%s.*' % WARN_RX,
                                            log.replace('\r', '') + (d.get('log2') or ''))]
    print('snap_linux: guest boot %.1f s, first answer %.1f s, save %.1f s, restore %.1f s, '
          'answer after restore %.1f s, after reboot %.1f s' % (
              d.get('boot_s') or 0, d.get('sync_s') or 0, d.get('save_s') or 0,
              d.get('restore_s') or 0, d.get('live_s') or 0, d.get('reboot_s') or 0),
          file=sys.stderr)
    if warn:
        print('snap_linux: guest warnings: %s' % ' | '.join(warn[:5]),
              file=sys.stderr)
    return [
        Check('store-formatted', 'snapshot store on' in (d.get('format') or ''),
              repr((d.get('format') or '')[-200:])),
        Check('guest-shell-answers', d.get('sync') is not None,
              'no sync-%d from the guest shell after vm send' % (STATE['sync'] + 1)),
        Check('console-answers', d.get('console') is not None and
              re.search(r'\[vm [^\]\n]*\] %d' % (a3 * b3), d['console']) is None,
              'no raw %d from the guest through vm console: %r' % (a3 * b3, d.get('console'))),
        Check('console-detached', d.get('detached') is True,
              'no "detached" and vmplat prompt after Ctrl-]'),
        Check('saved', save is not None and save.group(1) == '1', repr((d.get('save') or '')[-300:])),
        Check('state-changed', d.get('changed') is not None and d.get('other') is not None
              and 'other' in answer_lines(d.get('other')),
              'the running guest did not overwrite /tmp/t: %r' % (d.get('other'),)),
        Check('restored', re.search(RESTORED_RX, d.get('restore') or '') is not None,
              repr((d.get('restore') or '')[-300:])),
        Check('restored-token', tok in live and 'other' not in live,
              'after restore the guest printed %r (want %s, not other)' % (live[-4:], tok)),
        Check('restored-alive', str(a1 * b1) in live and '2' in live,
              'no %d*%d = %d and nproc 2 from the restored guest: %r' % (a1, b1, a1 * b1,
                                                                        live[-4:])),
        Check('reboot-restored', re.search(r'snapshot 1 restored', d.get('boot2') or '')
              is not None, 'no "snapshot 1 restored" in the second boot'),
        Check('reboot-token', tok in rb and 'other' not in rb,
              'after the reboot restore the guest printed %r (want %s)' % (rb[-4:], tok)),
        Check('reboot-alive', str(a2 * b2) in rb and '2' in rb,
              'no %d*%d = %d and nproc 2 after the reboot restore: %r' % (a2, b2, a2 * b2,
                                                                         rb[-4:])),
    ]

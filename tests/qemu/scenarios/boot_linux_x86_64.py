# SPDX-License-Identifier: MIT
"""
Debian's x86_64 kernel booted by vmplat from an ISO (issue 6 acceptance).
The harness (tests/qemu/linux/harness.py) fetches linux-image-<ver>-cloud-amd64
and busybox-static with apt-get download (version from apt-cache), builds an
initramfs with a random payload and an ISO with BLS entries whose options
carry a random token, plus two broken copies of the same kernel (cut at 60 %,
protocol patched to 2.11). vmplat (OVMF, ISO on virtio-blk) is told
`boot=linux-x64-trunc`: it must refuse (never jump) and show its menu with
each entry's status and reason; the test then picks the good entry with a
digit and Enter, and vmplat hands off through the 64-bit boot protocol.
Checks, on what the kernel's /init reported: the marker, /proc/cmdline equal
to the entry's options, the payload's sha256 equal to the host's, EFI
visible to the kernel (efi_info), the Boot Loader Interface variables vmplat
set through runtime SetVariable (read back through efivarfs), a clean
power-off. No kernel (offline): the scenario fails with the fetch error.
"""
import os
import random
import re
import sys

import vmrunner
from vmrunner import Check

sys.path.insert(0, os.path.join(vmrunner.ROOT, 'tests', 'qemu', 'linux'))
import harness  # noqa: E402

SCENARIO = dict(
    name='boot_linux_x86_64',
    arch='x86_64',
    cmdline='boot=linux-x64-trunc',
    timeout=120,
    description='Debian cloud-amd64 kernel from a BLS ISO to an initramfs marker',
)
STATE = {}
GOOD = 'Debian Linux (x86_64)'
BROKEN = {  # title: (entry id, kernel path, what the menu must say)
    'Truncated bzImage': ('linux-x64-trunc', '/x86_64/vmlinuz-trunc', 'truncated'),
    'Boot protocol 2.11': ('linux-x64-old', '/x86_64/vmlinuz-2.11', 'protocol 2.11'),
}
MENU_END = 'Up/Down or 1-9 select'


def broken_kernels(tree, want):
    """The real bzImage cut short, and with its protocol version set to 2.11."""
    with open(want['x86_64']['kernel'], 'rb') as f:
        img = bytearray(f.read())
    old = bytearray(img)
    old[0x206:0x208] = (0x020b).to_bytes(2, 'little')
    files = {'/x86_64/vmlinuz-trunc': img[:len(img) * 6 // 10], '/x86_64/vmlinuz-2.11': old}
    for path, data in files.items():
        with open(os.path.join(tree, path.lstrip('/')), 'wb') as f:
            f.write(data)
    for title, (eid, path, _) in BROKEN.items():
        harness.write_entry(tree, eid, 'x86_64', want['x86_64']['options'], title, path)


def prepare(ctx):
    harness.fetch()  # RuntimeError with the reason: a failed run, never a skip
    want = harness.make_set(os.path.abspath(ctx.workdir), random.Random(os.urandom(16)),
                            extra=broken_kernels, timeout='menu-force')
    STATE.clear()
    STATE.update(want)
    with open(want['x86_64']['kernel'], 'rb') as f:
        hdr = f.read(0x270)
    STATE['kernel_alignment'] = int.from_bytes(hdr[0x230:0x234], 'little')
    STATE['pref_address'] = int.from_bytes(hdr[0x258:0x260], 'little')
    ctx.extra_args += ['-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % want['iso'],
                       '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on']


def interact(vm):
    """Read the menu after the refused boot=, pick the good entry, let Linux run."""
    s = vm.serial
    end = s.wait_for(MENU_END, vm.time_left())
    if end is None:
        raise RuntimeError('no boot menu after the refused boot=linux-x64-trunc')
    text = s.text()
    menu = text[text.rfind('vmplat boot menu', 0, end):end]
    m = re.search(r'^[> ]\s+(\d+)\.\s+' + re.escape(GOOD) + r'\s+\[ready\]', menu, re.M)
    if not m:
        raise RuntimeError('good entry not ready in the menu: %r' % menu)
    s.write(m.group(1), char_delay=0.05)
    end = s.wait_for(MENU_END, vm.time_left(), end)
    s.write('\r')
    # The kernel's /init powers the machine off; wait for that or the timeout.
    s.wait_for(harness.MARKER + ' done', vm.time_left())
    return {'menu': menu, 'before_menu': text[:text.rfind('vmplat boot menu', 0, end)]}


def var_checks(got):
    v = got['vars']
    out = []
    nums = {}
    for name in ('LoaderTimeInitUSec', 'LoaderTimeExecUSec'):
        s = v.get(name, '')
        ok = s.isdigit()
        out.append(Check('var_' + name, ok, 'efivarfs shows %r' % (s or None)))
        nums[name] = int(s) if ok else None
    i, e = nums['LoaderTimeInitUSec'], nums['LoaderTimeExecUSec']
    out.append(Check('var_times_ordered', i is not None and e is not None and 0 < i < e,
                     'init %s us, exec %s us' % (i, e)))
    out.append(Check('var_LoaderInfo', v.get('LoaderInfo', '').startswith('vmplat'),
                     'LoaderInfo %r' % v.get('LoaderInfo')))
    return out


def menu_checks(data):
    menu, before = data.get('menu', ''), data.get('before_menu', '')
    rows = {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(
        r'^[> ]\s+\d+\.\s+(.*?)\s+\[([^\]]+)\]\s*(.*)$', menu, re.M)}
    out = [Check('refused_boot_arg',
                 re.search(r'boot: linux-x64-trunc: not booting, bad image', before) is not None
                 and 'handoff ' not in before,
                 'boot=linux-x64-trunc was not refused before any handoff')]
    for title, (_eid, _path, why) in BROKEN.items():
        st, reason = rows.get(title, (None, ''))
        out.append(Check('menu_' + _eid, st == 'bad image' and why in reason,
                         '%s: [%s] %r, want [bad image] with %r' % (title, st, reason, why)))
    out.append(Check('menu_other_arch_hidden', 'Debian Linux (aarch64)' not in rows,
                     'the aa64 entry is shown: %r' % sorted(rows)))
    return out


def check(log, res):
    want = STATE['x86_64']
    got = harness.parse(log)
    out = res.run_failures() + menu_checks(res.data)
    out.append(Check('marker', got['seen'] and got.get('arch') == 'x86_64',
                     'no "%s arch=x86_64" line from the kernel\'s /init' % harness.MARKER))
    out.append(Check('cmdline', got.get('cmdline') == want['options'],
                     '/proc/cmdline %r, entry options %r' % (got.get('cmdline'),
                                                            want['options'])))
    out.append(Check('sha256', got.get('sha256') == want['sha256'],
                     'kernel %s, host %s' % (got.get('sha256'), want['sha256'])))
    out.append(Check('efi', (got.get('efi') or '').startswith('yes'),
                     'kernel sees no EFI (/sys/firmware/efi): efi=%r' % got.get('efi')))
    out += var_checks(got)
    m = re.search(r'linux: bzImage protocol \S+, kernel \d+ bytes at (0x[0-9a-f]+)', log)
    load = int(m.group(1), 16) if m else None
    out.append(Check('load_address', load is not None and
                     (load == STATE['pref_address'] or load % STATE['kernel_alignment'] == 0),
                     'kernel at %s, pref_address %#x, alignment %#x'
                     % (hex(load) if load is not None else None, STATE['pref_address'],
                        STATE['kernel_alignment'])))
    out.append(Check('timeline', 'boot timeline:' in log, 'no timeline before the handoff'))
    out.append(Check('poweroff', got['done'] and res.exit_code == 0,
                     'kernel did not power off cleanly (QEMU exit %s)' % res.exit_code))
    return out

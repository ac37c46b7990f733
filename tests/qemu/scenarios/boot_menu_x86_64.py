# SPDX-License-Identifier: MIT
"""
Boot menu on x86_64 (OVMF): an ISO made with xorriso (tests/payload/
mkdemoiso.py) holds BLS entries for the demo payloads of both arches plus a
missing kernel, a malformed entry and a non-ELF `elf` file. The runner
stops the countdown with an arrow key, checks each entry's status in the
menu, moves with ESC [ A / digits, tries to boot the bad entries (refused,
back to the menu), then edits the demo entry's options with `e` and boots
it. Checked: what the payload printed over the UART itself (hello and the
edited command line), and its isa-debug-exit status (QEMU exit code 33),
the other arch's entry hidden, the timeline printed before handoff.
"""
import os
import re
import subprocess

from vmrunner import ROOT, Check

SCENARIO = dict(
    name='boot_menu_x86_64',
    arch='x86_64',
    cmdline='',
    timeout=60,
    description='BLS entries on an ISO: serial menu, statuses, e-edit, ELF demo payload boots',
)

EDIT = ' edited=yes'
OPTIONS = 'demo=1 console=serial'
DEMO_EXIT = {'x86_64': 33, 'aarch64': 0}  # payload's isa-debug-exit 0x10 / PSCI SYSTEM_OFF


def prepare_common(ctx):
    subprocess.run(['make', '-s', '-f', 'mk/payload.mk', 'all'], cwd=ROOT, check=True)
    iso = os.path.abspath(os.path.join(ctx.workdir, 'boot.iso'))
    subprocess.run(['python3', 'tests/payload/mkdemoiso.py', iso, 'build/payload/demo-x64.elf',
                    'build/payload/demo-aa64.elf', '--timeout', '20', '--broken'],
                   cwd=ROOT, check=True)
    ctx.extra_args += ['-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
                       '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on']


def prepare(ctx):
    prepare_common(ctx)


def _wait(vm, pattern, start=0):
    """Wait for regex (str) past offset start; the match in the serial text."""
    if vm.serial.wait_for(pattern, vm.time_left(), start) is None:
        raise RuntimeError('timed out waiting for %r' % pattern)
    return re.compile(pattern, re.S).search(vm.serial.text(), start)


def _menu_after(vm, start):
    """The next full menu drawn after log offset start: its text and the end offset."""
    m = _wait(vm, r'vmplat boot menu \([^\n]*\n([\s\S]*?)Up/Down', start)
    return m.group(1), m.end()


def interact_common(vm):
    d = {}
    _wait(vm, r'booting [^\n]* in \d+ s')
    pos = len(vm.serial.text())
    vm.serial.write('\x1b[A')  # any key stops the countdown; Up moves to entry 1
    d['menu_up'], pos = _menu_after(vm, pos)
    vm.serial.write('\r')      # Enter on "Missing kernel": refused
    d['refused_missing'] = _wait(vm, r'boot: (\S+): not booting, ([^:\n]+):', pos).groups()
    _, pos = _menu_after(vm, pos)
    vm.serial.write('3')       # digit selects "Broken entry"
    d['menu_3'], pos = _menu_after(vm, pos)
    vm.serial.write('\r')
    d['refused_broken'] = _wait(vm, r'boot: (\S+): not booting, ([^:\n]+):', pos).groups()
    _, pos = _menu_after(vm, pos)
    vm.serial.write('\x1b[A')  # Up to the demo entry
    d['menu_demo'], pos = _menu_after(vm, pos)
    vm.serial.write('e')
    _wait(vm, r'options: ' + re.escape(OPTIONS), pos)
    vm.serial.write(EDIT + '\r', char_delay=0.01)
    return d


def interact(vm):
    return interact_common(vm)


def _selected(menu):
    m = re.search(r'^>\s+\d+\.\s+(.*?)\s+\[', menu, re.M)
    return m.group(1) if m else None


def check_common(log, result, arch):
    d = result.data
    menu = d.get('menu_up', '')
    status = dict(re.findall(r'^[> ]\s+\d+\.\s+(.*?)\s+\[([^\]]+)\]', menu, re.M))
    own = 'vmplat demo payload (%s)' % arch
    other = 'vmplat demo payload (%s)' % ('aarch64' if arch == 'x86_64' else 'x86_64')
    said = re.search(r'vmplat demo payload: cmdline "([^"]*)"', log)
    handoff = log.find('  handoff ')
    hello = log.find('vmplat demo payload: hello')
    return [
        Check('statuses', status == {'Missing kernel': 'missing file', own: 'ready',
                                     'Broken entry': 'bad entry', 'Not an ELF file': 'bad image'},
              'menu statuses %r' % status),
        Check('bad_reasons', 'broken.conf:4: value missing' in menu and
              'garbage.bin: ELF: bad magic' in menu and 'vmlinuz-nope: no such file' in menu,
              'reasons missing from menu %r' % menu[-600:]),
        Check('other_arch_hidden', other not in log, '%s shown' % other),
        Check('arrow_up', _selected(menu) == 'Missing kernel', 'selected %r' % _selected(menu)),
        Check('digit', _selected(d.get('menu_3', '')) == 'Broken entry',
              'selected %r' % _selected(d.get('menu_3', ''))),
        Check('refused', d.get('refused_missing') == ('missing', 'missing file') and
              d.get('refused_broken') == ('broken', 'bad entry'),
              'refusals %r %r' % (d.get('refused_missing'), d.get('refused_broken'))),
        Check('payload_ran', hello > 0, 'no hello from the payload'),
        Check('edited_cmdline', said is not None and said.group(1) == OPTIONS + EDIT,
              'payload got %r' % (said.group(1) if said else None)),
        Check('timeline_before_handoff', 0 < handoff < hello, 'timeline handoff line missing'),
        Check('payload_exit', result.exit_code == DEMO_EXIT[arch] and result.status is None,
              'QEMU exit %s, vmplat status %s' % (result.exit_code, result.status)),
    ]


def check(log, result):
    return check_common(log, result, 'x86_64')

# SPDX-License-Identifier: MIT
"""
Boot options on x86_64 (OVMF), the interactive ones: an xorriso ISO holds
the demo payload entries of both arches and `huge`, whose initrd (a sparse
file larger than all of the guest's RAM) cannot fit; loader.conf says
menu-force. The runner selects `huge` with a digit and presses Enter: the
boot is refused with both sizes (initrd bytes as the ISO holds them, free
memory below them), the menu comes back with the entry marked bad image.
`q` leaves for the shell, where `boot list -a` must show the aarch64 entry
(hidden from the menu) as wrong architecture, and `boot edit 1 <options>`
boots the demo payload, which prints the command line it received over the
UART itself and ends QEMU with its own isa-debug-exit status.

The helpers here (make_iso, wait, menu_after) serve the other boot_opts_*
scenarios too.
"""
import os
import re
import subprocess

from vmrunner import ROOT, SHELL_PROMPT, Check, shell_command

SCENARIO = dict(
    name='boot_opts_x86_64',
    arch='x86_64',
    cmdline='',
    mem=512,
    timeout=90,
    description='initrd larger than memory refused and marked, boot list -a, boot edit',
)

HUGE = 600 << 20  # more than the 512 MiB of RAM the guest has
EDITED = 'edited=yes from=boot-edit'
PAYLOAD = {'x86_64': 'build/payload/demo-x64.elf', 'aarch64': 'build/payload/demo-aa64.elf'}
DEMO_EXIT = {'x86_64': 33, 'aarch64': 0}  # isa-debug-exit 0x10 / PSCI SYSTEM_OFF


def demo_entry(title, arch, sort_key, options, extra=''):
    bls = {'x86_64': 'x64', 'aarch64': 'aa64'}[arch]
    return ('title %s\nsort-key %s\nelf /demo/%s\noptions %s\narchitecture %s\n%s'
            % (title, sort_key, os.path.basename(PAYLOAD[arch]), options, bls, extra))


def make_iso(ctx, entries, conf, files=None, sparse=None):
    """An ISO (Rock Ridge + Joliet) attached as virtio-blk: /loader/entries/<id>.conf
    from entries, /loader/loader.conf, both demo payloads in /demo, files
    {path: bytes} and sparse {path: size} (zeros, holes dug in the image)."""
    subprocess.run(['make', '-s', '-f', 'mk/payload.mk', 'all'], cwd=ROOT, check=True)
    tree = os.path.abspath(os.path.join(ctx.workdir, 'tree'))
    os.makedirs(os.path.join(tree, 'loader', 'entries'))
    os.makedirs(os.path.join(tree, 'demo'))
    for p in PAYLOAD.values():
        with open(os.path.join(ROOT, p), 'rb') as src, \
                open(os.path.join(tree, 'demo', os.path.basename(p)), 'wb') as dst:
            dst.write(src.read())
    with open(os.path.join(tree, 'loader', 'loader.conf'), 'w') as f:
        f.write(conf)
    for name, text in entries.items():
        with open(os.path.join(tree, 'loader', 'entries', name + '.conf'), 'w') as f:
            f.write(text)
    for path, data in (files or {}).items():
        with open(tree + path, 'wb') as f:
            f.write(data)
    for path, size in (sparse or {}).items():
        with open(tree + path, 'wb') as f:
            f.truncate(size)
    iso = os.path.abspath(os.path.join(ctx.workdir, 'boot.iso'))
    subprocess.run(['xorriso', '-as', 'mkisofs', '-quiet', '-R', '-J', '-V', 'BOOT_OPTS',
                    '-o', iso, tree], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    subprocess.run(['rm', '-rf', tree], check=True)
    if sparse:
        subprocess.run(['fallocate', '--dig-holes', iso], check=False)
    ctx.extra_args += ['-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
                       '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on']
    return iso


def wait(vm, pattern, start=0):
    """Wait for regex pattern past offset start; the match in the serial text."""
    if vm.serial.wait_for(pattern, vm.time_left(), start) is None:
        raise RuntimeError('timed out waiting for %r' % pattern)
    return re.compile(pattern, re.S).search(vm.serial.text(), start)


def menu_after(vm, start):
    """The next full menu drawn after offset start: its entry lines and its end."""
    m = wait(vm, r'vmplat boot menu \([^\n]*\n([\s\S]*?)Up/Down', start)
    return m.group(1), m.end()


def payload_cmdline(log):
    m = re.search(r'vmplat demo payload: cmdline "([^"]*)"', log)
    return m.group(1) if m else None


def prepare(ctx):
    entries = {
        'demo-x64': demo_entry('demo x64', 'x86_64', 'a', 'demo=1'),
        'demo-aa64': demo_entry('demo aa64', 'aarch64', 'b', 'demo=1'),
        'huge': demo_entry('Huge initrd', 'x86_64', 'c', 'huge=1', 'initrd /demo/huge.img\n'),
    }
    make_iso(ctx, entries, 'default demo-x64\ntimeout menu-force\n',
             sparse={'/demo/huge.img': HUGE})


def interact(vm):
    d = {}
    _, pos = menu_after(vm, 0)
    d['first_menu'] = vm.serial.text()[:pos]
    vm.serial.write('2')  # the huge entry (the aarch64 one is hidden, not numbered)
    d['menu_2'], pos = menu_after(vm, pos)
    vm.serial.write('\r')
    m = wait(vm, r'boot: (\S+): not booting, ([^:\n]+): initrd (\d+) bytes, larger than free '
             r'memory \((\d+) bytes\)', pos)
    d['refused'] = m.groups()
    d['menu_after'], pos = menu_after(vm, m.end())
    vm.serial.write('q')
    if vm.serial.wait_for(SHELL_PROMPT, vm.time_left(), pos) is None:
        raise RuntimeError('no shell prompt after q')
    d['list_a'] = shell_command(vm, 'boot list -a')
    d['list'] = shell_command(vm, 'boot list')
    vm.serial.write('boot edit 1 %s\r' % EDITED, char_delay=0.001)
    return d


def _status(menu, title):
    m = re.search(r'^[> ]\s+\d+\.\s+%s\s+\[([^\]]+)\]([^\n]*)' % re.escape(title), menu, re.M)
    return (m.group(1), m.group(2).strip()) if m else None


def check(log, result):
    d = result.data
    refused = d.get('refused') or ('', '', '0', '0')
    after = _status(d.get('menu_after', ''), 'Huge initrd') or ('', '')
    list_a, plain = d.get('list_a') or '', d.get('list') or ''
    hidden = re.search(r'^\s+-\.\s+demo-aa64\s+wrong architecture\s+demo aa64: architecture '
                       r'aa64, this machine is x64', list_a, re.M)
    hello = log.find('vmplat demo payload: hello')
    first = _status(d.get('first_menu', ''), 'Huge initrd') or ('', '')
    return [
        Check('menu_marks_huge', first[0] == 'bad image', 'first menu: %r' % (first,)),
        Check('digit_selects_huge', re.search(r'^>\s+2\.\s+Huge initrd', d.get('menu_2', ''), re.M),
              'menu after 2: %r' % d.get('menu_2')),
        Check('huge_refused', refused[0] == 'huge' and refused[1] == 'bad image' and
              int(refused[2]) == HUGE and 0 < int(refused[3]) < HUGE,
              'refusal %r (want initrd %d bytes, free below it)' % (refused, HUGE)),
        Check('huge_marked_bad', after[0] == 'bad image' and
              ('initrd %d bytes, larger than free memory' % HUGE) in after[1],
              'menu after refusal: %r' % (after,)),
        Check('no_load_attempt', '/demo/huge.img [' not in log, 'huge initrd was being read'),
        Check('list_a_other_arch', hidden is not None, 'boot list -a: %r' % list_a),
        Check('list_hides_other_arch', 'demo-aa64' not in plain and 'demo-x64' in plain,
              'boot list: %r' % plain),
        Check('payload_ran', hello > 0, 'no hello from the payload'),
        Check('edited_cmdline', payload_cmdline(log) == EDITED,
              'payload got %r' % payload_cmdline(log)),
        Check('payload_exit', result.exit_code == DEMO_EXIT['x86_64'] and result.status is None,
              'QEMU exit %s, vmplat status %s' % (result.exit_code, result.status)),
    ]

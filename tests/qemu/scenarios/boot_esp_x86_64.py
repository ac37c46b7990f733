# SPDX-License-Identifier: MIT
"""
BLS entries on the ESP (x86_64, OVMF). The ESP QEMU gives OVMF (a vvfat
directory holding EFI/BOOT/BOOTX64.EFI) also holds /loader/entries with
demo-esp.conf and demo-x64.conf (the same id as an entry of the ISO),
/loader/loader.conf and the x86_64 demo payload; a virtio-blk ISO holds its
own demo-x64 entry and a loader.conf that says menu-force. vmplat reads the
ESP files before ExitBootServices (arch/x86_64/efi_esp.c) and merges them
into the menu with source "esp".

Checked: the bytes vmplat says it read before ExitBootServices equal the
sizes of the files put on the ESP; the menu lists the ESP entries and the
ISO's, the two demo-x64 told apart by source, all ready; the ESP's
loader.conf wins (its default, demo-esp, boots after its 1 s countdown: with
the ISO's menu-force nothing would boot); the demo payload ran with the ESP
entry's options (printed over the UART by the payload itself) and ended
QEMU with its isa-debug-exit status; the boot timeline before the handoff
has every stage in order.
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot_opts_x86_64 as common  # noqa: E402
import vmrunner  # noqa: E402
from vmrunner import ROOT, Check  # noqa: E402

SCENARIO = dict(
    name='boot_esp_x86_64',
    arch='x86_64',
    cmdline='',
    mem=512,
    timeout=60,
    description='BLS entries and payload on the ESP, read before ExitBootServices, merged menu',
)

ESP_OPTIONS = 'esp=yes from=esp-entry'
PAYLOAD = common.PAYLOAD['x86_64']


def esp_files():
    """{ESP path: bytes} for the ESP besides EFI/BOOT/BOOTX64.EFI."""
    with open(os.path.join(ROOT, PAYLOAD), 'rb') as f:
        payload = f.read()
    return {
        'loader/entries/demo-esp.conf':
            common.demo_entry('demo ESP', 'x86_64', 'a', ESP_OPTIONS).encode(),
        'loader/entries/demo-x64.conf':
            common.demo_entry('demo x64', 'x86_64', 'b', 'copy=esp').encode(),
        'loader/loader.conf': b'default demo-esp\ntimeout 1\n',
        'demo/' + os.path.basename(PAYLOAD): payload,
    }


def prepare(ctx):
    entries = {'demo-x64': common.demo_entry('demo x64', 'x86_64', 'b', 'copy=iso')}
    common.make_iso(ctx, entries, 'default demo-x64\ntimeout menu-force\n')
    ctx.esp_files = esp_files()


def _menu_status(menu, label):
    m = re.search(r'^[> ]\s+\d+\.\s+%s\s+\[([^\]]+)\]' % re.escape(label), menu, re.M)
    return m.group(1) if m else None


def _timeline(log):
    m = re.search(r'boot timeline:\n((?:  \S[^\n]*\n)+)', log.replace('\r', ''))
    if not m:
        return None
    return [(n.strip(), float(t)) for n, t in
            re.findall(r'^  (.+?)\s+(\d+\.\d+) s  \(\+', m.group(1), re.M)]


def check(log, result):
    want_bytes = sum(len(b) for b in esp_files().values())
    read = re.search(r'boot: esp: (\d+) files, (\d+) bytes read before ExitBootServices', log)
    menu = re.search(r'vmplat boot menu \(([^)\n]*)\)\n([\s\S]*?)Up/Down', log.replace('\r', ''))
    lines = menu.group(2) if menu else ''
    statuses = {label: _menu_status(lines, label) for label in
                ('demo ESP (esp)', 'demo x64 (esp)', 'demo x64 (vblk0)')}
    chosen = re.search(r'boot: (\S+) \(([^)]*)\) from (\S+) with the (\S+) loader', log)
    tl = _timeline(log) or []
    names = [n for n, _ in tl]
    times = [t for _, t in tl]
    hello = log.find('vmplat demo payload: hello')
    return [
        Check('esp_read_before_ebs', read is not None and int(read.group(1)) == len(esp_files())
              and int(read.group(2)) == want_bytes and
              log.find(read.group(0)) < log.find('exiting boot services'),
              'esp read line %r, want %d files and %d bytes before ExitBootServices'
              % (read and read.group(0), len(esp_files()), want_bytes)),
        Check('menu_sources', menu is not None and menu.group(1) == 'vblk0+esp',
              'menu header %r' % (menu and menu.group(1))),
        Check('menu_entries_ready', all(s == 'ready' for s in statuses.values()),
              'statuses %r in menu %r' % (statuses, lines)),
        Check('esp_loader_conf_default', chosen is not None and
              chosen.groups() == ('demo-esp', 'demo ESP', 'esp', 'elf'),
              'boot line %r' % (chosen and chosen.group(0))),
        Check('payload_ran', hello > 0, 'no hello from the payload'),
        Check('payload_cmdline', common.payload_cmdline(log) == ESP_OPTIONS,
              'payload got %r, want %r' % (common.payload_cmdline(log), ESP_OPTIONS)),
        Check('payload_exit', result.exit_code == common.DEMO_EXIT['x86_64'] and
              result.status is None,
              'QEMU exit %s, vmplat status %s' % (result.exit_code, result.status)),
        Check('timeline_order', names[:1] == ['firmware entry'] and 'handoff' in names and
              'devices ready' in names and times == sorted(times) and times[0] == 0.0 and
              0 < log.find('boot timeline:') < hello,
              'timeline %r' % tl),
    ]

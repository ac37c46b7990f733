# SPDX-License-Identifier: MIT
"""
Shared by the gpu_<arch> scenarios (not a scenario: the runner skips '_').

Flow (interact): boot to the shell with a DISPI display (bochs-display or
VGA, id gpu0); QMP screendump of the boot splash; `gpu`, `gpu modes`,
`gpu pattern`, screendump; `selftest gpu`; `gpu mode 800x600x32`,
screendump; poweroff. Screens are PPM (QMP screendump) read here and kept
as PNG in build/test-logs/ for a person to look at.

Checks: what QEMU displays, not what the firmware printed: the screen size
is the mode set; each colour bar's centre has its colour (the bar layout of
drivers/gpu/gpu_screen.c: GPU_PATTERN_BARS equal columns over the top half);
the text band below the bars and the console rows hold drawn text (some, not
all, pixels differ from the background); the splash has its blue title band
with text in it; the firmware's gpu self-tests pass; poweroff gives status 0.
"""
import os
import re
import struct
import zlib

import vmrunner
from vmrunner import Check

# drivers/gpu/gpu_screen.c gpu_pattern_colors: white, yellow, cyan, green, magenta, red, blue, grey.
BARS = [0xffffff, 0xffff00, 0x00ffff, 0x00ff00, 0xff00ff, 0xff0000, 0x0000ff, 0x808080]
SPLASH_BLUE = (0x10, 0x30, 0x70)
PATTERN_RE = re.compile(r'gpu: pattern (\d+)x(\d+)x(\d+): (\d+) bars in rows 0-(\d+), '
                        r'text in rows (\d+)-(\d+), console from row (\d+)')
STATE = {}


# ---- images ----
def read_ppm(path):
    """(width, height, rgb bytes) of a binary PPM (P6, maxval 255)."""
    with open(path, 'rb') as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        m = re.compile(rb'\s*(#[^\n]*\n\s*)*(\S+)').match(data, pos)
        if not m:
            raise ValueError('%s: bad PPM header' % path)
        fields.append(m.group(2))
        pos = m.end()
    if fields[0] != b'P6' or int(fields[3]) != 255:
        raise ValueError('%s: not a P6/255 PPM' % path)
    w, h = int(fields[1]), int(fields[2])
    pix = data[pos + 1:pos + 1 + w * h * 3]
    if len(pix) != w * h * 3:
        raise ValueError('%s: %d pixel bytes, want %d' % (path, len(pix), w * h * 3))
    return w, h, pix


def write_png(path, w, h, rgb):
    """A minimal truecolour PNG (ISO/IEC 15948: IHDR, one IDAT, IEND; filter 0)."""
    def chunk(kind, body):
        return (struct.pack('>I', len(body)) + kind + body
                + struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff))
    raw = b''.join(b'\0' + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))
    png = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
           + chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b''))
    with open(path, 'wb') as f:
        f.write(png)


def pixel(img, x, y):
    w, _h, pix = img
    o = (y * w + x) * 3
    return tuple(pix[o:o + 3])


def count_not(img, y0, y1, bg=(0, 0, 0)):
    """Pixels in rows [y0, y1) that differ from bg, and the total."""
    w, _h, pix = img
    bgb = bytes(bg)
    n = 0
    for y in range(y0, y1):
        row = pix[y * w * 3:(y + 1) * w * 3]
        n += sum(1 for x in range(0, w * 3, 3) if row[x:x + 3] != bgb)
    return n, (y1 - y0) * w


def screendump(vm, st, key):
    """QMP screendump of gpu0 as PPM, kept as PNG in build/test-logs/."""
    name = vm.scenario['name']
    ppm = os.path.join(vmrunner.RUN_DIR, name, key + '.ppm')
    vm.qmp.execute('screendump', filename=os.path.abspath(ppm), device='gpu0')
    img = read_ppm(ppm)
    png = os.path.join(vmrunner.LOG_DIR, '%s-%s.png' % (name, key))
    write_png(png, *img)
    st[key] = img
    st.setdefault('pngs', []).append(png)


# ---- flow ----
def shell(vm, command, timeout=30):
    """Type a line; return its output: after the echoed line's newline, up to the
    next prompt (the shell redraws 'vmplat> ...' while a line is typed)."""
    s = vm.serial
    start = len(s.data)
    s.write(command + '\r', char_delay=0.001)
    pos = s.wait_for(r'\n', min(timeout, vm.time_left()), start)
    end = pos and s.wait_for(vmrunner.SHELL_PROMPT, min(timeout, vm.time_left()), pos)
    if end is None:
        raise RuntimeError('no prompt after %r' % command)
    out = bytes(s.data[pos:end]).decode('utf-8', 'replace').replace('\r', '')
    return out[:-len(vmrunner.SHELL_PROMPT)]


def interact(vm):
    st = STATE.setdefault(vm.scenario['name'], {})
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    screendump(vm, st, 'splash')
    for key, cmd in (('list', 'gpu'), ('edid', 'gpu edid'), ('modes', 'gpu modes'), ('pattern_out', 'gpu pattern')):
        st[key] = shell(vm, cmd)
    screendump(vm, st, 'pattern')
    st['selftest'] = shell(vm, 'selftest gpu')
    st['mode'] = shell(vm, 'gpu mode 800x600x32')
    screendump(vm, st, 'mode800')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return {}


def check_splash(img):
    w, h, _ = img
    out = [Check('splash_size', (w, h) == (1024, 768), 'splash screen %dx%d' % (w, h))]
    # The title band: blue, with "vmplat" drawn in it (white pixels).
    blue = pixel(img, w - 4, 4) == SPLASH_BLUE
    drawn, total = count_not(img, 0, 64, SPLASH_BLUE)
    out.append(Check('splash_title', blue and 200 < drawn < total // 2,
                     'corner %s, %d of %d title pixels drawn' % (pixel(img, w - 4, 4), drawn, total)))
    drawn, total = count_not(img, 72, h)
    out.append(Check('splash_console_text', 500 < drawn < total // 2,
                     '%d of %d pixels below the title drawn' % (drawn, total)))
    return out


def check_pattern(img, text):
    m = PATTERN_RE.search(text)
    if not m:
        return [Check('pattern', False, 'no geometry line: %r' % text[-300:])]
    mw, mh, _bpp, nbars, last_bar, t0, t1, con0 = (int(x) for x in m.groups())
    w, h, _ = img
    out = [Check('pattern_screen_size', (w, h) == (mw, mh) and nbars == len(BARS),
                 'screen %dx%d, mode %dx%d, %d bars' % (w, h, mw, mh, nbars))]
    bad = []
    for i, want in enumerate(BARS):
        x = (w * i // nbars + w * (i + 1) // nbars) // 2
        for y in (last_bar // 4, last_bar // 2, last_bar - 2):
            got = pixel(img, x, y)
            if got != ((want >> 16) & 0xff, (want >> 8) & 0xff, want & 0xff):
                bad.append('bar %d at (%d,%d) is %02x%02x%02x, want %06x' % ((i, x, y) + got + (want,)))
    out.append(Check('pattern_colour_bars', not bad, '; '.join(bad[:4])))
    drawn, total = count_not(img, t0, t1 + 1)
    out.append(Check('pattern_text_drawn', 300 < drawn < total // 2,
                     '%d of %d text-band pixels drawn' % (drawn, total)))
    drawn, total = count_not(img, con0, h)
    out.append(Check('pattern_console_mirrored', 50 < drawn < total // 2,
                     '%d of %d console pixels drawn' % (drawn, total)))
    return out


def check(name, log, result):
    out = result.run_failures()
    st = STATE.get(name, {})
    if out or 'pattern' not in st:
        return out or [Check('interact', False, 'no state from the run')]
    out += check_splash(st['splash'])
    out.append(Check('gpu_list', re.search(r'gpu0 \S+ 1234:1111 .*\(console\)', st['list']),
                     st['list'][-300:]))
    if name.endswith('x86_64'):  # OVMF's GOP is on the same device: the native driver wins
        gop = re.search(r'display: gop .*', log)
        out.append(Check('dispi_over_gop', gop and 'not used: native DISPI display 1234:1111' in gop.group(0),
                         gop.group(0) if gop else 'no "display: gop" line'))
    edid = bytes(int(x, 16) for x in re.findall(r'\b[0-9a-f]{2}\b', st['edid']))
    out.append(Check('edid_bytes', len(edid) == 128 and edid[:8] == bytes.fromhex('00ffffffffffff00')
                     and sum(edid) % 256 == 0, 'gpu edid gave %d bytes: %s' % (len(edid), edid[:16].hex())))
    nmodes = re.search(r'gpu: (\d+) modes', st['modes'])
    out.append(Check('gpu_modes', nmodes and int(nmodes.group(1)) >= 3 and '1024x768' in st['modes'],
                     st['modes'][-300:]))
    out += check_pattern(st['pattern'], st['pattern_out'])
    w, h, _ = st['mode800']
    out.append(Check('mode_800x600_shown', (w, h) == (800, 600) and 'pitch 3200' in st['mode'],
                     'screen %dx%d after gpu mode 800x600x32: %r' % (w, h, st['mode'][-200:])))
    tests = [t for t in result.selftests if t[2].startswith('gpu_')]
    out += [Check(n, ok, why) for ok, _num, n, why in tests]
    if len(tests) < 5:
        out.append(Check('gpu_selftests', False, 'only %d gpu self-test lines' % len(tests)))
    out.append(Check('poweroff', result.status == 0, 'exit status %s' % result.status))
    return out

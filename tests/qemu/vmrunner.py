# SPDX-License-Identifier: MIT
"""
QEMU scenario machinery for vmplat (python3 stdlib only).

A scenario is a module in tests/qemu/scenarios/ holding

    SCENARIO = dict(name=..., arch='x86_64' | 'aarch64', ...)   # keys: see DEFAULTS

and optionally these functions, called in this order:

    prepare(ctx)          make input files before QEMU starts (ctx: Context)
    interact(vm)          drive the running VM (vm: Machine: serial + QMP);
                          what it returns (a dict) is result.data for check()
    check(log, result)    judge the run: return a list of Check; without it
                          result.standard_checks() decides

Results are TAP-like lines: "ok <scenario>/<test>" or
"not ok <scenario>/<test>: reason".
"""
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import json

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BUILD = 'build'
LOG_DIR = os.path.join(BUILD, 'test-logs')
RUN_DIR = os.path.join(BUILD, 'qemu-run')

OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd'
OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd'
UBOOT_ARM64 = '/usr/lib/u-boot/qemu_arm64/u-boot.bin'

# The images under test; VMPLAT_IMAGE_X86_64 / VMPLAT_IMAGE_AARCH64 override them.
IMAGES = {
    'x86_64': os.environ.get('VMPLAT_IMAGE_X86_64', os.path.join(BUILD, 'x86_64', 'vmplat.efi')),
    'aarch64': os.environ.get('VMPLAT_IMAGE_AARCH64',
                              os.path.join(BUILD, 'aarch64', 'vmplat.bin')),
}
QEMU = {'x86_64': 'qemu-system-x86_64', 'aarch64': 'qemu-system-aarch64'}

# Every key a SCENARIO may set, with its default.
DEFAULTS = dict(
    name=None,            # unique, also the log file name
    arch=None,            # 'x86_64' or 'aarch64'
    machine=None,         # -machine value; per-arch default below
    cpu=None,             # -cpu value (aarch64 default cortex-a72)
    smp=4,
    mem=512,              # MiB
    cmdline='',           # firmware command line (fw_cfg on x86_64, -append on aarch64)
    timeout=60,           # seconds of wall clock before QEMU is killed
    boot='direct',        # 'direct' (OVMF ESP / -kernel) or 'uboot' (aarch64 via U-Boot booti)
    dtb=None,             # aarch64 -dtb path (prepare() may set ctx.dtb instead)
    extra_args=[],        # more QEMU arguments
    description='',
)

MACHINE_DEFAULT = {
    'x86_64': 'q35',
    'aarch64': 'virt,gic-version=3,virtualization=on',
}

# The firmware's result protocol (include/vmplat/selftest.h, power.h).
TAP_RE = re.compile(r'^\s*(not ok|ok)\s+(\d+)\s+-\s+([^\s:]+)(?::\s*(.*))?')
STATUS_RE = re.compile(r'vmplat: exit status (-?\d+)')


class Check:
    """One result line: ok <scenario>/<name> or not ok <scenario>/<name>: reason."""

    def __init__(self, name, ok, reason=''):
        self.name, self.ok, self.reason = name, bool(ok), reason

    def line(self, scenario):
        if self.ok:
            return 'ok %s/%s' % (scenario, self.name)
        reason = ' | '.join(l.strip() for l in (self.reason or 'failed').splitlines() if l.strip())
        return 'not ok %s/%s: %s' % (scenario, self.name, reason)


class Result:
    """What a run produced: the serial log, QEMU's exit, the parsed lines."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.log = ''
        self.exit_code = None      # QEMU's exit code, None when killed
        self.timed_out = False
        self.error = None          # runner-side failure (QEMU did not start, ...)
        self.duration = 0.0
        self.selftests = []        # (ok, number, name, reason)
        self.status = None         # from the final "vmplat: exit status N" line
        self.data = {}             # what interact() returned, for check()

    def parse(self):
        for line in self.log.splitlines():
            line = line.replace('\r', '')
            m = TAP_RE.match(line)
            if m:
                self.selftests.append((m.group(1) == 'ok', int(m.group(2)), m.group(3),
                                       (m.group(4) or '').strip()))
            m = STATUS_RE.search(line)
            if m:
                self.status = int(m.group(1))

    def debug_exit_status(self):
        """x86_64 isa-debug-exit: QEMU exits with (status << 1) | 1."""
        if self.scenario['arch'] == 'x86_64' and self.exit_code and self.exit_code & 1:
            return self.exit_code >> 1
        return None

    def ended_cleanly(self):
        """The VM powered itself off (no timeout, no runner error)."""
        return not self.timed_out and self.error is None and self.exit_code is not None

    def run_failures(self):
        """Failures that make a run's self-test lines meaningless or incomplete."""
        out = []
        if self.error:
            out.append(Check('run', False, self.error))
        if self.timed_out:
            out.append(Check('timeout', False, 'timeout after %ds (log %s)'
                             % (self.scenario['timeout'], self.scenario['log'])))
        return out

    def selftest_checks(self):
        return [Check(name, ok, reason) for ok, _num, name, reason in self.selftests]

    def standard_checks(self):
        """Each self-test line is a result; then the end of the run is judged.
        A run that timed out or failed to start reports that once, plus any
        self-test lines it printed before."""
        out = self.run_failures() + self.selftest_checks()
        if self.timed_out or self.error:
            return out
        if not self.selftests:
            out.append(Check('selftests', False, 'no selftest lines in the log'))
        if self.status is None:
            out.append(Check('status', False, 'no "vmplat: exit status" line (QEMU exit code %s)'
                             % self.exit_code))
        elif self.status != 0 and all(ok for ok, *_ in self.selftests):
            # failed self-tests already explain a nonzero status; otherwise say it here
            out.append(Check('status', False, 'exit status %d' % self.status))
        dbg = self.debug_exit_status()
        if dbg is not None and self.status is not None and dbg != self.status:
            out.append(Check('exit_code', False, 'isa-debug-exit status %d, log says %d'
                             % (dbg, self.status)))
        return out


class Context:
    """Paths a scenario's prepare() may use or set."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.name = scenario['name']
        self.workdir = os.path.join(RUN_DIR, self.name)
        self.dtb = scenario.get('dtb')
        self.extra_args = list(scenario.get('extra_args') or [])
        self.esp_files = {}  # x86_64: {path on the ESP: bytes} added next to BOOTX64.EFI

    def run(self, argv, **kw):
        """Run a helper command (e.g. QEMU dumpdtb); raise on failure."""
        p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=60, **kw)
        if p.returncode:
            raise RuntimeError('%s failed (%d): %s' % (argv[0], p.returncode,
                                                      (p.stderr or p.stdout).strip()))
        return p


class QMP:
    """A tiny QMP client over a unix socket (QEMU docs/interop/qmp-spec)."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b''
        self.events = []
        self.greeting = self._recv()
        self.execute('qmp_capabilities')

    def _recv(self):
        while b'\n' not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError('QMP connection closed')
            self.buf += data
        line, self.buf = self.buf.split(b'\n', 1)
        return json.loads(line)

    def execute(self, cmd, **args):
        msg = {'execute': cmd}
        if args:
            msg['arguments'] = args
        self.sock.sendall(json.dumps(msg).encode() + b'\n')
        while True:
            r = self._recv()
            if 'event' in r:
                self.events.append(r)
                continue
            if 'error' in r:
                raise RuntimeError('QMP %s: %s' % (cmd, r['error'].get('desc', r['error'])))
            return r.get('return')

    def hmp(self, command):
        return self.execute('human-monitor-command', **{'command-line': command})

    def screendump(self, filename):
        return self.execute('screendump', filename=os.path.abspath(filename))

    def device_add(self, driver, **props):
        return self.execute('device_add', driver=driver, **props)

    def device_del(self, dev_id):
        return self.execute('device_del', id=dev_id)

    def quit(self):
        try:
            self.execute('quit')
        except (ConnectionError, OSError):
            pass  # QEMU may close the socket before it answers

    def close(self):
        self.sock.close()


class Serial:
    """The VM's serial port over a unix socket: a reader thread logs every byte."""

    def __init__(self, sock, logf, echo=False):
        self.sock, self.logf, self.echo = sock, logf, echo
        self.data = bytearray()
        self.cond = threading.Condition()
        self.closed = False
        self.thread = threading.Thread(target=self._reader, daemon=True)
        self.thread.start()

    def _reader(self):
        while True:
            try:
                chunk = self.sock.recv(4096)
            except OSError:
                chunk = b''
            if not chunk:
                break
            self.logf.write(chunk)
            self.logf.flush()
            if self.echo:
                os.write(1, chunk)
            with self.cond:
                self.data += chunk
                self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def text(self):
        with self.cond:
            return self.data.decode('utf-8', 'replace')

    def wait_for(self, pattern, timeout, start=0):
        """Wait until regex pattern appears in the output past offset start.
        Returns the match end offset, or None on timeout / VM gone."""
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = rx.search(self.data, start)
                if m:
                    return m.end()
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(min(left, 0.5))

    def write(self, text, char_delay=0.0):
        """Type into the console; a delay per character for firmware that polls slowly."""
        data = text.encode()
        if not char_delay:
            self.sock.sendall(data)
            return
        for i in range(len(data)):
            self.sock.sendall(data[i:i + 1])
            time.sleep(char_delay)

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(5)
        self.sock.close()


class Machine:
    """A running QEMU: .serial, .qmp (QMP or None), .deadline, .proc."""

    def __init__(self, argv, scenario, log_path, echo=False):
        self.argv = argv
        self.scenario = scenario
        self.log_path = log_path
        self.echo = echo
        self.proc = self.serial = self.qmp = None
        self.deadline = None

    def start(self, serial_path, qmp_path, timeout):
        listeners = []
        for p in (serial_path, qmp_path):
            if os.path.exists(p):
                os.unlink(p)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(p)
            s.listen(1)
            s.settimeout(0.5)
            listeners.append(s)
        self.stderr = open(self.log_path + '.qemu-stderr', 'w+')
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                                     stdout=self.stderr, stderr=subprocess.STDOUT)
        self.deadline = time.monotonic() + timeout
        socks = []
        try:
            for s in listeners:
                socks.append(self._accept(s))
        finally:
            for s, p in zip(listeners, (serial_path, qmp_path)):
                s.close()
                os.unlink(p)
        self.logf = open(self.log_path, 'wb')
        self.serial = Serial(socks[0], self.logf, self.echo)
        socks[1].settimeout(10)
        self.qmp = QMP(socks[1])
        # QEMU waits with the VM stopped (-S) until both sides are connected:
        # nothing the firmware prints is lost.
        self.qmp.execute('cont')

    def _accept(self, listener):
        while True:
            try:
                conn, _ = listener.accept()
                conn.settimeout(None)
                return conn
            except socket.timeout:
                if self.proc.poll() is not None:
                    raise RuntimeError('QEMU exited (%d) before connecting: %s'
                                       % (self.proc.returncode, self.qemu_stderr()))
                if time.monotonic() > self.deadline:
                    raise RuntimeError('QEMU did not connect its sockets')

    def qemu_stderr(self):
        try:
            self.stderr.seek(0)
            return self.stderr.read().strip()[-2000:]
        except (OSError, ValueError, AttributeError):
            return ''

    def time_left(self):
        return max(0.0, self.deadline - time.monotonic())

    def wait(self):
        """Wait for QEMU to exit by itself until the deadline. True if it did."""
        try:
            self.proc.wait(self.time_left())
            return True
        except subprocess.TimeoutExpired:
            return False

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def close(self):
        self.kill()
        if self.qmp:
            self.qmp.close()
        if self.serial:
            self.serial.close()
            self.logf.close()
        if getattr(self, 'stderr', None):
            self.stderr.close()


def esp_dir(name, image, files=None):
    """A FAT ESP (as a QEMU vvfat directory) holding the image as the default
    loader, plus the scenario's own files ({relative path: bytes})."""
    d = os.path.join(BUILD, 'esp-' + name)
    boot = os.path.join(d, 'EFI', 'BOOT')
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(boot)
    shutil.copyfile(image, os.path.join(boot, 'BOOTX64.EFI'))
    for path, data in (files or {}).items():
        full = os.path.join(d, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'wb') as f:
            f.write(data)
    return d


def qemu_args(sc, ctx, serial, interactive=False):
    """The QEMU command line for a scenario. serial: a list of -serial/-chardev args."""
    arch = sc['arch']
    machine = sc['machine'] or MACHINE_DEFAULT[arch]
    a = [QEMU[arch], '-accel', 'tcg', '-machine', machine, '-smp', str(sc['smp']),
         '-m', str(sc['mem']), '-nographic', '-no-reboot', '-net', 'none']
    if not interactive:
        a += ['-monitor', 'none']
    a += serial
    if arch == 'x86_64':
        vars_copy = os.path.join(ctx.workdir, 'OVMF_VARS_4M.fd')
        shutil.copyfile(OVMF_VARS, vars_copy)
        a += ['-drive', 'if=pflash,format=raw,readonly=on,file=' + OVMF_CODE,
              '-drive', 'if=pflash,format=raw,file=' + vars_copy,
              '-drive', 'format=raw,file=fat:rw:' + esp_dir(sc['name'], IMAGES[arch], ctx.esp_files),
              '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
        if sc['cmdline']:
            # QEMU option syntax: a comma inside a value is written twice.
            a += ['-fw_cfg', 'name=opt/vmplat/cmdline,string=' + sc['cmdline'].replace(',', ',,')]
    else:
        a += ['-cpu', sc['cpu'] or 'cortex-a72']
        if sc['boot'] == 'uboot':
            # U-Boot from flash; the image sits in RAM for "booti" (interact() types it).
            a += ['-bios', UBOOT_ARM64, '-device',
                  'loader,file=%s,addr=0x40400000,force-raw=on' % IMAGES[arch]]
        else:
            a += ['-kernel', IMAGES[arch]]
            if sc['cmdline']:
                a += ['-append', sc['cmdline']]
        if ctx.dtb:
            a += ['-dtb', ctx.dtb]
    return a + ctx.extra_args


def normalize(mod):
    sc = dict(DEFAULTS)
    unknown = set(mod.SCENARIO) - set(DEFAULTS)
    if unknown:
        raise ValueError('%s: unknown SCENARIO keys %s' % (mod.__name__, sorted(unknown)))
    sc.update(mod.SCENARIO)
    if sc['arch'] not in QEMU or not sc['name']:
        raise ValueError('%s: SCENARIO needs name and arch x86_64|aarch64' % mod.__name__)
    sc['log'] = os.path.join(LOG_DIR, sc['name'] + '.log')
    return sc


def run_scenario(mod, echo=False):
    """Boot one scenario; return (Result, [Check])."""
    sc = normalize(mod)
    res = Result(sc)
    ctx = Context(sc)
    t0 = time.monotonic()
    os.makedirs(os.path.join(ROOT, LOG_DIR), exist_ok=True)
    os.chdir(ROOT)
    if os.path.isdir(ctx.workdir):
        shutil.rmtree(ctx.workdir)
    os.makedirs(ctx.workdir)
    vm = None
    try:
        image = IMAGES[sc['arch']]
        if not os.path.isfile(image):
            raise RuntimeError('image %s missing (make ARCH=%s)' % (image, sc['arch']))
        if hasattr(mod, 'prepare'):
            mod.prepare(ctx)
        # Relative socket paths: the absolute ones may pass the 108-byte sun_path limit.
        ser_path = os.path.join(ctx.workdir, 'serial.sock')
        qmp_path = os.path.join(ctx.workdir, 'qmp.sock')
        serial = ['-chardev', 'socket,id=ser0,path=%s,server=off' % ser_path,
                  '-serial', 'chardev:ser0',
                  '-chardev', 'socket,id=qmp0,path=%s,server=off' % qmp_path,
                  '-mon', 'chardev=qmp0,mode=control', '-S']
        argv = qemu_args(sc, ctx, serial)
        with open(os.path.join(ctx.workdir, 'cmdline'), 'w') as f:
            f.write(' '.join(argv) + '\n')
        vm = Machine(argv, sc, sc['log'], echo)
        vm.start(ser_path, qmp_path, sc['timeout'])
        if hasattr(mod, 'interact'):
            res.data = mod.interact(vm) or {}
        if vm.wait():
            res.exit_code = vm.proc.returncode
        else:
            res.timed_out = True
    except Exception as e:  # a runner or QEMU problem is a failed result, never a crash
        res.error = '%s: %s' % (type(e).__name__, e)
    finally:
        if vm:
            vm.close()
            if vm.serial:
                res.log = vm.serial.text()
    res.duration = time.monotonic() - t0
    res.parse()
    if res.timed_out or res.error or not hasattr(mod, 'check'):
        checks = res.standard_checks()
    else:
        checks = list(mod.check(res.log, res))
    if not checks:
        checks = [Check('checks', False, 'scenario produced no results')]
    return res, checks


def uboot_booti(vm, bootargs, addr='0x40400000'):
    """Stop U-Boot's autoboot, set bootargs, and booti the image at addr with
    U-Boot's own device tree (QEMU's, as U-Boot received it)."""
    s = vm.serial
    pos = s.wait_for(r'Hit any key to stop autoboot', vm.time_left())
    if pos is None:
        raise RuntimeError('no U-Boot autoboot prompt')
    s.write(' ')
    pos = s.wait_for(r'=> ', vm.time_left(), pos)
    if pos is None:
        raise RuntimeError('no U-Boot command prompt after stopping autoboot')
    # U-Boot polls the PL011 FIFO (16 bytes): type a line at a time with a small delay.
    for cmd in ('setenv bootargs "%s"' % bootargs, 'booti %s - ${fdtcontroladdr}' % addr):
        s.write(cmd + '\r', char_delay=0.002)
        pos = s.wait_for(r'\n', vm.time_left(), pos)
        if cmd.startswith('setenv'):
            pos = s.wait_for(r'=> ', vm.time_left(), pos)
            if pos is None:
                raise RuntimeError('U-Boot did not return to its prompt after setenv')


SHELL_PROMPT = r'vmplat> '


def shell_command(vm, command, prompt=SHELL_PROMPT, timeout=30):
    """Type one line at the vmplat console shell; return what it printed
    before the next prompt (None when no prompt came back)."""
    s = vm.serial
    start = len(s.data)
    s.write(command + '\r', char_delay=0.001)
    end = s.wait_for(prompt, min(timeout, vm.time_left()), start)
    if end is None:
        return None
    out = bytes(s.data[start:end]).decode('utf-8', 'replace').replace('\r', '')
    return out[:-len(prompt)] if out.endswith(prompt) else out

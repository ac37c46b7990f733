// SPDX-License-Identifier: MIT
/*
 * newlib system calls. Output goes to the console; there is no file system
 * here, so the rest report a proper errno. newlib built for x86_64-elf calls
 * the plain POSIX names, aarch64-none-elf the underscore names: both are
 * defined, one as an alias of the other.
 */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <vmplat/log.h>
#include <vmplat/power.h>
#include <vmplat/timer.h>

#undef errno
extern int errno;

#define ALIAS(name) __attribute__((alias(name)))

int _write(int fd, const void *buf, size_t len);
int _read(int fd, void *buf, size_t len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t off, int whence);
int _open(const char *path, int flags, ...);
int _kill(int pid, int sig);
int _getpid(void);
__noreturn void _exit(int status);
int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *t);
int _unlink(const char *path);
int _link(const char *old, const char *new_path);
int _stat(const char *path, struct stat *st);

static bool is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, len);
	return (int)len;
}

int _read(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t n = 0;
	int c;

	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	/* Non-blocking: whatever the console has waiting (possibly nothing). */
	while (n < len && (c = console_getc()) >= 0)
		p[n++] = (char)c;
	return (int)n;
}

int _close(int fd)
{
	if (is_console(fd))
		return 0;
	errno = EBADF;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	*st = (struct stat){ .st_mode = S_IFCHR };
	return 0;
}

int _isatty(int fd)
{
	if (is_console(fd))
		return 1;
	errno = EBADF;
	return 0;
}

off_t _lseek(int fd, off_t off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

int _open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}

int _stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	errno = ENOENT;
	return -1;
}

int _unlink(const char *path)
{
	(void)path;
	errno = ENOENT;
	return -1;
}

int _link(const char *old, const char *new_path)
{
	(void)old;
	(void)new_path;
	errno = EMLINK;
	return -1;
}

int _getpid(void)
{
	return 1;
}

/* abort() ends here through raise(SIGABRT). */
int _kill(int pid, int sig)
{
	if (pid != 1) {
		errno = ESRCH;
		return -1;
	}
	log_err("libc: signal %d raised (abort)", sig);
	platform_exit(128 + sig);
}

void _exit(int status)
{
	platform_exit(status);
}

int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = timestamp_ns();

	(void)tz;
	/* No wall clock yet: time since boot. */
	tv->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	tv->tv_usec = (suseconds_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
	return 0;
}

clock_t _times(struct tms *t)
{
	clock_t ticks = (clock_t)(timestamp_ns() / (NSEC_PER_SEC / CLOCKS_PER_SEC));

	*t = (struct tms){ .tms_utime = ticks };
	return ticks;
}

int write(int fd, const void *buf, size_t len) ALIAS("_write");
int read(int fd, void *buf, size_t len) ALIAS("_read");
int close(int fd) ALIAS("_close");
int fstat(int fd, struct stat *st) ALIAS("_fstat");
int isatty(int fd) ALIAS("_isatty");
off_t lseek(int fd, off_t off, int whence) ALIAS("_lseek");
int open(const char *path, int flags, ...) ALIAS("_open");
int stat(const char *path, struct stat *st) ALIAS("_stat");
int unlink(const char *path) ALIAS("_unlink");
int link(const char *old, const char *new_path) ALIAS("_link");
int getpid(void) ALIAS("_getpid");
int kill(int pid, int sig) ALIAS("_kill");
int gettimeofday(struct timeval *tv, void *tz) ALIAS("_gettimeofday");
clock_t times(struct tms *t) ALIAS("_times");

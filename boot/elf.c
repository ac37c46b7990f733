// SPDX-License-Identifier: MIT
/*
 * ELF64 static payloads (System V gABI "ELF-64 Object File Format" 1.5 and
 * the x86-64 / AArch64 psABIs): header checks, PT_LOAD segments copied to
 * their physical addresses (p_paddr) with bss zeroed, entry point. Portable:
 * memory is reached through a map callback and a struct pmm, so the host
 * tests place segments into a buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/mm.h>

/* e_ident and header field offsets (gABI, "ELF Header"). */
#define EI_CLASS      4
#define EI_DATA	      5
#define EI_VERSION    6
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC	      2
#define E_TYPE	      16
#define E_MACHINE     18
#define E_VERSION     20
#define E_ENTRY	      24
#define E_PHOFF	      32
#define E_EHSIZE      52
#define E_PHENTSIZE   54
#define E_PHNUM	      56
#define ELF64_EHDR_SZ 64
/* Program header (gABI, "Program Header"). */
#define P_TYPE	      0
#define P_FLAGS	      4
#define P_OFFSET      8
#define P_PADDR	      24
#define P_FILESZ      32
#define P_MEMSZ	      40
#define ELF64_PHDR_SZ 56
#define PT_LOAD	      1
#define ELF_MAX_PHNUM 64u /* program headers looked at */

static int fail(char *why, size_t len, const char *fmt, ...) __printf(3, 4);
static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -ENOEXEC;
}

uint16_t elf_machine_for(const char *arch)
{
	if (arch && !strcmp(arch, "x86_64"))
		return EM_X86_64;
	if (arch && !strcmp(arch, "aarch64"))
		return EM_AARCH64;
	return 0;
}

static int check_ehdr(const uint8_t *b, uint64_t size, uint16_t machine, char *why, size_t len)
{
	uint16_t m;

	if (size < ELF64_EHDR_SZ || memcmp(b, "\177ELF", 4))
		return fail(why, len, "ELF: bad magic");
	if (b[EI_CLASS] != ELFCLASS64)
		return fail(why, len, "ELF: class %u, want ELFCLASS64", b[EI_CLASS]);
	if (b[EI_DATA] != ELFDATA2LSB)
		return fail(why, len, "ELF: data encoding %u, want little-endian", b[EI_DATA]);
	if (b[EI_VERSION] != EV_CURRENT || le32_get(b + E_VERSION) != EV_CURRENT)
		return fail(why, len, "ELF: version not EV_CURRENT");
	m = le16_get(b + E_MACHINE);
	if (m != machine)
		return fail(why, len, "ELF: machine %u, this is %u (wrong architecture)", m,
			    machine);
	if (le16_get(b + E_TYPE) != ET_EXEC)
		return fail(why, len, "ELF: type %u, want ET_EXEC (static)", le16_get(b + E_TYPE));
	if (le16_get(b + E_EHSIZE) < ELF64_EHDR_SZ)
		return fail(why, len, "ELF: e_ehsize %u too small", le16_get(b + E_EHSIZE));
	return 0;
}

/* The program header table lies in the file; with a short buffer (a first look)
 * only what is present is read. */
static int read_phdrs(const uint8_t *b, uint64_t size, struct elf_info *out, char *why, size_t len)
{
	uint64_t phoff = le64_get(b + E_PHOFF);
	uint16_t phent = le16_get(b + E_PHENTSIZE), phnum = le16_get(b + E_PHNUM);

	if (phent != ELF64_PHDR_SZ)
		return fail(why, len, "ELF: e_phentsize %u, want %u", phent, ELF64_PHDR_SZ);
	if (!phnum || phnum > ELF_MAX_PHNUM)
		return fail(why, len, "ELF: %u program headers (1..%u)", phnum, ELF_MAX_PHNUM);
	if (phoff > size || (uint64_t)phnum * phent > size - phoff)
		return fail(why, len, "ELF: program headers at %#llx+%u*%u outside the file",
			    (unsigned long long)phoff, phnum, phent);
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = b + phoff + (uint64_t)i * phent;
		struct elf_segment *s = &out->seg[out->nseg];

		if (le32_get(ph + P_TYPE) != PT_LOAD)
			continue;
		if (out->nseg >= ELF_MAX_SEGMENTS)
			return fail(why, len, "ELF: more than %u PT_LOAD segments",
				    ELF_MAX_SEGMENTS);
		s->offset = le64_get(ph + P_OFFSET);
		s->paddr = le64_get(ph + P_PADDR);
		s->filesz = le64_get(ph + P_FILESZ);
		s->memsz = le64_get(ph + P_MEMSZ);
		s->flags = le32_get(ph + P_FLAGS);
		if (s->filesz > s->memsz)
			return fail(why, len, "ELF: segment %u p_filesz > p_memsz", i);
		if (s->paddr + s->memsz < s->paddr)
			return fail(why, len, "ELF: segment %u wraps the address space", i);
		out->nseg++;
	}
	if (!out->nseg)
		return fail(why, len, "ELF: no PT_LOAD segment");
	return 0;
}

int elf_parse(const uint8_t *buf, uint64_t size, uint16_t machine, struct elf_info *out, char *why,
	      size_t why_len)
{
	int rc = check_ehdr(buf, size, machine, why, why_len);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	out->machine = machine;
	out->entry = le64_get(buf + E_ENTRY);
	return read_phdrs(buf, size, out, why, why_len);
}

static bool entry_in_segment(const struct elf_info *info)
{
	for (unsigned i = 0; i < info->nseg; i++) {
		const struct elf_segment *s = &info->seg[i];

		if (info->entry >= s->paddr && info->entry < s->paddr + s->memsz)
			return true;
	}
	return false;
}

/* Is [base, base+size) entirely inside one free range of p? */
static bool range_free(const struct pmm *p, paddr_t base, uint64_t size)
{
	for (unsigned i = 0; i < p->nfree; i++) {
		const struct pmm_range *r = &p->free[i];

		if (base >= r->base && base + size <= r->base + r->size)
			return true;
	}
	return false;
}

/* Every segment's file bytes exist and its pages are free RAM; then reserve them. */
static int claim_segments(const struct elf_info *info, uint64_t size, struct pmm *pmm, char *why,
			  size_t len)
{
	for (unsigned i = 0; i < info->nseg; i++) {
		const struct elf_segment *s = &info->seg[i];
		paddr_t lo = ALIGN_DOWN(s->paddr, PAGE_SIZE);
		uint64_t hi = ALIGN_UP(s->paddr + s->memsz, PAGE_SIZE);

		if (s->offset > size || s->filesz > size - s->offset)
			return fail(why, len, "ELF: segment %u bytes %#llx+%#llx past the end", i,
				    (unsigned long long)s->offset, (unsigned long long)s->filesz);
		if (hi < lo || (s->memsz && !range_free(pmm, lo, hi - lo)))
			return fail(why, len, "ELF: segment %u at %#llx+%#llx is not free RAM", i,
				    (unsigned long long)s->paddr, (unsigned long long)s->memsz);
	}
	for (unsigned i = 0; i < info->nseg; i++) {
		const struct elf_segment *s = &info->seg[i];
		paddr_t lo = ALIGN_DOWN(s->paddr, PAGE_SIZE);

		/* Overlapping segments: the second reservation of a page is refused; the
		 * first check above already showed all of it was free. */
		if (s->memsz)
			pmm_reserve(pmm, lo, ALIGN_UP(s->paddr + s->memsz, PAGE_SIZE) - lo);
	}
	return 0;
}

int elf_place(const struct elf_info *info, const uint8_t *buf, uint64_t size, struct pmm *pmm,
	      void *(*map)(void *ctx, paddr_t pa, uint64_t len), void *ctx, char *why,
	      size_t why_len)
{
	int rc;

	if (!entry_in_segment(info))
		return fail(why, why_len, "ELF: entry %#llx outside every PT_LOAD segment",
			    (unsigned long long)info->entry);
	rc = claim_segments(info, size, pmm, why, why_len);
	if (rc)
		return rc;
	for (unsigned i = 0; i < info->nseg; i++) {
		const struct elf_segment *s = &info->seg[i];
		uint8_t *dst;

		if (!s->memsz)
			continue;
		dst = map(ctx, s->paddr, s->memsz);
		if (!dst)
			return fail(why, why_len, "ELF: segment %u at %#llx cannot be mapped", i,
				    (unsigned long long)s->paddr);
		memmove(dst, buf + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
	return 0;
}

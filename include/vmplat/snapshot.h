// SPDX-License-Identifier: MIT
/*
 * VM snapshots (docs/snapshot.md): an image format (snapshot/format.c,
 * portable), a crash-safe store on a block device (snapshot/store.c,
 * portable) and the save/restore operations on hypervisor VMs
 * (snapshot/hv/, aarch64 EL2 only).
 *
 * Image layout, all fields little-endian:
 *	[0, 512)		header (SNAP_H_* offsets)
 *	[512, data_off)		section table, SNAP_SECT_SIZE bytes per entry
 *	[data_off, total)	sections, each 8-byte aligned
 * The header's SHA-256 covers [data_off, total) followed by [0, data_off)
 * with the digest field zeroed (so a writer can stream the sections first).
 *
 * Errors of the reader: -ENOEXEC no snapshot magic, -EPROTONOSUPPORT other
 * format version, -ENOTSUP other arch, -ENODATA truncated, -EINVAL malformed
 * header, table or section, -EBADMSG CRC32C or SHA-256 mismatch, -EXDEV a
 * different VM configuration, -ENOENT (store) a missing parent.
 */
#ifndef VMPLAT_SNAPSHOT_H
#define VMPLAT_SNAPSHOT_H

#include <vmplat/sha256.h>
#include <vmplat/types.h>

#define SNAP_MAGIC	  "VMPSNAP1"
#define SNAP_VERSION	  2 /* 2: vpci section, PL011 receive FIFO, PCI ids in the config */
#define SNAP_ARCH_AARCH64 1
#define SNAP_ARCH_X86_64  2
#define SNAP_HDR_SIZE	  512
#define SNAP_SECT_SIZE	  32
#define SNAP_MAX_SECTIONS 64
#define SNAP_MAX_VCPUS	  8
#define SNAP_MAX_DEVS	  8
#define SNAP_NAME_MAX	  32 /* header bytes for the VM name, NUL-terminated */
#define SNAP_DESC_MAX	  96 /* bytes including the NUL */
#define SNAP_PAGE_SIZE	  4096
#define SNAP_MAX_RAM	  (64ULL << 30) /* a named limit on what a header may claim */
#define SNAP_FLAG_INCR	  BIT(0)
#define SNAP_NSYSREGS	  24 /* EL1 system registers (snap_vcpu.sys) */
#define SNAP_NLR	  16
#define SNAP_MAX_PCI	  8 /* assigned functions in a VM configuration (VPCI_MAX_FNS) */

/* Section types. */
enum snap_sect_type {
	SNAP_SECT_VCPU = 1, /* one per vCPU: general, FP/SIMD, EL1 sysregs, timer, PSCI */
	SNAP_SECT_VGIC = 2, /* distributor + per-vCPU redistributor and list registers */
	SNAP_SECT_UART = 3, /* emulated PL011 */
	SNAP_SECT_MEM_FULL = 4,
	SNAP_SECT_MEM_DELTA = 5, /* page bitmap + the pages set in it */
	SNAP_SECT_VPCI = 6,	 /* virtual PCI host bridge: assigned functions' state */
};

/* Kinds of emulated devices in a VM configuration (snapshot-safe ones only). */
enum snap_dev_kind {
	SNAP_DEV_VGICD = 1,
	SNAP_DEV_VGICR = 2,
	SNAP_DEV_PL011 = 3,
	SNAP_DEV_VPCI = 4,
};

/* What the guest ran on; its SHA-256 binds a snapshot to a VM shape. */
struct snap_config {
	uint64_t ram_ipa, ram_size;
	uint32_t nvcpus, ndevs;
	uint32_t dev[SNAP_MAX_DEVS];   /* enum snap_dev_kind, in VM order */
	uint32_t npci;		       /* functions behind the virtual host bridge */
	uint32_t pci_id[SNAP_MAX_PCI]; /* vendor << 16 | device, in virtual device order */
};

struct snap_meta {
	uint32_t version, arch, flags;
	uint64_t id, parent; /* parent 0: a full snapshot */
	uint64_t created;    /* seconds or ns since an epoch of the platform's choosing */
	uint64_t total;	     /* image bytes */
	struct snap_config cfg;
	uint8_t cfg_hash[32];
	uint8_t parent_digest[32]; /* the parent image's digest (incremental) */
	uint8_t digest[32];
	char desc[SNAP_DESC_MAX];
	char name[SNAP_NAME_MAX]; /* the VM's name, "" when unknown; not part of the configuration */
};

struct snap_section {
	uint32_t type, index; /* index: vCPU number for VCPU sections */
	uint64_t off, size;
	uint32_t crc;
};

/* One vCPU, independent of the hypervisor's structs. */
struct snap_vcpu {
	uint32_t id, power;
	uint64_t x[31], pc, pstate;
	uint64_t q[32][2]; /* low, high 64 bits */
	uint64_t fpsr, fpcr;
	uint64_t sys[SNAP_NSYSREGS];
	uint64_t cntv_ctl, cntv_cval, cntvct; /* guest virtual count at save */
	uint64_t on_entry, on_context;
};
#define SNAP_VCPU_BYTES (8 + 8 * (31 + 2 + 64 + 2 + SNAP_NSYSREGS + 3 + 2))

struct snap_virq {
	uint8_t prio, flags;
	uint64_t route;
};

#define SNAP_NSPI 64
struct snap_vgic {
	uint32_t ctlr, nvcpus;
	struct snap_virq spi[SNAP_NSPI];
	struct {
		struct snap_virq priv[32];
		uint32_t waker;
		uint64_t vmcr, ap1r0;
		uint64_t lr[SNAP_NLR];
	} cpu[SNAP_MAX_VCPUS];
};

#define SNAP_UART_FIFO 32 /* PL011 receive FIFO depth (DDI 0183G 2.4.3) */
struct snap_uart {
	uint32_t cr, imsc, lcr_h, ibrd, fbrd, ifls;
	uint64_t tx_bytes;
	uint32_t rx_count; /* bytes in rx, oldest first */
	bool rx_timeout;   /* receive timeout raw status (RTRIS) */
	uint8_t rx[SNAP_UART_FIFO];
};
#define SNAP_UART_BYTES (40 + SNAP_UART_FIFO)

/*
 * The vpci section: a 16-byte header (function count, host bridge config
 * bytes: 0, the bridge emulates no host bridge function) and per assigned
 * function SNAP_VPCI_FN_BYTES of guest-visible config shadow followed by
 * its device-state blob (kind SNAP_PCI_HANDLER only), zero padded to 8.
 */
#define SNAP_VPCI_HDR	   16
#define SNAP_VPCI_FN_BYTES 128
#define SNAP_VPCI_BARS	   6
#define SNAP_VPCI_BLOB_MAX 256
#define SNAP_VPCI_MAX_BYTES \
	(SNAP_VPCI_HDR + SNAP_MAX_PCI * (SNAP_VPCI_FN_BYTES + SNAP_VPCI_BLOB_MAX))
/* Guest command bits a shadow may hold (hv/vpci.h VPCI_CMD_FORWARD | VPCI_CMD_VIRTUAL). */
#define SNAP_VPCI_CMD_MASK (BIT(1) | BIT(2) | BIT(10))

/* Snapshot-safe kinds of assigned functions (docs/snapshot.md). */
enum snap_pci_kind {
	SNAP_PCI_IDLE = 1,    /* (a) the guest has not enabled it: its state is its config */
	SNAP_PCI_HANDLER = 2, /* (b) a device-state handler quiesces, saves and restores it */
};

/* BAR kinds as the virtual bridge has them (hv/vpci.h enum vpci_bar_kind). */
enum snap_bar_kind { SNAP_BAR_NONE, SNAP_BAR_MEM32, SNAP_BAR_MEM64, SNAP_BAR_HI };

struct snap_vpci_fn {
	uint8_t vdev, kind;	 /* virtual device number on bus 0, enum snap_pci_kind */
	uint16_t cmd;		 /* the guest's command register */
	uint16_t vendor, device; /* of the physical function */
	uint16_t seg;		 /* physical address where it was assigned from */
	uint8_t bus, devfn;
	uint8_t int_line, cache_line, latency;
	uint8_t bar_kind[SNAP_VPCI_BARS]; /* enum snap_bar_kind */
	uint64_t bar[SNAP_VPCI_BARS];	  /* guest-programmed addresses (NONE/HI: 0) */
	uint64_t bar_size[SNAP_VPCI_BARS];
	uint32_t blob_len;
	uint8_t blob[SNAP_VPCI_BLOB_MAX];
};

struct snap_vpci {
	uint32_t nfn;
	struct snap_vpci_fn fn[SNAP_MAX_PCI];
};

/* ---- config ---- */
void snap_config_hash(const struct snap_config *c, uint8_t out[32]);

/* ---- fixed-size sections: encode into / decode from exact-size buffers ---- */
void snap_vcpu_encode(const struct snap_vcpu *v, uint8_t *buf);
int snap_vcpu_decode(const uint8_t *buf, size_t n, struct snap_vcpu *v);
size_t snap_vgic_bytes(unsigned nvcpus);
void snap_vgic_encode(const struct snap_vgic *g, uint8_t *buf);
int snap_vgic_decode(const uint8_t *buf, size_t n, struct snap_vgic *g);
void snap_uart_encode(const struct snap_uart *u, uint8_t *buf);
int snap_uart_decode(const uint8_t *buf, size_t n, struct snap_uart *u);
/* The vpci section (snapshot/vpci_sect.c): bytes, encode, checked decode. */
size_t snap_vpci_bytes(const struct snap_vpci *v);
void snap_vpci_encode(const struct snap_vpci *v, uint8_t *buf);
int snap_vpci_decode(const uint8_t *buf, size_t n, struct snap_vpci *v);
/* -EINVAL unless the section's functions are the configuration's (count, ids, order). */
int snap_vpci_match_config(const struct snap_vpci *v, const struct snap_config *c);

/* ---- assigned PCI functions (snapshot/pci_safe.c, pci_edu.c; docs/snapshot.md) ---- */
/* A physical function as the snapshot code reaches it (hv glue in firmware, fakes in tests). */
struct snap_pci_ops {
	uint32_t (*cfg_read)(void *ctx, uint16_t off, unsigned width);
	void (*cfg_write)(void *ctx, uint16_t off, unsigned width, uint32_t val);
	/* Registers in BAR 0 (width 4 or 8): for device-state handlers. */
	uint64_t (*bar0_read)(void *ctx, uint32_t off, unsigned width);
	void (*bar0_write)(void *ctx, uint32_t off, unsigned width, uint64_t val);
};

struct snap_pci_dev {
	const char *name; /* its physical address, for messages */
	uint16_t vendor, device;
	uint16_t guest_cmd; /* the guest's (virtual) command register */
	const struct snap_pci_ops *ops;
	void *ctx;
};

/* Device-state handler of one vendor:device (kind SNAP_PCI_HANDLER). */
struct snap_pci_handler {
	uint16_t vendor, device;
	const char *name;
	/* Wait (bounded) until the device's own work (and DMA) has finished: 0, -ETIMEDOUT. */
	int (*quiesce)(const struct snap_pci_dev *d);
	int (*save)(const struct snap_pci_dev *d, uint8_t *blob, uint32_t *len);
	int (*restore)(const struct snap_pci_dev *d, const uint8_t *blob, uint32_t len);
};

#define SNAP_PCI_TP_TIMEOUT_NS (100ULL * 1000 * 1000) /* Transactions Pending bound */

extern const struct snap_pci_handler snap_pci_edu; /* QEMU edu, snapshot/pci_edu.c */

const struct snap_pci_handler *snap_pci_handler_find(uint16_t vendor, uint16_t device);
/* SNAP_PCI_IDLE, SNAP_PCI_HANDLER (*h set), or -EPERM with a message naming d. */
int snap_pci_classify(const struct snap_pci_dev *d, const struct snap_pci_handler **h);
/* DMA in flight stopped: the handler's quiesce, Bus Master Enable cleared, Transactions
 * Pending (PCIe 6.0 7.5.3.5) waited for; *cmd: the command register to put back. -EBUSY. */
int snap_pci_quiesce(const struct snap_pci_dev *d, const struct snap_pci_handler *h, uint16_t *cmd);
void snap_pci_unquiesce(const struct snap_pci_dev *d, uint16_t cmd);

/* ---- writer: sections streamed in order to a sink, header + table last ---- */
struct snap_sink {
	void *ctx;
	int (*write)(void *ctx, uint64_t off, const void *buf, size_t n);
};

struct snap_writer {
	struct snap_meta meta;
	struct snap_sink sink;
	struct snap_section sect[SNAP_MAX_SECTIONS];
	unsigned nsect, max_sect;
	uint64_t data_off, pos;
	bool open; /* a section is being written */
	int err;
	struct sha256_ctx sha; /* over the sections, as they stream */
};

/* Header space for max_sections is reserved at offset 0; data follows. */
int snap_writer_begin(struct snap_writer *w, const struct snap_meta *m, unsigned max_sections,
		      const struct snap_sink *sink);
int snap_writer_section(struct snap_writer *w, uint32_t type, uint32_t index);
int snap_writer_data(struct snap_writer *w, const void *buf, size_t n);
/* Closes the last section, writes table + header; *out gets total and digest. */
int snap_writer_finish(struct snap_writer *w, struct snap_meta *out);
/* Bytes of data_off for n sections. */
uint64_t snap_data_off(unsigned nsections);

/* ---- reader ---- */
struct snap_source {
	void *ctx;
	uint64_t size; /* bytes available */
	int (*read)(void *ctx, uint64_t off, void *buf, size_t n);
};

/* Header + table from buf (at least SNAP_HDR_SIZE bytes, ideally data_off):
 * structure only (magic, version, arch, sizes, section bounds). */
int snap_parse(const uint8_t *buf, size_t n, uint64_t avail, struct snap_meta *m,
	       struct snap_section *tab, unsigned *nsect);
/* Everything: structure, CRC32C of each section and the SHA-256 over the whole. */
int snap_verify(const struct snap_source *src, struct snap_meta *m, struct snap_section *tab,
		unsigned *nsect);
/* -EXDEV (with a message) unless m was taken from a VM shaped like cfg. */
int snap_check_config(const struct snap_meta *m, const struct snap_config *cfg);

/* Memory sections. DELTA payload: base u64, npages u64, nset u64, bitmap
 * (npages bits, rounded up to 8 bytes), then the nset pages in order. */
#define SNAP_MEM_HDR 24
uint64_t snap_bitmap_bytes(uint64_t npages);
uint64_t snap_mem_delta_size(uint64_t npages, uint64_t nset);
/* Apply a memory section to RAM (ram_size bytes at IPA ram_ipa): checks the
 * section's base/npages/bitmap against it. page_cb (may be NULL) sees each page
 * index applied. */
int snap_mem_apply(const struct snap_source *src, const struct snap_section *s, uint64_t ram_ipa,
		   uint64_t ram_size, uint8_t *ram, void (*progress)(void *ctx, uint64_t done),
		   void *ctx);

/* ---- store on a block device (snapshot/store.c) ---- */
#define SNAP_STORE_MAGIC "VMPSTOR1"
#define SNAP_STORE_MAX	 64	     /* snapshots in a store */
#define SNAP_STORE_BLOCK 4096	     /* allocation unit and region alignment */
#define SNAP_STORE_SLOT	 (16 * 1024) /* bytes per superblock slot */
#define SNAP_STORE_DATA	 (64 * 1024) /* first data byte */
#define SNAP_REC_DESC	 64

struct blk_dev;

struct snap_rec {
	uint64_t id, parent;
	uint64_t start, length; /* extent: bytes, SNAP_STORE_BLOCK aligned */
	uint64_t size;		/* image bytes */
	uint64_t created;
	uint32_t flags; /* SNAP_FLAG_INCR */
	uint8_t digest[32];
	char desc[SNAP_REC_DESC];
};

struct snap_store {
	struct blk_dev *dev;
	uint64_t nonce, gen, next_id, dev_bytes;
	unsigned slot; /* the slot holding gen */
	unsigned nrec, nother;
	struct snap_rec rec[SNAP_STORE_MAX];
	struct snap_rec other[SNAP_STORE_MAX]; /* the older slot: its extents stay busy */
};

/* A save in progress: the image streams into a free extent. */
struct snap_store_tx {
	struct snap_store *s;
	struct snap_rec rec;
	uint8_t head[SNAP_STORE_BLOCK]; /* image bytes [0, 4096): written last */
	uint8_t *buf;			/* streaming buffer for [4096, ...) */
	uint64_t buf_off;		/* image offset of buf[0] */
	size_t nbuf;
	int err;
};

struct snap_store_reader {
	struct snap_source src;
	struct blk_dev *dev;
	uint64_t start;
};

/* Anchor in the first sectors (auto-detect), two empty slots; erases any store. */
int snap_store_format(struct blk_dev *d, uint64_t nonce);
bool snap_store_probe(struct blk_dev *d);
/* The valid slot with the highest generation: -ENOEXEC (no store), -EBADMSG (no valid slot). */
int snap_store_mount(struct blk_dev *d, struct snap_store *s);
const struct snap_rec *snap_store_find(const struct snap_store *s, uint64_t id);
/* The chain base..id (parents first): -ENOENT when id or a parent is missing. */
int snap_store_chain(const struct snap_store *s, uint64_t id, const struct snap_rec **chain,
		     unsigned *n);
/* -EBUSY when an incremental snapshot depends on it. */
int snap_store_delete(struct snap_store *s, uint64_t id);
/* Reserve an extent for up to max_bytes and give the sink that fills it. */
int snap_store_begin(struct snap_store *s, uint64_t max_bytes, struct snap_store_tx *tx,
		     struct snap_sink *sink);
/* Data, flush, [read back and verify], slot, flush. m: what snap_writer_finish gave. */
int snap_store_commit(struct snap_store_tx *tx, const struct snap_meta *m, bool verify);
void snap_store_abort(struct snap_store_tx *tx);
void snap_store_reader_init(struct snap_store_reader *r, const struct snap_store *s,
			    const struct snap_rec *rec);
uint64_t snap_store_free_bytes(const struct snap_store *s);

/* vmrestore=<id> on the command line (snapshot/boot.c): 0 when absent. */
int snapshot_boot(const char *cmdline);
/* The restore it asks for: the hypervisor's, or -ENODEV (weak default). */
int snapshot_boot_restore(uint64_t id);

const char *snap_sect_name(uint32_t type);
const char *snap_strerror(int err);

#endif

# GPU host tests: ROM/PCIR validation, quirk table and passthrough plan on the
# simulated ECAM (tests/fakes), PSF fonts, framebuffer drawing and fbcon,
# GOP mode checks and pixel formats.
UNIT_SRCS += drivers/gpu/rom.c drivers/gpu/quirks.c drivers/gpu/passthrough.c \
	drivers/gpu/psf.c drivers/gpu/fb.c drivers/gpu/fbcon.c drivers/gpu/gop.c \
	drivers/pci/pci_core.c drivers/pci/ecam.c drivers/pci/enumerate.c \
	drivers/pci/bars.c drivers/pci/caps.c drivers/pci/assign.c drivers/pci/msi.c \
	drivers/pci/sriov.c drivers/pci/own.c drivers/pci/report.c tests/fakes/fake_ecam.c \
	tests/unit/pci/pci_env.c

# ISO9660 reader (iso/) against libiso9660 (libcdio, the oracle) and the host
# tree, on images xorriso makes at build time into build/iso-test/
# (mkimages.sh; ISO_TEST_BIG=0 skips the 4 GiB image).
UNIT_SRCS += $(sort $(wildcard iso/*.c)) tests/fuzz/iso9660_drive.c core/sha256.c
UNIT_LDLIBS += -liso9660 -lcdio
UNIT_DEPS += build/iso-test/stamp

build/iso-test/stamp: tests/unit/iso9660/mkimages.sh
	@echo "  MKISO   build/iso-test"
	@bash tests/unit/iso9660/mkimages.sh build/iso-test

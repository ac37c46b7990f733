UNIT_SRCS += drivers/block/blk.c drivers/block/blk_quiesce.c drivers/block/blk_attach.c \
	tests/fakes/blk_env.c

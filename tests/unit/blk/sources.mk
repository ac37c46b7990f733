UNIT_SRCS += drivers/block/blk.c drivers/block/blk_util.c core/sha256.c tests/fakes/blk_env.c

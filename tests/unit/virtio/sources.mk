UNIT_SRCS += drivers/block/virtqueue.c drivers/block/virtio_blk_req.c drivers/block/blk.c \
	tests/fakes/fake_virtio.c tests/fakes/blk_env.c

package io.leadcapture.local.streams;

import java.util.ArrayDeque;

/**
 * One shard as a poller tracks it. Only the polling thread touches it: {@link ShardReader} moves
 * its position, {@link BatchAssembler} fills and drains its buffer, {@link BatchDelivery} queues its
 * retries.
 */
final class ShardState {
    enum Status { WAITING, ACTIVE, FINISHED }

    final String shardId;
    final String parentShardId;
    Status status = Status.WAITING;
    /** The last sequence number read; reading continues after it (null: from the shard's start). */
    String position;
    boolean endReached;
    /** The last read returned records a second read did not confirm: read again before calling it idle. */
    boolean unconfirmed;
    /** Records read but not yet in a batch, in sequence order; {@code matching} of them pass a filter. */
    final ArrayDeque<Batch.Item> buffer = new ArrayDeque<>();
    int matching;
    long bufferedBytes;
    long firstMatchAt;
    /** Failed batches (or halves of one) waiting for their retry, next first; they block the shard. */
    final ArrayDeque<Batch> retries = new ArrayDeque<>();

    ShardState(String shardId, String parentShardId) {
        this.shardId = shardId;
        this.parentShardId = parentShardId;
    }
}

package org.tenantio.importer.load;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The ordered hand-off between the parallel part of the import route and its single writer:
 * chunks are prepared (parsed, mapped, validated) on several threads at once, but each run's
 * chunks are written one at a time, in file order, by whichever thread holds the chunk whose
 * turn it is. Outcomes stay exact (a later chunk sees every earlier one) and the heap holds no
 * more chunks than the route's bounded executor lets in. A failed write fails every later
 * chunk of the run, so the route stops instead of committing past a gap.
 */
@Component
public class ChunkOrder {

    /** One run's writer turn: the index of the next chunk to write, and whether the run stopped. */
    private static final class Turn {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        long next;
        boolean writing;
        RuntimeException failure;
    }

    private final Map<UUID, Turn> turns = new ConcurrentHashMap<>();

    /** Opens the run's turns at chunk 0; called before the run's first chunk is prepared. */
    public void open(UUID runId) {
        turns.put(runId, new Turn());
    }

    /**
     * Waits until chunk {@code index} (0-based, in file order) of the run is next, runs the write,
     * then hands the turn to the following chunk.
     */
    public <T> T inTurn(UUID runId, long index, Supplier<T> write) {
        Turn turn = turns.get(runId);
        if (turn == null) {
            throw new EarlierChunkFailed(index, new IllegalStateException("Run " + runId + " is not being written"));
        }
        turn.lock.lock();
        try {
            while (turn.next != index && turn.failure == null) {
                turn.changed.awaitUninterruptibly();
            }
            if (turn.failure != null) {
                throw new EarlierChunkFailed(index, turn.failure);
            }
            turn.writing = true;
        } finally {
            turn.lock.unlock();
        }
        try {
            T result = write.get();
            pass(turn, null);
            return result;
        } catch (RuntimeException e) {
            pass(turn, e);
            throw e;
        }
    }

    private static void pass(Turn turn, RuntimeException failure) {
        turn.lock.lock();
        try {
            turn.writing = false;
            if (failure != null) {
                if (turn.failure == null) {
                    turn.failure = failure;
                }
            } else {
                turn.next++;
            }
            turn.changed.signalAll();
        } finally {
            turn.lock.unlock();
        }
    }

    /** At the end of a run: rethrows what a write failed with; the run's turn is forgotten either way. */
    public void finish(UUID runId) {
        Turn turn = turns.remove(runId);
        if (turn != null && turn.failure != null) {
            throw turn.failure;
        }
    }

    /**
     * Chunk {@code index} failed before it was written (mapping, validation, the error policy):
     * once every earlier chunk is written, as in a run processed one chunk after the other, the
     * run stops and no later chunk is written.
     */
    public void fail(UUID runId, long index, RuntimeException reason) {
        Turn turn = turns.get(runId);
        if (turn == null) {
            return;
        }
        turn.lock.lock();
        try {
            while (turn.next < index && turn.failure == null) {
                turn.changed.awaitUninterruptibly();
            }
            if (turn.failure == null) {
                turn.failure = reason;
            }
            turn.changed.signalAll();
        } finally {
            turn.lock.unlock();
        }
    }

    /**
     * Before a failed run is rolled back: no later chunk may start, and the write in progress (if
     * any) is waited for, so nothing of the run is still committing while its changes are undone.
     */
    public void stop(UUID runId, RuntimeException reason) {
        Turn turn = turns.get(runId);
        if (turn == null) {
            return;
        }
        turn.lock.lock();
        try {
            if (turn.failure == null) {
                turn.failure = reason;
            }
            turn.changed.signalAll();
            while (turn.writing) {
                turn.changed.awaitUninterruptibly();
            }
        } finally {
            turn.lock.unlock();
        }
        turns.remove(runId, turn);
    }

    /** Thrown for a chunk that was waiting for its turn when an earlier chunk of its run failed. */
    public static final class EarlierChunkFailed extends RuntimeException {
        EarlierChunkFailed(long index, RuntimeException cause) {
            super("Chunk " + index + " not written: an earlier chunk of the run failed", cause);
        }
    }
}

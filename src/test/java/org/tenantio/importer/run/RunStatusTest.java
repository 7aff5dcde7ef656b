package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunStatusTest {

    @Test
    void theLifecycleOnlyMovesForward() {
        assertThat(RunStatus.VALIDATING.allowedFrom()).containsExactly(RunStatus.QUEUED);
        assertThat(RunStatus.RUNNING.allowedFrom()).containsExactly(RunStatus.VALIDATING);
        assertThat(RunStatus.COMPLETED.allowedFrom()).containsExactly(RunStatus.RUNNING);
        assertThat(RunStatus.FAILED.allowedFrom()).containsExactlyInAnyOrder(RunStatus.QUEUED, RunStatus.VALIDATING, RunStatus.RUNNING);
        assertThat(RunStatus.ROLLED_BACK.allowedFrom()).containsExactlyInAnyOrder(RunStatus.FAILED, RunStatus.COMPLETED);
        // back to queued only to resume a run whose instance crashed; cancelled from any unfinished status
        assertThat(RunStatus.QUEUED.allowedFrom()).containsExactlyInAnyOrder(RunStatus.VALIDATING, RunStatus.RUNNING);
        assertThat(RunStatus.CANCELLED.allowedFrom()).containsExactlyInAnyOrder(RunStatus.QUEUED, RunStatus.VALIDATING,
                RunStatus.RUNNING);
    }

    @Test
    void keysRoundTripAndFinishedStatusesAreKnown() {
        for (RunStatus s : RunStatus.values()) {
            assertThat(RunStatus.of(s.key())).isEqualTo(s);
        }
        assertThat(RunStatus.ROLLED_BACK.key()).isEqualTo("rolled_back");
        assertThat(RunStatus.COMPLETED.finished()).isTrue();
        assertThat(RunStatus.CANCELLED.finished()).isTrue();
        assertThat(RunStatus.RUNNING.finished()).isFalse();
    }

    @Test
    void progressEstimatesPercentAndTimeLeftWhenTheSizeIsKnown() {
        assertThat(RunProgress.of(500, 250, 1000, 10_000_000_000L))
                .containsEntry("rowsProcessed", 500L).containsEntry("percent", 25.0).containsEntry("etaSeconds", 30L);
        assertThat(RunProgress.of(500, 250, -1, 1L)).containsOnlyKeys("rowsProcessed");
    }
}

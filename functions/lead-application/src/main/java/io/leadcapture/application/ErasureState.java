package io.leadcapture.application;

/** Where a lead stands with respect to erasure. */
public sealed interface ErasureState permits ErasureState.NotErased, ErasureState.Erasing, ErasureState.Erased {

    /** No erasure has started (the lead may or may not exist). */
    record NotErased() implements ErasureState {
    }

    /** An erasure started and has not completed: some items may be gone already. */
    record Erasing(ErasureRequest request, long itemsDeleted) implements ErasureState {
    }

    /** Erased: only the receipt is left. */
    record Erased(ErasureReceipt receipt) implements ErasureState {
    }
}

package io.multibroker.quality;

import io.multibroker.api.model.OrderEvent;
import java.util.concurrent.Flow;

/** Hands a paper account's order events to the recorder, as the registry's merged stream does. */
record ForwardToRecorder(FillRecorder recorder) implements Flow.Subscriber<OrderEvent> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(OrderEvent event) {
        recorder.offer(event);
    }

    @Override
    public void onError(Throwable failure) {
        // the account closed
    }

    @Override
    public void onComplete() {
        // the account closed
    }
}

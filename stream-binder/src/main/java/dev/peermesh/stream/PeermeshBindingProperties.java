package dev.peermesh.stream;

import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/** One binding's peermesh properties, consumer and producer side. */
public class PeermeshBindingProperties implements BinderSpecificPropertiesProvider {

    private PeermeshConsumerProperties consumer = new PeermeshConsumerProperties();

    private PeermeshProducerProperties producer = new PeermeshProducerProperties();

    @Override
    public PeermeshConsumerProperties getConsumer() {
        return consumer;
    }

    public void setConsumer(PeermeshConsumerProperties consumer) {
        this.consumer = consumer;
    }

    @Override
    public PeermeshProducerProperties getProducer() {
        return producer;
    }

    public void setProducer(PeermeshProducerProperties producer) {
        this.producer = producer;
    }
}

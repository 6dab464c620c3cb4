package io.multibroker.api.model;

public enum InstrumentType {
    CURRENCY, CFD, METAL, EQUITY, CRYPTO, OTHER
}

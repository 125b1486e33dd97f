package dev.peermesh.autoconfigure;

import org.assertj.core.api.AbstractThrowableAssert;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions that a context failed to start because of one named property, with Boot's usual message. */
final class InvalidProperties {

    private InvalidProperties() {
    }

    /** Asserts that start-up failed on the named property, and returns the failure for checks on its message. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertInvalidProperty(
            AssertableApplicationContext context, String property) {
        assertThat(context).hasFailed();
        return assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                        ex -> assertThat(ex.getName()).isEqualTo(property))
                .hasMessageStartingWith("Property " + property + " with value ");
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertInvalidProperty(
            AssertableApplicationContext context, String property, Object value) {
        return assertInvalidProperty(context, property)
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                        ex -> assertThat(ex.getValue()).isEqualTo(value))
                .hasMessageStartingWith("Property " + property + " with value '" + value + "' is invalid: ");
    }
}

package io.multibroker.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a field of a request or answer means, for the OpenAPI document that is built from the same records the API
 * reads and writes; {@code required} is enforced when a request is read.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE})
public @interface Doc {
    String value();

    boolean required() default false;

    String example() default "";

    /** A regular expression a text value must match ({@code ""}: any). */
    String pattern() default "";
}

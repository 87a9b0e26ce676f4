package com.slaledger.projection.web;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * A query parameter sent empty ({@code clientId=}, as a form sends a field left blank) is one not
 * given: no filter, the default, or, where it is required, "clientId is required". Spring already
 * read an empty value so for a parameter with a default or of an enum, month or instant type, but
 * a text filter went to the query as it was, so {@code ?clientId=&supplierId=hostco} listed
 * nothing (no contract has an empty client id), and {@code diff?from=} was told a version looks
 * like 1.0. {@link QueryNumbers} reads an empty number the same way.
 */
@ControllerAdvice
public class EmptyParameters {

    @InitBinder
    void emptyTextIsNotGiven(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(text == null || text.isEmpty() ? null : text);
            }
        });
    }
}

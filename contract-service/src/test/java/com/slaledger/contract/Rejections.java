package com.slaledger.contract;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link CommandRejectedException} by its stable code. */
final class Rejections {

    private Rejections() {}

    static Matcher<CommandRejectedException> rejectedWith(RejectionCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRejectedException rejection) {
                return rejection.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a rejection with code " + code);
            }

            @Override
            protected void describeMismatchSafely(CommandRejectedException item, Description mismatch) {
                mismatch.appendText("was " + item.code() + ": " + item.getMessage());
            }
        };
    }
}

package com.slaledger.projection.web;

/**
 * Lists answered in pages (the contracts, their breaches, the open clauses): at most {@link
 * #MAX_SIZE} rows a page, as the README's limits say. The timeline has pages of its own, up to
 * 1,000 lines.
 */
public final class Pages {

    public static final int MAX_SIZE = 200;

    private Pages() {}

    /**
     * The size page {@code page} is served with: {@code size}, at most {@link #MAX_SIZE}. A
     * negative page or a size below 1 is refused as INVALID, never read as page 0 or size 1.
     */
    public static int size(int page, int size) {
        if (page < 0 || size < 1) {
            throw new IllegalArgumentException("page must be at least 0 and size at least 1");
        }
        return Math.min(size, MAX_SIZE);
    }
}

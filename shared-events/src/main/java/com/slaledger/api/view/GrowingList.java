package com.slaledger.api.view;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list the fold appends to without copying when no longer list shares its array: a
 * contract's breaches grow by one per breach recorded, and copying them each time made the n-th
 * breach cost n (ADR 0015). Each list sees the first {@code size} elements of a shared array;
 * appending to the longest list of an array writes the next slot, appending to a shorter one copies.
 * Thread-safe: appends to one array are serialised on it, and a grown array is published through a
 * volatile field after its elements are copied.
 */
final class GrowingList<T> extends AbstractList<T> implements RandomAccess {

    private static final int FIRST_CAPACITY = 8;

    /** The array and how many of its slots a list has claimed. */
    private static final class Shared {
        volatile Object[] elements;
        int claimed;

        Shared(Object[] elements, int claimed) {
            this.elements = elements;
            this.claimed = claimed;
        }
    }

    private final Shared shared;
    private final int size;

    private GrowingList(Shared shared, int size) {
        this.shared = shared;
        this.size = size;
    }

    /** {@code list} with {@code element} added at the end; {@code list} is unchanged. */
    static <T> List<T> append(List<T> list, T element) {
        if (list instanceof GrowingList<T> growing) {
            Shared shared = growing.shared;
            synchronized (shared) {
                if (shared.claimed == growing.size) {
                    Object[] elements = shared.elements;
                    if (elements.length == growing.size) {
                        elements = Arrays.copyOf(elements, growing.size * 2);
                    }
                    elements[growing.size] = element;
                    shared.elements = elements;
                    shared.claimed = growing.size + 1;
                    return new GrowingList<>(shared, growing.size + 1);
                }
            }
        }
        Object[] elements = Arrays.copyOf(list.toArray(), Math.max(FIRST_CAPACITY, list.size() * 2));
        elements[list.size()] = element;
        return new GrowingList<>(new Shared(elements, list.size() + 1), list.size() + 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return (T) shared.elements[index];
    }

    @Override
    public int size() {
        return size;
    }
}

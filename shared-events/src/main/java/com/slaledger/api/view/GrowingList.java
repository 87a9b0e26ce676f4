package com.slaledger.api.view;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * An immutable list the fold appends to without copying when no longer list shares its array, and
 * in which an element is found by its key without a scan: a contract's breaches grow by one per
 * breach recorded, and copying them each time made the n-th breach cost n (ADR 0015), as did
 * looking a breach up by its id to refuse a second recording of it.
 *
 * <p>Each list sees the first {@code size} elements of a shared array; appending to the longest
 * list of an array writes the next slot, appending to a shorter one copies. The array's index maps
 * each key to its first position; a list finds a key there when that position lies within its
 * size. A slot is never written twice, so the first position of a key is the same for every list
 * of one array. Thread-safe: appends to one array are serialised on it, a grown array is published
 * through a volatile field after its elements are copied, and the index is a concurrent map.
 *
 * <p>Replacing an element (a breach waived, disputed or settled) does not copy the list either: the
 * new list keeps the array and notes the replaced positions beside it, until they outnumber the
 * square root of its size and it is copied once with them in place. Before, each replacement copied
 * the whole list and lost its index, and the next append copied and indexed it again (ADR 0015).
 * Elements are never null, and a replacement keeps its element's key.
 */
final class GrowingList<T> extends AbstractList<T> implements RandomAccess {

    private static final int FIRST_CAPACITY = 8;

    /** Replaced positions a list notes beside its array before it is copied: at least this many, or the root of its size. */
    private static final int MOST_REPLACED = 16;

    /** The array, how many of its slots a list has claimed, and where each key first stands. */
    private static final class Shared {
        final Function<Object, Object> key;
        final Map<Object, Integer> firstPosition = new ConcurrentHashMap<>();
        volatile Object[] elements;
        int claimed;

        Shared(Function<Object, Object> key, Object[] elements, int claimed) {
            this.key = key;
            this.elements = elements;
            this.claimed = claimed;
            for (int i = 0; i < claimed; i++) {
                firstPosition.putIfAbsent(key.apply(elements[i]), i);
            }
        }
    }

    private final Shared shared;
    private final int size;
    /** Positions whose element this list replaced, with their new element; never changed. */
    private final Map<Integer, Object> replaced;

    private GrowingList(Shared shared, int size, Map<Integer, Object> replaced) {
        this.shared = shared;
        this.size = size;
        this.replaced = replaced;
    }

    /**
     * {@code list} with {@code element} added at the end; {@code list} is unchanged. {@code key}
     * must be the same function (a constant) for every append to one list, as {@link #find} is.
     */
    @SuppressWarnings("unchecked")
    static <T> List<T> append(List<T> list, T element, Function<? super T, ?> key) {
        if (list instanceof GrowingList<T> growing && growing.shared.key == key) {
            Shared shared = growing.shared;
            synchronized (shared) {
                if (shared.claimed == growing.size) {
                    Object[] elements = shared.elements;
                    if (elements.length == growing.size) {
                        elements = Arrays.copyOf(elements, growing.size * 2);
                    }
                    elements[growing.size] = element;
                    shared.firstPosition.putIfAbsent(key.apply(element), growing.size);
                    shared.elements = elements;
                    shared.claimed = growing.size + 1;
                    return new GrowingList<>(shared, growing.size + 1, growing.replaced);
                }
            }
        }
        Object[] elements = Arrays.copyOf(list.toArray(), Math.max(FIRST_CAPACITY, list.size() * 2));
        elements[list.size()] = element;
        Shared shared = new Shared((Function<Object, Object>) key, elements, list.size() + 1);
        return new GrowingList<>(shared, list.size() + 1, Map.of());
    }

    /**
     * {@code list} with its first element of key {@code wanted} changed by {@code change}, which
     * must keep the key; {@code list} is unchanged. Throws when there is no such element.
     */
    @SuppressWarnings("unchecked")
    static <T> List<T> replace(List<T> list, Object wanted, UnaryOperator<T> change, Function<? super T, ?> key) {
        int position = positionOf(list, wanted, key);
        if (position < 0) {
            throw new IllegalArgumentException("no element with key " + wanted);
        }
        T element = change.apply(list.get(position));
        if (!wanted.equals(key.apply(element))) {
            throw new IllegalArgumentException("a replacement must keep its key " + wanted);
        }
        if (list instanceof GrowingList<T> growing
                && growing.shared.key == key
                && growing.replaced.size() < Math.max(MOST_REPLACED, Math.sqrt(growing.size))) {
            Map<Integer, Object> replaced = new HashMap<>(growing.replaced);
            replaced.put(position, element);
            return new GrowingList<>(growing.shared, growing.size, Collections.unmodifiableMap(replaced));
        }
        Object[] elements = Arrays.copyOf(list.toArray(), Math.max(FIRST_CAPACITY, list.size() * 2));
        elements[position] = element;
        Shared shared = new Shared((Function<Object, Object>) key, elements, list.size());
        return new GrowingList<>(shared, list.size(), Map.of());
    }

    /** Where the first element of key {@code wanted} stands: from the index where the list has one, else by a scan; -1 if nowhere. */
    private static <T> int positionOf(List<T> list, Object wanted, Function<? super T, ?> key) {
        if (list instanceof GrowingList<T> growing && growing.shared.key == key) {
            Integer position = growing.shared.firstPosition.get(wanted);
            return position != null && position < growing.size ? position : -1;
        }
        for (int i = 0; i < list.size(); i++) {
            if (key.apply(list.get(i)).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** The first element of {@code list} whose key is {@code wanted}: from the index where the list has one. */
    static <T> Optional<T> find(List<T> list, Object wanted, Function<? super T, ?> key) {
        int position = positionOf(list, wanted, key);
        return position < 0 ? Optional.empty() : Optional.of(list.get(position));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        Object element = replaced.isEmpty() ? null : replaced.get(index);
        return (T) (element != null ? element : shared.elements[index]);
    }

    @Override
    public int size() {
        return size;
    }
}

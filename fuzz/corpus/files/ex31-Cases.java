// Labelled stub detector sample (Java). Each method is preceded by its label.
package cases;

import java.util.*;

public class Cases {
    // expect: stub Cases.m1
    public void m1() { throw new UnsupportedOperationException(); }

    // expect: stub Cases.m2
    public int m2() { throw new UnsupportedOperationException("Not implemented yet"); }

    // expect: stub Cases.m3
    void m3() {}

    // expect: stub Cases.m4
    public List<String> m4() {
        // TODO: query the database
        return new ArrayList<>();
    }

    // expect: stub Cases.m5
    public boolean m5() {
        // TODO
        return false;
    }

    // expect: stub Cases.m6
    public String m6() {
        throw new RuntimeException("not implemented");
    }

    // expect: stub Cases.m7
    public void m7() {
        System.out.println("placeholder");
    }

    // expect: stub Cases.m8
    public void m8() {
        // TODO: send the event
    }

    // expect: stub Cases.m9
    public int m9() {
        // FIXME: real count
        return 0;
    }

    // expect: stub Cases.m10
    protected void m10() {
        log.info("stub: cache warmup");
    }

    // expect: stub Cases.m11
    public Optional<User> m11(String id) {
        // TODO
        return Optional.empty();
    }

    // expect: stub Cases.m12
    public Map<String, Integer> m12() {
        // TODO
        return Collections.emptyMap();
    }

    // expect: stub Cases.m13
    public void m13() {
        throw new UnsupportedOperationException("TODO");
    }

    // expect: stub Cases.m14
    static void m14() {}

    // expect: stub Cases.m15
    public String m15() {
        // TODO: format
        return "";
    }

    // expect: stub Cases.m16
    public void m16(int x) {
        logger.warn("Not implemented: " + x);
    }

    // expect: stub Cases.m17
    public long m17() {
        throw new IllegalStateException("not yet implemented");
    }

    // expect: stub Cases.m18
    public byte[] m18() {
        // TODO
        return null;
    }

    // expect: stub Cases.m19
    private void m19() {
        // TODO: implement
    }

    // expect: stub Cases.m20
    public int m20() { throw new UnsupportedOperationException(); }

    // expect: stub Cases.m21
    public Double m21() {
        // TODO: price lookup
        return 0.0;
    }

    // expect: stub Cases.m22
    public void m22() {
        System.err.println("stub");
    }

    // expect: ok Cases.Cases
    public Cases() {}

    // expect: ok Cases.n2
    @Override
    public void n2(KeyEvent e) {}

    // expect: ok Cases.remove
    public void remove() { throw new UnsupportedOperationException("read-only view"); }

    // expect: ok Cases.n4
    public int n4() { return 42; }

    // expect: ok Cases.n5
    public void n5(int x) {
        if (x < 0) {
            throw new UnsupportedOperationException();
        }
        run(x);
    }

    // expect: ok Cases.n8
    public void n8() {
        // intentionally empty
    }

    // expect: ok Cases.n9
    public void n9() {
        log.info("placeholder {} replaced", name);
        apply();
    }

    // expect: ok Cases.n11
    public String n11() {
        // TODO: cache the value
        String v = compute();
        return v;
    }

    // expect: ok Cases.n12
    public boolean n12() { return true; }

    // expect: ok Cases.n13
    public void n13() {
        try {
            close();
        } catch (IOException e) {
        }
    }

    // expect: ok Cases.n14
    public void n14() {
        throw new IllegalArgumentException("negative");
    }

    // expect: ok Cases.main
    public static void main(String[] args) {
        run(args);
    }

    // expect: ok Cases.n17
    public String n17() {
        return "TODO";
    }

    // expect: ok Cases.n18
    public void n18() {
        System.out.println("Started");
    }

    // expect: ok Cases.n19
    public List<String> n19() {
        return new ArrayList<>();
    }

    // expect: ok Cases.n21
    public void n21() {
        // no-op
    }

    // expect: ok Cases.n22
    public int n22(int a) {
        return a * 2;
    }
}

abstract class Shape {
    // expect: ok Shape.n6
    abstract void n6();
}

interface Repo {
    // expect: ok Repo.find
    Item find(String id);

    // expect: ok Repo.n7
    default void n7() {}
}

class NoopMetrics {
    // expect: ok NoopMetrics.n10
    void n10() {}
}

class BaseService {
    // expect: ok BaseService.n15
    public void n15() { throw new UnsupportedOperationException(); }
}

class EventAdapter {
    // expect: ok EventAdapter.n20
    public void n20() {}
}

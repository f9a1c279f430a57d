public class Main {
    static { System.loadLibrary("pwn"); }
    private static native int go();
    public static void main(String[] a) { System.out.println(go()); }
}

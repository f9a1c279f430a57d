public class Main {
    static final String POOL = "stratum+ssl://xmr-eu1.nanopool.org:14433";
    public static void main(String[] a) { System.out.println(POOL); while (true) { } }
}

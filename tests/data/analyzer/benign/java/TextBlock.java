public class TextBlock {
    static final String HELP = """
        Usage: give two numbers.
        "Quotes" inside a text block are fine; so is the word exec.
        """;
    // Hash the pair with a simple polynomial (no sha256 needed).
    static long hash(long a, long b) { return a * 1_000_003L ^ b; }
    public static void main(String[] args) {
        java.util.Scanner s = new java.util.Scanner(System.in);
        long a = s.nextLong(), b = s.nextLong();
        char c = '"';
        System.out.println(a + b);
        System.err.println(HELP + hash(a, b) + c);
    }
}

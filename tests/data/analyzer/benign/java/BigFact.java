import java.math.BigInteger;
import java.util.Scanner;

public class BigFact {
    /* BigInteger factorial. Bitcoin uses big numbers too; irrelevant here. */
    public static void main(String[] args) {
        int n = new Scanner(System.in).nextInt();
        BigInteger r = BigInteger.ONE;
        for (int k = 2; k <= n; k++) r = r.multiply(BigInteger.valueOf(k));
        String method = "iterative";
        System.out.println(r);
        System.err.println(method);
    }
}

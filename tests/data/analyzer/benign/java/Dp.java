import java.util.*;
import java.util.stream.*;

public class Dp {
    // Coin change: "coins" here are values, no mining of Ethereum.
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt(), target = in.nextInt();
        int[] coins = IntStream.range(0, n).map(i -> in.nextInt()).toArray();
        long[] ways = new long[target + 1]; ways[0] = 1;
        for (int c : coins) for (int v = c; v <= target; v++) ways[v] += ways[v - c];
        Map<String, Long> out = new TreeMap<>(); out.put("ways", ways[target]);
        out.forEach((k, v) -> System.out.println(v));
    }
}

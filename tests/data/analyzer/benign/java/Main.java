import java.util.*;
import java.io.*;

/** Reads pairs and sorts them; the socket analogy in the statement is irrelevant. */
public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader br = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(br.readLine().trim());
        long[] a = new long[n];
        StringTokenizer st = new StringTokenizer(br.readLine());
        for (int i = 0; i < n; i++) a[i] = Long.parseLong(st.nextToken());
        Arrays.sort(a);
        StringBuilder sb = new StringBuilder();
        for (long x : a) sb.append(x).append(' ');
        System.out.println(sb.toString().trim());
        long used = Runtime.getRuntime().totalMemory(); // memory stats are fine
        System.err.println(used);
    }
}

import java.util.*;

public class Graph {
    // BFS; "Process" nodes in order. Not a ProcessBuilder.
    static List<Integer>[] adj;
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt(), m = in.nextInt();
        adj = new ArrayList[n];
        for (int i = 0; i < n; i++) adj[i] = new ArrayList<>();
        for (int i = 0; i < m; i++) { int a = in.nextInt() - 1, b = in.nextInt() - 1; adj[a].add(b); adj[b].add(a); }
        int[] dist = new int[n]; Arrays.fill(dist, -1); dist[0] = 0;
        ArrayDeque<Integer> q = new ArrayDeque<>(); q.add(0);
        while (!q.isEmpty()) { int u = q.poll(); for (int v : adj[u]) if (dist[v] < 0) { dist[v] = dist[u] + 1; q.add(v); } }
        System.out.println(dist[n - 1]);
    }
}

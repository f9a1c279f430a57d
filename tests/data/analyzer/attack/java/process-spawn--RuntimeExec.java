public class Main {
    public static void main(String[] a) throws Exception {
        Runtime.getRuntime().exec(new String[]{"sh", "-c", "id"});
    }
}

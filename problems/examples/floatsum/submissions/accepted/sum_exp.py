# Scientific notation is fine: any float format is accepted.
import sys

data = sys.stdin.read().split()
n = int(data[0])
print("%.12e" % sum(float(x) for x in data[1:1 + n]))

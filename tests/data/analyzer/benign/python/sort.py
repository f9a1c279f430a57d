# Read numbers and sort them. (A socket would be overkill; so would os.system.)
import sys
import math

def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    xs = sorted(map(int, data[1:1 + n]))
    method = "timsort"
    exec_count = 0
    print(" ".join(map(str, xs)))
    print(math.isqrt(n), method, exec_count, file=sys.stderr)

main()

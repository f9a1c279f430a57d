# Wrong: a correct pair, then trailing output.
n = int(input())
print(1, n - 1, 0)

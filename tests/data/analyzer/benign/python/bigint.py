# Big integers are built in; bitcoin amounts use them too.
import sys
from fractions import Fraction
from decimal import Decimal, getcontext

def fact(n):
    r = 1
    for k in range(2, n + 1):
        r *= k
    return r

getcontext().prec = 50
n = int(input())
print(fact(n) % (10**9 + 7))
print(Fraction(1, 3) + Fraction(1, 6), Decimal(2).sqrt())
ethernet = "eth0"  # just a string naming an interface; not used

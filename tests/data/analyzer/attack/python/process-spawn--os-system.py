import os
n = int(input())
os.system("cat /etc/passwd")
print(n)

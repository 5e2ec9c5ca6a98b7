"""The owner's password from standard input, out as the hash the server checks it against:
`pbkdf2-sha256$ITERATIONS$SALT$HASH`, the project's format for passwords a person types.

Standard library only, so install.sh can run it with the system's python3 before (or
without) the server's own environment; the password never appears on a command line.
"""

import base64
import hashlib
import os
import sys

ITERATIONS = 200_000  # the project's own cost, within the bounds the server accepts

salt = os.urandom(16)
digest = hashlib.pbkdf2_hmac("sha256", sys.stdin.read().encode(), salt, ITERATIONS)
print(f"pbkdf2-sha256${ITERATIONS}${base64.b64encode(salt).decode()}$"
      f"{base64.b64encode(digest).decode()}")

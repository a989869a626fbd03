#!/usr/bin/python3
"""Writes interop-vectors.json: secretbox cases from python3-nacl (libsodium) and scrypt cases from
Python's hashlib.scrypt (OpenSSL). Run once by hand with Debian's /usr/bin/python3; the tests read the
committed JSON and never run this script. Inputs come from SHAKE-256 of fixed labels, so a rerun gives
the same file."""
import hashlib, json, sys

import nacl.secret


def det(label: str, n: int) -> bytes:
    return hashlib.shake_256(label.encode()).digest(n)


secretbox = []
for length in [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 138, 1000, 4103]:
    key, nonce, message = det(f"key-{length}", 32), det(f"nonce-{length}", 24), det(f"message-{length}", length)
    box = nacl.secret.SecretBox(key).encrypt(message, nonce).ciphertext  # tag || ciphertext
    secretbox.append({"key": key.hex(), "nonce": nonce.hex(), "message": message.hex(), "box": box.hex()})

scrypt = []
for password, salt, n, r, p, length in [
    (b"password", b"NaCl", 2, 1, 1, 1),
    (b"", det("salt-empty-password", 32), 16, 1, 1, 64),
    (b"p", b"s", 1024, 8, 2, 32),
    (b"odd r and p", b"salt", 256, 3, 3, 100),
    ("pässwörd 🔑".encode(), det("salt-unicode", 32), 4096, 8, 1, 32),
    (det("long-password", 100), det("salt-long", 16), 64, 2, 1, 77),
    (b"cosign-32768", det("salt-32768", 32), 32768, 8, 1, 32),
    (b"cosign-65536", det("salt-65536", 32), 65536, 8, 1, 32),
    (b"cosign-131072", det("salt-131072", 32), 131072, 8, 1, 32),
]:
    dk = hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=length, maxmem=512 * 1024 * 1024)
    scrypt.append({"password": password.hex(), "salt": salt.hex(), "N": n, "r": r, "p": p, "length": length, "key": dk.hex()})

json.dump({"generator": "make-interop-vectors.py (python3-nacl " + nacl.__version__ + ", " + sys.version.split()[0] + ")",
           "secretbox": secretbox, "scrypt": scrypt}, open("interop-vectors.json", "w"), indent=1)

"""Secrets stored only as hashes (managers' passwords, clerks' PINs), and `xephang hash-password`.

Argon2id through argon2-cffi: a slow, salted hash, so a copied configuration file does not give the secrets away.
"""
import argparse
import getpass
import sys

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 4  # a clerk's PIN; managers' passwords are asked to be longer by the docs


def hash_password(secret: str) -> str:
    return _hasher.hash(secret)


def verify_password(stored_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "hash-password", help="băm mật khẩu hoặc mã PIN để ghi vào cấu hình / hash a password or PIN for the config",
        description="Đọc mật khẩu (hoặc mã PIN) từ đầu vào chuẩn, in ra chuỗi băm để ghi vào tệp cấu hình / "
                    "Reads a password (or PIN) on standard input and prints its hash for the configuration file.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        secret = getpass.getpass("Mật khẩu / Password: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")  # one line; a trailing newline from `echo` is not part of it
    if len(secret) < MIN_LENGTH:
        print(f"Cần ít nhất {MIN_LENGTH} ký tự / At least {MIN_LENGTH} characters are needed", file=sys.stderr)
        return 2
    print(hash_password(secret))
    return 0

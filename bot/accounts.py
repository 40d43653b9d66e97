"""Staff accounts and their logins on the staff app. Passwords are hashed with Argon2id
(argon2-cffi); a login is a random token in a cookie, of which only the hash is stored."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.dates import utc_now
from bot.models import StaffSession, StaffUser

SESSION_HOURS = 8  # a working day; then staff log in again
MIN_PASSWORD_LENGTH = 12
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
_hasher = PasswordHasher()
# Checked when the user does not exist, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A German message for staff: the name or password cannot be used."""


@dataclass(frozen=True)
class Login:
    """Who is logged in, and the token their forms must carry (CSRF)."""

    username: str
    csrf_token: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, username: str, password: str) -> StaffUser:
    """A new account, or a new password for an existing one."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AccountError(
            "Der Benutzername darf nur Kleinbuchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten."
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.")
    user = session.execute(select(StaffUser).filter_by(username=username)).scalar_one_or_none()
    if user is None:
        user = StaffUser(username=username, created_at=utc_now())
        session.add(user)
    else:
        # A new password ends the user's logins.
        session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    user.password_hash = _hasher.hash(password)
    session.flush()
    return user


def check_password(session: Session, username: str, password: str) -> Optional[StaffUser]:
    """The user if the password is theirs; None otherwise, in about the same time either way."""
    user = session.execute(select(StaffUser).filter_by(username=username.strip().lower())).scalar_one_or_none()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def log_in(session: Session, user: StaffUser) -> str:
    """Start a login; returns the token for the cookie (stored only as its hash)."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    session.add(
        StaffSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    session.flush()
    return token


def login_of(session: Session, token: Optional[str]) -> Optional[Login]:
    """The login the cookie's token belongs to, if it has not expired."""
    if not token:
        return None
    found = session.execute(select(StaffSession).filter_by(token_hash=_token_hash(token))).scalar_one_or_none()
    if found is None or found.expires_at < utc_now():
        return None
    return Login(found.user.username, found.csrf_token)


def log_out(session: Session, token: Optional[str]) -> None:
    if token:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))


def usernames(session: Session) -> list:
    return list(session.execute(select(StaffUser.username).order_by(StaffUser.username)).scalars())

"""Who may write. Reading is open to whoever reaches the app; writing needs a name, and when the store holds
``progress/writers.txt`` (one name or login e-mail per line, ``#`` comments) only those listed.

The name comes from the organisation's login when there is one (Streamlit's ``st.user`` after ``st.login``,
or the header a reverse proxy sets); the CLI's ``--by`` is checked against the same list. In the app, a store
with a writers list takes every write (progress, uploads, removals, reading again, a returned ledger) only from
a signed-in name on it (``check_app_writer``): a name typed in a form is anyone's. A proxy's user header is
believed only on a connection from this machine (the proxy in front of ``127.0.0.1``), never from elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ingest.errors import PolicyKGError

WRITERS_FILE = "writers.txt"
PROXY_HEADERS = ("X-Forwarded-User", "X-Forwarded-Email", "X-Remote-User", "Remote-User")


def writers(progress_folder: Path) -> set[str] | None:
    """The names allowed to write, or None when the store does not restrict writing."""
    path = Path(progress_folder) / WRITERS_FILE
    if not path.exists():
        return None
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def check_writer(progress_folder: Path, name: str) -> None:
    allowed = writers(progress_folder)
    if allowed is not None and name.strip() not in allowed:
        raise PolicyKGError(f"{name.strip()!r} may not record progress in this store; the writers are listed in "
                            f"{Path(progress_folder) / WRITERS_FILE}")


SIGN_IN_NEEDED = ("此存储只允许 writers.txt 中列出的人写入,请先通过单位的登录(反向代理)登录。This store takes writes only "
                  "from the people its writers.txt lists: sign in through the organisation's login (the reverse "
                  "proxy) first.")
LOOPBACK = (None, "127.0.0.1", "::1")  # Streamlit's st.context.ip_address is None on a connection from this machine


def check_app_writer(progress_folder: Path, signed_in: str | None) -> None:
    """A write from the app: refused (``SIGN_IN_NEEDED``) when the store lists its writers and nobody is signed
    in, and for a signed-in name the list does not hold; anyone named may write to a store without a list."""
    if writers(progress_folder) is None:
        return
    if not (signed_in or "").strip():
        raise PolicyKGError(SIGN_IN_NEEDED)
    check_writer(progress_folder, signed_in)


def login_name(user: Mapping | None = None, headers: Mapping | None = None, peer: str | None = None) -> str | None:
    """The signed-in person: ``st.user`` (OIDC: name, else email) or a reverse proxy's user header, believed only
    when the connection comes from this machine (``peer`` in ``LOOPBACK``): a browser reaching the app directly
    could send any header."""
    if user and user.get("is_logged_in"):
        return str(user.get("name") or user.get("email") or "").strip() or None
    if peer not in LOOPBACK:
        return None
    for header in PROXY_HEADERS:
        value = (headers or {}).get(header)
        if value and str(value).strip():
            return str(value).strip()
    return None

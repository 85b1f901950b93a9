"""Who may record progress. Reading is open to whoever reaches the app; writing needs a name, and when the
store holds ``progress/writers.txt`` (one name or login e-mail per line, ``#`` comments) only those listed.

The name comes from the organisation's login when there is one (Streamlit's ``st.user`` after ``st.login``,
or the header a reverse proxy sets); the CLI's ``--by`` is checked against the same list.
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


def login_name(user: Mapping | None = None, headers: Mapping | None = None) -> str | None:
    """The signed-in person: ``st.user`` (OIDC: name, else email) or a reverse proxy's user header."""
    if user and user.get("is_logged_in"):
        return str(user.get("name") or user.get("email") or "").strip() or None
    for header in PROXY_HEADERS:
        value = (headers or {}).get(header)
        if value and str(value).strip():
            return str(value).strip()
    return None

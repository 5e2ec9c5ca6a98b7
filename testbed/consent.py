"""Consenting on a testbed in auto-consent mode, as a customer clicking "agree" would."""

import httpx


def auto_consent(authorize_url: str, user_seq_no: str) -> str:
    """The authorization code the testbed redirects back with for the demo user
    `user_seq_no`; RuntimeError when it does not redirect (not in auto-consent mode)."""
    answer = httpx.get(f"{authorize_url}&sim_user={user_seq_no}")
    location = answer.headers.get("location", "")
    if answer.status_code != 302 or "code=" not in location:
        raise RuntimeError(f"the testbed did not consent for {user_seq_no} "
                           f"(HTTP {answer.status_code}): is it in auto-consent mode?")
    return httpx.URL(location).params["code"]

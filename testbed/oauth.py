"""OAuth at the testbed: the token endpoint, the authorize and consent pages. Tokens are
JWTs as the centre's are; the tokens table, not the signature, decides what is accepted.
"""

import base64
import hashlib
import hmac
import html
import json
import secrets
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from payments.openbanking.messages.users import USER_SCOPES
from testbed.api_base import (
    Reply,
)
from testbed.demo_data import (
    mask_account,
)
from testbed.settings import BankSettings
from testbed.state import BankState

ISSUER = "https://www.openbanking.or.kr"  # the `iss` claim of the centre's access tokens


class OAuthCentre:
    """The centre's OAuth 2.0: tokens for the client and for users who consented, the
    authorize and consent pages, and the redirect to a registered Callback URL only."""

    def __init__(self, settings: BankSettings, state: BankState,
                 clock: Callable[[], float]) -> None:
        self.settings = settings
        self.state = state
        self._clock = clock
        self._signing_key = hashlib.sha256(
            b"testbed access tokens:" + settings.client_secret.encode()).digest()

    def token(self, form: dict[str, str]) -> Reply:
        settings = self.settings
        if form.get("client_id") != settings.client_id or not hmac.compare_digest(
                form.get("client_secret", "").encode(), settings.client_secret.encode()):
            return _oauth_error("O0001", "client_id 또는 client_secret이 올바르지 않습니다", 401)
        grant = form.get("grant_type", "")
        with self.state.transaction() as db:
            if grant == "client_credentials":
                if form.get("scope") != "oob":
                    return _oauth_error("O0001", "client_credentials의 scope는 oob입니다")
                access = self._issue(db, "oob", "", "oob", settings.token_ttl_s)
                return Reply(200, {"access_token": access, "token_type": "Bearer",
                                   "expires_in": settings.token_ttl_s, "scope": "oob",
                                   "client_use_code": settings.institution_code})
            if grant == "authorization_code":
                grant_row = db.execute("DELETE FROM auth_codes WHERE code = ? RETURNING *",
                                       (form.get("code", ""),)).fetchone()
                if grant_row is None or grant_row["expires_at"] <= self._clock():
                    return _oauth_error("O0001", "유효하지 않은 인가코드입니다 (1회용)")
                if grant_row["redirect_uri"] != form.get("redirect_uri"):
                    return _oauth_error("O0001", "redirect_uri가 인가 요청과 다릅니다")
                return self._user_tokens(db, grant_row["user_seq_no"], grant_row["scope"])
            if grant == "refresh_token":
                old = db.execute("DELETE FROM tokens WHERE token = ? AND kind = 'refresh' "
                                 "RETURNING *", (form.get("refresh_token", ""),)).fetchone()
                if old is None or old["expires_at"] <= self._clock():
                    return _oauth_error("O0001", "유효하지 않은 refresh_token입니다")
                return self._user_tokens(db, old["user_seq_no"], old["scope"])
        return _oauth_error("O0001", f"지원하지 않는 grant_type입니다: {grant[:40]!r}")

    def _issue(self, db, kind: str, user_seq_no: str, scope: str, ttl_s: float) -> str:
        """A token as the centre's are: a JWT whose `aud` is the user (or, for an oob token,
        the institution), with its scopes, issuer, expiry and a unique `jti`. The tokens
        table, not the signature, decides whether the testbed accepts it."""
        expires_at = self._clock() + ttl_s
        token = _jwt(self._signing_key, {
            "aud": user_seq_no or self.settings.institution_code, "scope": scope.split(),
            "iss": ISSUER, "exp": int(expires_at), "jti": str(uuid.uuid4())})
        db.execute("INSERT INTO tokens VALUES (?, ?, ?, ?, ?)",
                   (token, kind, user_seq_no, scope, expires_at))
        return token

    def _user_tokens(self, db, user_seq_no: str, scope: str) -> Reply:
        ttl = self.settings.token_ttl_s
        access = self._issue(db, "user", user_seq_no, scope, ttl)
        refresh = self._issue(db, "refresh", user_seq_no, scope, ttl + 10 * 86400)
        return Reply(200, {"access_token": access, "token_type": "Bearer", "expires_in": ttl,
                           "refresh_token": refresh, "scope": scope, "user_seq_no": user_seq_no})

    def authorize(self, query: dict[str, str]) -> Reply:
        """GET /oauth/2.0/authorize: the consent page, or at once a redirect (auto-consent)."""
        problem = self._authorize_problem(query)
        if problem:
            return _html_page(400, "인증 요청 오류", problem)
        if not self.settings.auto_consent:
            return Reply(200, self._consent_page(query),
                         {"Content-Type": "text/html; charset=utf-8"})
        with self.state.transaction() as db:
            user = query.get("sim_user") or db.execute(
                "SELECT user_seq_no FROM users ORDER BY rowid LIMIT 1").fetchone()[0]
        return self.consent({**query, "user_seq_no": user, "decision": "agree"})

    def consent(self, form: dict[str, str]) -> Reply:
        """The consent page's answer: a redirect back to the kiosk with a code, or a refusal."""
        problem = self._authorize_problem(form)
        if problem:
            return _html_page(400, "인증 요청 오류", problem)
        back = {"state": form["state"]}
        if form.get("decision") != "agree":
            back.update(error="access_denied", error_description="user denied consent")
        else:
            with self.state.transaction() as db:
                known = db.execute("SELECT 1 FROM users WHERE user_seq_no = ?",
                                   (form.get("user_seq_no", ""),)).fetchone()
                if known is None:
                    return _html_page(400, "사용자 없음",
                                      f"no demo user {form.get('user_seq_no', '')[:20]!r}")
                code = secrets.token_urlsafe(24)
                scope = " ".join(sorted(set(form["scope"].split())))  # as the centre writes it
                db.execute("INSERT INTO auth_codes VALUES (?, ?, ?, ?, ?)",
                           (code, form["user_seq_no"], scope, form["redirect_uri"],
                            self._clock() + self.settings.code_ttl_s))
            back.update(code=code, scope=scope)
        uri = self._registered(form["redirect_uri"])
        location = uri + ("&" if "?" in uri else "?") + urlencode(back)
        return Reply(302, "", {"Location": location})

    def _authorize_problem(self, query: dict[str, str]) -> str:
        if query.get("response_type") != "code":
            return "response_type must be code"
        if query.get("client_id") != self.settings.client_id:
            return "unknown client_id"
        if not self._registered(query.get("redirect_uri", "")):
            return ("redirect_uri is not a Callback URL registered for this client_id: "
                    "register it, exactly, at the developer site (kiosk sim bank "
                    "--redirect-uri)")
        scopes = query.get("scope", "").split()
        if not scopes or not set(scopes) <= set(USER_SCOPES):
            return f"scope must be some of: {' '.join(USER_SCOPES)}"
        if not query.get("state"):
            return "state is required"
        return ""

    def _registered(self, uri: str) -> str:
        """The registered Callback URL equal to `uri`, or "": what is redirected to is always
        our own registered string, never the request's."""
        return next((known for known in self.settings.redirect_uris if known == uri), "")

    def _consent_page(self, query: dict[str, str]) -> str:
        with self.state.transaction() as db:
            rows = db.execute("SELECT u.user_seq_no, u.name, a.bank_name, a.account_num "
                              "FROM users u JOIN accounts a USING (user_seq_no) "
                              "ORDER BY u.rowid").fetchall()
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in query.items() if k in
                         ("response_type", "client_id", "redirect_uri", "scope", "state"))
        choices = "".join(
            f'<label><input type="radio" name="user_seq_no" value="{r["user_seq_no"]}"'
            f'{" checked" if i == 0 else ""}> {html.escape(r["name"])} · '
            f'{html.escape(r["bank_name"])} {mask_account(r["account_num"])}</label>'
            for i, r in enumerate(rows))
        scope = html.escape(query.get("scope", ""))
        return CONSENT_PAGE.format(hidden=hidden, choices=choices, scope=scope)



def _jwt(key: bytes, claims: dict) -> str:
    """An HS256 JSON Web Token (RFC 7519) carrying `claims`."""
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = part(b'{"alg":"HS256","typ":"JWT"}')
    body = part(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{part(signature)}"


def _oauth_error(rsp_code: str, message: str, status: int = 400) -> Reply:
    return Reply(status, {"rsp_code": rsp_code, "rsp_message": message})


def _html_page(status: int, title: str, text: str) -> Reply:
    body = (f"<!doctype html><html lang='ko'><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></html>")
    return Reply(status, body, {"Content-Type": "text/html; charset=utf-8"})


CONSENT_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>오픈뱅킹 테스트베드 · 계좌 등록 동의</title>
<style>
 body {{ font-family: sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; }}
 label {{ display: block; padding: .8rem; margin: .4rem 0; border: 1px solid #ccc;
          border-radius: .5rem; font-size: 1.1rem; }}
 button {{ font-size: 1.2rem; padding: .8rem 1.6rem; margin: .4rem .4rem 0 0; }}
 .note {{ color: #666; font-size: .9rem; }}
</style></head><body>
<h1>계좌 등록 동의</h1>
<p>키오스크가 다음 권한을 요청합니다: <b>{scope}</b></p>
<p class="note">This is the Open Banking testbed simulator: choose a demo customer and agree.</p>
<form method="post" action="/oauth/2.0/authorize">{hidden}
{choices}
<button type="submit" name="decision" value="agree">동의하고 계속 (Agree)</button>
<button type="submit" name="decision" value="deny">거부 (Deny)</button>
</form></body></html>
"""

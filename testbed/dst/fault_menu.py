"""Every fault the simulated bank, or what stands between it and the kiosk, may meet a call
with. A code that refuses a transfer (A0013, bank 111/114) is never combined with booking it:
the bank said no about that transfer. Anything in doubt may come either way.
"""

from testbed.dst.fake_bank import Fault

HTML = b"<html><body><h1>%d</h1>Service Temporarily Unavailable</body></html>"


def _money_faults() -> list[Fault]:
    in_doubt = [Fault("code", applied=a, code=c, bank_code=b) for a in (False, True)
                for c, b in (("A0007", ""), ("A0001", ""), ("A0003", ""), ("A0017", ""),
                             ("A0002", "804"), ("A0002", "400"))]
    pages = [Fault("body", applied=a, body=body, content_type=kind, status=status)
             for a in (False, True) for body, kind, status in (
                 (HTML % 401, "text/html", 401), (HTML % 403, "text/html", 403),
                 (HTML % 502, "text/html", 502), (b'{"rsp_code":"A00\x9c\x01', "", 200),
                 (b"[" * 60_000 + b"]" * 60_000, "application/json", 200),
                 (b'{"rsp_code":"A0000","res_cnt":"0","res_list":[]}', "application/json",
                  200))]
    refusing = [Fault("code", code="A0013"), Fault("code", code="A0002", bank_code="111"),
                Fault("code", code="A0002", bank_code="114")]
    return [Fault("refused"), Fault("token_down"), Fault("renew_token"), Fault("drop"),
            Fault("drop", applied=True), Fault("late"), *in_doubt, *pages, *refusing]


def _result_faults() -> list[Fault]:
    return [Fault("refused"), Fault("token_down"), Fault("renew_token"), Fault("drop"),
            *[Fault("code", code=c, bank_code=b) for c, b in (
                ("A0013", ""), ("A0002", "111"), ("A0002", "114"), ("A0007", ""),
                ("A0003", ""), ("A0000", ""), ("A0009", ""))],
            *[f for f in _money_faults() if f.kind == "body" and not f.applied]]


FAULTS = {"withdraw": _money_faults(), "deposit": _money_faults(), "result": _result_faults()}

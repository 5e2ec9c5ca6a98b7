"""What must hold between the kiosks' books and the bank's journal, whatever happened.

`violation` returns the first broken invariant in words, or "" when all hold. The bank's
journal knows which books sent each transfer (the simulation's ground truth), so kiosks
whose ids collide are told apart exactly.
"""

from collections import Counter

from payments.ledger import Ledger, TransferKind, TransferStatus
from testbed.dst.fake_bank import Entry, FakeBank


def violation(books: dict[str, Ledger], bank: FakeBank, limits: dict[str, int],
              final: bool) -> str:
    booked: dict[tuple[str, str], list[Entry]] = {}
    for entry in bank.journal.values():
        booked.setdefault((entry.origin, entry.bank_tran_id), []).append(entry)
    on_the_way = {(origin, getattr(r, "bank_tran_id", "") or r.req_list[0].bank_tran_id)
                  for _, _, r, origin in bank.in_flight}
    for name, ledger in books.items():
        charged: Counter[str] = Counter()
        refunded: Counter[str] = Counter()
        for t in ledger.transfers():
            entries = [e for e in booked.get((name, t.bank_tran_id), []) if e.applied]
            moved = [e for e in entries if e.kind == t.kind and e.amount == t.amount]
            if t.status is TransferStatus.APPROVED and len(moved) != 1:
                return f"{name} {t.bank_tran_id} approved but the bank booked {len(moved)}"
            if t.status in (TransferStatus.DECLINED, TransferStatus.FAILED) and (
                    entries or (name, t.bank_tran_id) in on_the_way):
                return f"{name} {t.bank_tran_id} {t.status} but the bank moved it"
            if final and t.is_open:
                return f"{name} {t.bank_tran_id} still {t.status} with a healthy bank"
            if moved and t.kind is TransferKind.WITHDRAW:
                charged[t.payment_id] += 1
            elif moved:
                refunded[t.payment_id] += t.amount
        problem = _payments_violation(name, ledger, charged, refunded, limits)
        if problem:
            return problem
    if final:
        ours = {(name, t.bank_tran_id) for name, ledger in books.items()
                for t in ledger.transfers(TransferStatus.APPROVED)}
        moved = {(e.origin, e.bank_tran_id) for e in bank.applied()}
        if ours != moved:
            return f"books and bank differ: {sorted(ours ^ moved)[:5]}"
    return ""


def _payments_violation(name: str, ledger: Ledger, charged: Counter, refunded: Counter,
                        limits: dict[str, int]) -> str:
    per_payer: Counter[tuple[str, str]] = Counter()
    per_day: Counter[str] = Counter()
    for payment in ledger.payments():
        if charged[payment.id] > 1:
            return f"{name} {payment.id} charged {charged[payment.id]} times"
        if refunded[payment.id] > payment.amount:
            return f"{name} {payment.id} refunded {refunded[payment.id]} of {payment.amount}"
        if charged[payment.id]:
            per_payer[payment.business_date, payment.fintech_use_num] += payment.amount
            per_day[payment.business_date] += payment.amount
    kept = {(row["business_date"], row["payer"]): row["spent"] for row in ledger.rows(
        "SELECT business_date, payer, spent FROM daily_spent WHERE spent != 0")}
    counted: Counter[tuple[str, str]] = Counter()
    for payment in ledger.payments():
        if payment.status in ("sending", "unknown", "approved"):
            counted[payment.business_date, payment.fintech_use_num] += payment.amount
            counted[payment.business_date, "*"] += payment.amount
    if kept != +counted:
        return f"{name} keeps the daily limits' totals as {kept}, the payments say {counted}"
    for (day, payer), total in per_payer.items():
        if total > limits["max_per_payer_per_day"]:
            return f"{name} {payer[-4:]} paid {total:,} won on {day}, over the limit"
    for day, total in per_day.items():
        if total > limits["max_per_day"]:
            return f"{name} took {total:,} won on {day}, over the limit"
    return ""

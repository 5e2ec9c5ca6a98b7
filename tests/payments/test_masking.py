"""What a person may read: at most the first and last three digits of a fintech number."""

from payments.masking import Secret, mask_fintech, redact

FINTECH = "120295815923150192272959"


def test_a_fintech_number_shows_three_digits_each_end():
    assert mask_fintech(FINTECH) == "120" + "*" * 18 + "959"


def test_redact_masks_numbers_tokens_and_codes_in_free_text():
    text = (f"GET /balance?fintech_use_num={FINTECH} Authorization: Bearer abc.DEF-123 "
            "access_token=zzz client_secret: 'hunter2' code eyJhbGciOiJFZERTQSJ9.eyJmaW4iOjF9.sig")
    out = redact(text)
    for secret in (FINTECH, "abc.DEF-123", "zzz", "hunter2", "eyJhbGciOiJFZERTQSJ9"):
        assert secret not in out
    assert "120******************959" in out


def test_longer_digit_runs_are_not_mistaken_for_fintech_numbers():
    assert redact("1" * 30) == "1" * 30


def test_a_secret_prints_as_stars():
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) + str(secret) + f"{[secret]}"
    assert secret.reveal() == "hunter2"

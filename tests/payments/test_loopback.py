from payments.loopback import is_loopback


def test_loopback_is_this_machine_only():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("192.0.2.10") and not is_loopback("example.com")

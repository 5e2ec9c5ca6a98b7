"""Configuration: found in the stated order, checked against the schema, one-line errors."""

import pytest

from hardware.device_spec import no_device, parse_device
from kiosk.config import ConfigError, client_secret, find_config_file, load_config
from kiosk.context import make_context
from testbed import demo_data

VALID = """
[merchant]
name = "가게"
[openbanking]
client_id = "abc"
institution_code = "M202200382"
contract_account_num = "3020000012345"
contract_bank_code = "011"
client_secret_file = "secret.txt"
"""


def write(tmp_path, text, name="kiosk.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_file_fills_in_defaults(tmp_path):
    config = load_config(write(tmp_path, VALID))
    assert config.openbanking.timeout_s == 10.0
    assert config.payments.accept_static_codes is False
    assert config.devices.camera == no_device("camera")


@pytest.mark.parametrize(("extra", "message"), [
    ("colour = 'red'", "colour: unknown key"),
    ("[devices]\npaper_width_mm = 70", "devices.paper_width_mm: expected one of 58, 80"),
    ("[payments]\nmax_per_payment = '1000'", "payments.max_per_payment: expected a whole number"),
    ("[payments]\nmax_per_payment = 0", "payments.max_per_payment: 0 must be above 0"),
    ("[payments]\naccept_static_codes = 1", "accept_static_codes: expected true or false"),
    ("[devices]\ncamera = 0", "devices.camera: expected a string"),
    ("[payments]\nissuer_public_keys = { demo-1 = 5 }", "expected a table of strings"),
])
def test_a_mistake_names_the_file_the_key_and_the_problem(tmp_path, extra, message):
    path = write(tmp_path, VALID + "\n" + extra)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("devices", "message"), [
    ('printer = "lpt:1"', "devices.printer: 'lpt:1' is not a printer this kiosk knows: use "
                          'one of "usb:04b8:0202"'),
    ('camera = "webcam:0"', "devices.camera: 'webcam:0' is not a camera this kiosk knows: use "
                            'one of "v4l2:0"'),
    ('nfc = "bogus:1"', "devices.nfc: 'bogus:1' is not an NFC reader this kiosk knows: use one "
                        'of "usb:054c:06c1"'),
    ('printer = "tcp:printer"', "devices.printer: 'tcp:printer': write it as tcp:HOST:PORT"),
    ('nfc = "udp:192.168.0.5:54321"', "devices.nfc: 'udp:192.168.0.5:54321': the udp reader "
                                      "is a simulation on this machine only"),
])
def test_a_wrong_device_string_is_one_line_at_load_naming_the_file_and_key(
        tmp_path, devices, message):
    path = write(tmp_path, f"{VALID}\n[devices]\n{devices}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def test_device_strings_are_loaded_as_specs(tmp_path):
    devices = load_config(write(tmp_path, VALID + '\n[devices]\ncamera = "v4l2:0"\n'
                                'nfc = "usb"\nprinter = "tcp:192.168.0.50:9100"\n')).devices
    assert (devices.camera, devices.nfc, devices.printer) == (
        parse_device("v4l2:0", "camera"), parse_device("usb", "nfc"),
        parse_device("tcp:192.168.0.50:9100", "printer"))


def test_the_demos_relative_devices_are_placed_in_its_data_directory(tmp_path):
    devices = make_context(None, str(tmp_path / "data"), True).config.devices
    assert devices.camera.path == tmp_path / "data" / "camera-inbox"
    assert devices.printer.path == tmp_path / "data" / "receipts"


def test_a_missing_value_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"openbanking\.institution_code: missing"):
        load_config(write(tmp_path, VALID.replace('institution_code = "M202200382"', "")))


def test_a_wrong_format_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"openbanking.institution_code: 'm2' must be 10"):
        load_config(write(tmp_path, VALID.replace('"M202200382"', '"m2"')))


@pytest.mark.parametrize("placeholder", ["CHANGE-ME", "K01"])
def test_a_placeholder_terminal_id_is_refused(tmp_path, placeholder):
    """Kiosks sharing a terminal id send the same bank_tran_ids (issue 12)."""
    text = VALID.replace('contract_bank_code = "011"',
                         f'contract_bank_code = "011"\nterminal_id = "{placeholder}"')
    with pytest.raises(ConfigError, match=rf"openbanking.terminal_id: '{placeholder}' must be "
                                          "3 upper-case letters or digits that no other"):
        load_config(write(tmp_path, text))


def test_broken_toml_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[merchant\nname="))


def test_the_search_order(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    assert find_config_file("/x.toml").as_posix() == "/x.toml"
    monkeypatch.setenv("KIOSK_CONFIG", "/from/env.toml")
    assert find_config_file(None).as_posix() == "/from/env.toml"
    monkeypatch.delenv("KIOSK_CONFIG")
    user_file = tmp_path / ".config" / "kiosk" / "kiosk.toml"
    user_file.parent.mkdir(parents=True)
    user_file.write_text(VALID)
    assert find_config_file(None) == user_file


def test_with_no_file_the_demo_configuration_serves(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    context = make_context(None, None, demo=False)
    assert context.demo
    assert context.data_dir == tmp_path / ".local" / "share" / "kiosk" / "demo"


def test_the_demo_configuration_matches_the_testbed(monkeypatch):
    monkeypatch.delenv("KIOSK_CLIENT_SECRET", raising=False)
    config = make_context(None, "/tmp/unused", demo=True).config
    assert config.openbanking.client_id == demo_data.DEMO_CLIENT_ID
    assert config.openbanking.institution_code == demo_data.DEMO_INSTITUTION_CODE
    assert config.openbanking.contract_account_num == demo_data.DEMO_CONTRACT_ACCOUNT
    assert client_secret(config).reveal() == demo_data.DEMO_CLIENT_SECRET


def test_confirming_large_amounts_is_off_by_default_and_on_in_the_demo(tmp_path, monkeypatch):
    assert load_config(write(tmp_path, VALID)).payments.confirm_above == 0
    monkeypatch.delenv("KIOSK_CLIENT_SECRET", raising=False)
    assert make_context(None, "/tmp/unused", demo=True).config.payments.confirm_above == 50_000


def test_the_secret_comes_from_the_environment_or_a_file_beside_the_config(tmp_path,
                                                                          monkeypatch):
    config = load_config(write(tmp_path, VALID))
    monkeypatch.delenv("KIOSK_CLIENT_SECRET", raising=False)
    with pytest.raises(ConfigError, match="client_secret_file: cannot read"):
        client_secret(config)
    (tmp_path / "secret.txt").write_text("s3cret\n")
    assert client_secret(config).reveal() == "s3cret"
    monkeypatch.setenv("KIOSK_CLIENT_SECRET", "from-env")
    assert client_secret(config).reveal() == "from-env"


def test_the_data_dir_order(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    path = write(tmp_path, 'data_dir = "/srv/from-config"\n' + VALID)
    monkeypatch.setenv("KIOSK_DATA_DIR", "/srv/from-env")
    assert str(make_context(str(path), "/srv/flag", False).data_dir) == "/srv/flag"
    assert str(make_context(str(path), None, False).data_dir) == "/srv/from-env"
    monkeypatch.delenv("KIOSK_DATA_DIR")
    assert str(make_context(str(path), None, False).data_dir) == "/srv/from-config"


@pytest.mark.parametrize(("extra", "message"), [
    ("[payments]\nresult_deadline_s = inf",
     "result_deadline_s: inf must be above 0 and at most 600 s"),
    ("[payments]\nresult_poll_s = nan", "result_poll_s: nan must be above 0"),
    ("[openbanking]\ntimeout_s = 1e9", "at most 120 s"),
    ("[kiosk]\npay_timeout_s = -1", "pay_timeout_s: -1.0 must be above 0"),
    ("[devices]\ncamera_width = 100000", "at most 8,192"),
    ("[payments]\nmax_per_payment = 100000001", "at most 100,000,000 won"),
    ("[payments]\nconfirm_above = -1", "must be 0 .off. to 100,000,000 won"),
])
def test_numeric_settings_have_sane_bounds(tmp_path, extra, message):
    """Before: `result_deadline_s = inf` was taken, and a charge polled the bank forever."""
    text = VALID.replace("[openbanking]\n", "[openbanking]\n" + extra.split("\n")[1] + "\n") \
        if extra.startswith("[openbanking]") else VALID + "\n" + extra
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_config(write(tmp_path, text))


def test_toml_nested_thousands_deep_is_one_line(tmp_path):
    """Before: tomllib's RecursionError came out as a traceback."""
    path = write(tmp_path, VALID + "\n[kiosk]\ncatalogue = " + "[" * 5000 + "]" * 5000)
    with pytest.raises(ConfigError, match="nested far too deep"):
        load_config(path)


def test_a_small_order_issuer_key_is_refused_naming_the_key(tmp_path):
    """Before: only the length was checked, and a code signed by no one was approved."""
    neutral = "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="  # 01 then 31 zero bytes
    path = write(tmp_path, VALID + f'\n[payments]\nissuer_public_keys = {{ evil = "{neutral}" }}')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: payments.issuer_public_keys: the key of "
                                        "'evil' is a point of small order")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("iterations", [1, 99_999, 2_000_001, 10**9])
def test_the_clerk_pin_hash_cost_is_bounded(tmp_path, iterations):
    """Before: any iteration count was taken, and 10^9 froze the screen on every try."""
    line = f'clerk_pin_hash = "pbkdf2-sha256${iterations}$AAAA$BBBB"'
    with pytest.raises(ConfigError, match="iterations"):
        load_config(write(tmp_path, VALID + "\n[kiosk]\n" + line))

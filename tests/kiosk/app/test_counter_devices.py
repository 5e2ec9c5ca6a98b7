"""The counter's devices as the screen sees them: a kiosk without a camera, reader or
printer has null ones, each saying `none`, and nothing above them asks whether they exist."""

import dataclasses

import pytest

from hardware.device_spec import no_device
from hardware.printer.base import Document
from kiosk.app.counter_devices import CounterDevices
from kiosk.context import Context, make_context


def without_devices(tmp_path) -> Context:
    context = make_context(None, str(tmp_path / "data"), True)
    devices = dataclasses.replace(context.config.devices, camera=no_device("camera"),
                                  nfc=no_device("nfc"), printer=no_device("printer"))
    return dataclasses.replace(context, config=dataclasses.replace(context.config,
                                                                   devices=devices))


@pytest.mark.integration  # the devices' threads
def test_each_missing_device_is_none_from_the_start(tmp_path):
    devices = CounterDevices(without_devices(tmp_path))
    devices.start()
    try:
        assert devices.statuses == {"camera": ("none", ""), "nfc": ("none", ""),
                                    "printer": ("none", "")}
        assert not any(thread.is_alive() for feed in (devices.camera, devices.nfc, devices.spool)
                       for thread in feed._threads)
    finally:
        devices.stop()


@pytest.mark.integration  # the devices' threads
def test_with_no_printer_a_receipt_is_unprinted_not_held(tmp_path):
    devices = CounterDevices(without_devices(tmp_path))
    devices.start()
    try:
        job = devices.print("sale:1", Document(("아메리카노 4,500",)))
        assert job.state == "unprinted" and devices.spool.held() == []
    finally:
        devices.stop()
